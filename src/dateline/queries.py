"""Queries over the event store: events, contacts between two parties, timelines, networks, counts.

Every function takes an open ``Store`` and returns plain rows (dicts); user values only ever travel as
SQL parameters. Merged events (``merge.py``) are the default unit; ``raw=True`` gives per-article rows.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Sequence
from xml.sax.saxutils import quoteattr

from . import query_tables
from .errors import StoreError
from .merge import has_tables
from .model import modality_filter
from .store import Store

CONTACT_TYPES = ("CONSULT",)
# How precisely an event's place is known (places.resolve_places): as ACLED and GDELT grade it.
PRECISIONS = ("place", "near", "district", "region", "country", "context")
_MERGED_COLUMNS = ("id, date, type, mode, source_actor, target_actor, location_name, modality, n_sources, "
                   "outlets, sentence")
_RAW_COLUMNS = ("id, article_id, date, type, mode, source_actor, target_actor, location_name, modality, "
                "outlet, sentence")


@dataclass(frozen=True)
class Party:
    """One side of a query: an actor id, a country, or a country holding a role ("USA:DEF")."""

    actor: str | None = None
    country: str | None = None
    role: str | None = None

    @property
    def label(self) -> str:
        return self.actor or ":".join(p for p in (self.country, self.role) if p) or "?"

    def where(self, side: str) -> tuple[str, list[Any]]:
        """SQL condition (and its parameters) for this party on the side ``source`` or ``target``."""
        if self.actor:
            return f"{side}_actor = ?", [self.actor]
        if self.role:
            return f"({side}_country = ? AND list_contains({side}_roles, ?))", [self.country, self.role]
        return f"{side}_country = ?", [self.country]


def _rows(store: Store, sql: str, params: Sequence[Any]) -> list[dict[str, Any]]:
    cursor = store.db.execute(sql, list(params))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def _table(store: Store, raw: bool) -> str:
    if raw:
        return "events"
    if not has_tables(store):
        raise StoreError(f"{store.path}: no merged events yet; run `dateline merge` (or ingest) first")
    return "merged_events"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def resolve(store: Store, text: str) -> Party:
    """A party from what a user typed: "USA", "USA:DEF", an actor id, or a name (via the knowledge base)."""
    text = text.strip()
    if re.fullmatch(r"[A-Za-z]{3}:[A-Za-z]{2,4}", text):
        country, role = text.split(":")
        return Party(country=country.upper(), role=role.upper())
    if re.fullmatch(r"[A-Z]{3}", text) or text == "IGO":
        return Party(country=text)
    candidates = [text, _slug(text)]
    from .actors.kb import load_kb

    candidates.append(load_kb().canonical_id(text))
    for actor in dict.fromkeys(c for c in candidates if c):
        if store.db.execute("SELECT 1 FROM events WHERE source_actor = ? OR target_actor = ? LIMIT 1",
                            [actor, actor]).fetchone():
            return Party(actor=actor)
    named = store.db.execute(
        "SELECT a ->> 'id' FROM (SELECT unnest(from_json(actors, '[\"json\"]')) AS a FROM articles) "
        "WHERE lower(a ->> 'name') = lower(?) OR list_contains(from_json(a -> 'aliases', '[\"varchar\"]'), ?) "
        "LIMIT 1", [text, text]).fetchone()
    return Party(actor=named[0] if named else candidates[-1])


def place_point(name: str) -> tuple[float, float] | None:
    """The point of a place name ("Kherson"), as the gazetteer's best-known place of that name, for
    ``--near PLACE``."""
    from .places import locate

    place = locate(name)
    return (place.lat, place.lon) if place else None


def _either(party: Party) -> tuple[str, list[Any]]:
    s_sql, s_params = party.where("source")
    t_sql, t_params = party.where("target")
    return f"({s_sql} OR {t_sql})", s_params + t_params


def _filters(store: Store, raw: bool, *, actor: str | None = None, country: str | None = None,
             role: str | None = None, type: str | None = None, mode: str | None = None,
             since: date | None = None, until: date | None = None, place: str | None = None,
             near: tuple[float, float] | None = None, km: float = 50.0,
             precision: str | Sequence[str] | None = None, modality: str | None = "asserted",
             outlet: str | None = None, text: str | None = None, min_confidence: float | None = None,
             table: str | None = None) -> tuple[list[str], list[Any]]:
    """SQL conditions (and their parameters) for the filters, on ``events`` if ``raw``, else on
    ``merged_events`` or (``table``) its sorted copy ``merged_search``."""
    where: list[str] = []
    params: list[Any] = []

    def add(sql: str, *values: Any) -> None:
        where.append(sql)
        params.extend(values)

    if actor:
        sql, values = _either(resolve(store, actor))
        add(sql, *values)
    if country:
        add("(source_country = ? OR target_country = ? OR location_country = ?)", country, country, country)
    if role:
        add("(list_contains(source_roles, ?) OR list_contains(target_roles, ?))", role.upper(), role.upper())
    if type:
        add("type = ?", type.upper())
    if mode:
        add("mode = ?", mode)
    if since:
        add("date_end >= ?", since)
    if until:
        add("date_start <= ?", until)
    if place:
        add("contains(lower(location_name), lower(?))", place)
    if near:
        # A box around the circle first (cheap, and it spares most rows the great-circle formula), then the
        # circle itself; the longitude box only where it does not cross the antimeridian or a pole.
        reach = km / 111.0
        add("lat BETWEEN ? AND ?", near[0] - reach, near[0] + reach)
        spread = reach / max(math.cos(math.radians(min(abs(near[0]) + reach, 89.9))), 1e-6)
        if spread < 180 and -180 <= near[1] - spread and near[1] + spread <= 180:
            add("lon BETWEEN ? AND ?", near[1] - spread, near[1] + spread)
        add("2 * 6371 * asin(sqrt(pow(sin(radians(lat - ?) / 2), 2) + cos(radians(?)) * cos(radians(lat)) "
            "* pow(sin(radians(lon - ?) / 2), 2))) <= ?", near[0], near[0], near[1], km)
    if precision:
        wanted = precision_list(precision)
        if raw:
            add("list_contains(?, location_precision)", wanted)
        else:  # merged events: one of the reports placed it this precisely
            add("id IN (SELECT em.merged_id FROM event_members em JOIN events e ON e.id = em.event_id "
                "WHERE list_contains(?, e.location_precision))", wanted)
    modality = modality_filter(modality)
    if modality:
        add("modality = ?", modality)
    if outlet:
        add("contains(lower(outlet), lower(?))" if raw else
            "contains(lower(array_to_string(outlets, chr(31))), lower(?))", outlet)
    if text:
        add("contains(lower(sentence), lower(?))" if raw else "contains(search_text, lower(?))"
            if table == query_tables.SEARCH else "contains(lower(array_to_string(sentences, chr(31))), lower(?))",
            text)
    if min_confidence is not None:
        add("confidence >= ?", min_confidence)
    return where, params


def precision_list(precision: str | Sequence[str]) -> list[str]:
    """The precisions of place asked for ("place,near" or a list), checked against ``PRECISIONS``."""
    items = precision.split(",") if isinstance(precision, str) else precision
    wanted = [p.strip().lower() for p in items if p and p.strip()]
    unknown = set(wanted) - set(PRECISIONS)
    if unknown:
        raise StoreError(f"unknown precision {', '.join(sorted(unknown))}: use {', '.join(PRECISIONS)}")
    return wanted


def events(store: Store, *, raw: bool = False, limit: int = 100, after: str | None = None,
           **filters: Any) -> list[dict[str, Any]]:
    """Events matching the filters (see ``_filters``), by date then id; merged unless ``raw``.
    ``after``: the id of the last event of the previous page (keyset paging: pages never overlap or skip)."""
    search = None if raw else query_tables.SEARCH if query_tables.ready(store.db) else None
    table = "merged_events" if search else _table(store, raw)
    where, params = _filters(store, raw, table=search, **filters)
    start: date | None = None
    if after is not None:
        sql, values = _after(store, table, "date_start", after, descending=False)
        where.append(sql)
        params.extend(values)
        start = values[0] if len(values) == 3 else None
    # Two steps: the page's ids from the narrow sort keys, then its rows by id (the primary-key index), so
    # the wide columns of a million rows are never carried through the sort.
    if search and not filters.get("precision"):
        ids = _ids_by_date_window(store, where, params, limit, start, after_undated=after is not None and start is None)
    else:
        ids = [row[0] for row in store.db.execute(
            f"SELECT id FROM {search or table} WHERE {' AND '.join(where) or 'true'} "
            "ORDER BY date_start NULLS LAST, id LIMIT ?", params + [limit]).fetchall()]
    if not ids:
        return []
    sql = (f"SELECT {_RAW_COLUMNS if raw else _MERGED_COLUMNS} FROM {table} "
           f"WHERE id IN ({', '.join('?' for _ in ids)}) ORDER BY date_start NULLS LAST, id")
    return _rows(store, sql, ids)


def _ids_by_date_window(store: Store, where: list[str], params: list[Any], limit: int, start: date | None,
                        after_undated: bool) -> list[str]:
    """The first ``limit`` ids of ``merged_search`` (sorted by date) meeting ``where``, in the order
    (date_start NULLS LAST, id), read one date window at a time from ``start`` (else the first date), the
    first window a 64th of the dates, the next four times as long, the last reaching to the end and the
    undated events: a page of common events reads a few weeks of rows, a rare one no more than one pass
    and two short ones. (One window of a 32nd, then the rest, made a word search that filled its page
    in seven weeks read the whole store: 64-88 ms -> 240-350 ms.)"""
    condition = " AND ".join(where) or "true"
    ids: list[str] = []
    first, last = store.db.execute(f"SELECT min(date_start), max(date_start) FROM {query_tables.SEARCH}").fetchone()
    begin = None if first is None or after_undated else max(first, start) if start else first
    span = max(1, (last - first).days // 64) if first is not None else 0
    for _ in range(2):  # two bounded windows, then the rest
        if begin is None or begin > last or len(ids) >= limit:
            break
        end = begin + timedelta(days=span)
        ids += [row[0] for row in store.db.execute(
            f"SELECT id FROM {query_tables.SEARCH} WHERE {condition} AND date_start >= ? AND date_start < ? "
            "ORDER BY date_start, id LIMIT ?", params + [begin, end, limit - len(ids)]).fetchall()]
        begin, span = end, span * 4
    if len(ids) < limit:
        rest, values = ("(date_start >= ? OR date_start IS NULL)", [begin]) if begin is not None else \
            ("date_start IS NULL", [])
        ids += [row[0] for row in store.db.execute(
            f"SELECT id FROM {query_tables.SEARCH} WHERE {condition} AND {rest} ORDER BY date_start NULLS LAST, id "
            "LIMIT ?", params + values + [limit - len(ids)]).fetchall()]
    return ids


def _after(store: Store, table: str, column: str, after: str, descending: bool) -> tuple[str, list[Any]]:
    """The condition for rows after the row ``after`` in the order (column NULLS LAST, id); ``table`` and
    ``column`` are names from the code, never from input."""
    row = store.db.execute(f"SELECT {column} FROM {table} WHERE id = ?", [after]).fetchone()
    if row is None:
        raise StoreError(f"unknown cursor {after!r}: not an id in {table}")
    if row[0] is None:
        return "(" + column + " IS NULL AND id > ?)", [after]
    later = "<" if descending else ">"
    return f"({column} {later} ? OR {column} IS NULL OR ({column} = ? AND id > ?))", [row[0], row[0], after]


def histogram(store: Store, *, raw: bool = False, **filters: Any) -> list[dict[str, Any]]:
    """How many events matching the filters start in each month (``month`` as YYYY-MM, ``events``)."""
    table = _table(store, raw)
    where, params = _filters(store, raw, **filters)
    sql = (f"SELECT strftime(date_start, '%Y-%m') AS month, count(*) AS events FROM {table} "
           f"WHERE {' AND '.join(where + ['date_start IS NOT NULL'])} GROUP BY month ORDER BY month")
    return _rows(store, sql, params)


def places(store: Store, *, cell_degrees: float = 0.0, limit: int = 5000, **filters: Any) -> list[dict[str, Any]]:
    """Merged events matching the filters that have a place, grouped by place (or by grid cell of
    ``cell_degrees`` for a clustered map): lat, lon, name, country, events, the first event's id."""
    table = _table(store, raw=False)
    where, params = _filters(store, False, **filters)
    where.append("lat IS NOT NULL AND lon IS NOT NULL")
    if cell_degrees > 0:
        key = "round(lat / ?) , round(lon / ?)"
        keys: list[Any] = [cell_degrees, cell_degrees]
    else:
        key, keys = "lat, lon", []
    features = ("(SELECT lat, lon, min(location_feature) AS feature FROM events WHERE lat IS NOT NULL "
                "GROUP BY lat, lon)")  # merged rows keep a member's coordinates, so they meet exactly
    sql = (f"SELECT avg(lat) AS lat, avg(lon) AS lon, min(location_name) AS name, "
           f"min(location_country) AS country, min(feature) AS feature, count(*) AS events, min(id) AS first_id "
           f"FROM {table} LEFT JOIN {features} USING (lat, lon) "
           f"WHERE {' AND '.join(where)} GROUP BY {key} ORDER BY events DESC, first_id LIMIT ?")
    return _rows(store, sql, params + keys + [limit])


def counterparts(store: Store, actor: str, *, limit: int = 20, modality: str | None = "asserted") -> list[dict[str, Any]]:
    """Who an actor deals with most: the other side of its merged events, with counts by event type."""
    _table(store, raw=False)
    party = resolve(store, actor)
    s_sql, s_params = party.where("source")
    t_sql, t_params = party.where("target")
    sql = (f"SELECT other, sum(n)::INTEGER AS events, string_agg(type || ' ' || n, ', ' ORDER BY n DESC, type) AS types "
           f"FROM (SELECT CASE WHEN {s_sql} THEN coalesce(target_actor, target_country) "
           f"ELSE coalesce(source_actor, source_country) END AS other, type, count(*) AS n FROM merged_events "
           f"WHERE ({s_sql} OR {t_sql}) AND (? IS NULL OR modality = ?) GROUP BY ALL) "
           f"WHERE other IS NOT NULL GROUP BY other ORDER BY events DESC, other LIMIT ?")
    modality = modality_filter(modality)
    return _rows(store, sql, s_params + s_params + t_params + [modality, modality, limit])


def actor_profile(store: Store, actor: str) -> dict[str, Any]:
    """What the store and the knowledge base say about one actor: id, names, country, roles, offices held."""
    party = resolve(store, actor)
    profile: dict[str, Any] = {"query": actor, "id": party.actor, "country": party.country, "role": party.role,
                               "names": [], "kind": None, "roles": [], "offices": [], "articles": 0}
    if party.actor:
        row = store.db.execute(
            "SELECT list(DISTINCT a ->> 'name' ORDER BY a ->> 'name'), any_value(a ->> 'kind'), "
            "any_value(a ->> 'country'), list(DISTINCT r ORDER BY r), count(DISTINCT id) FROM (SELECT id, a, "
            "unnest(coalesce(from_json(a -> 'roles', '[\"varchar\"]'), [NULL])) AS r FROM (SELECT id, "
            "unnest(from_json(actors, '[\"json\"]')) AS a FROM articles)) WHERE a ->> 'id' = ?",
            [party.actor]).fetchone()
        names, kind, country, roles, articles = row
        profile.update(names=[n for n in names or [] if n], kind=kind, country=country or party.country,
                       roles=[r for r in roles or [] if r], articles=articles)
        from .actors.kb import load_kb

        kb = load_kb()
        for name in profile["names"][:5]:
            offices = [r for r in kb.person(name) if r["id"] == party.actor]
            if offices:
                profile["offices"] = [{"office": r["office"], "title": r["title"], "country": r["country"],
                                       "start": r["start"], "end": r["end"]} for r in offices]
                profile["names"] = sorted(set(profile["names"]) | {offices[0]["name"], *offices[0]["aliases"]})
                break
    return profile


def contacts(store: Store, a: str, b: str, *, since: date | None = None, until: date | None = None,
             before: date | None = None, modality: str = "asserted", undated: bool = False,
             types: Sequence[str] = CONTACT_TYPES) -> list[dict[str, Any]]:
    """Contacts (CONSULT-type merged events) between A and B in either direction, with gaps and sources.

    ``gap_days`` counts from the previous contact on record; ``n`` numbers the contacts from ``since``.
    ``before`` keeps only the last contact before that date. Events dated only by their article's
    publication date are left out unless ``undated``.
    """
    pa, pb = resolve(store, a), resolve(store, b)
    modality = modality_filter(modality)
    common = [list(types), undated, modality, modality]
    columns = ("id, date, date_precision, date_start, type, mode, source_actor, target_actor, n_sources, outlets, "
               "article_ids, urls")
    kept = ("list_contains(?::VARCHAR[], type) AND date_start IS NOT NULL AND (date_precision IS NOT NULL OR ?) "
            "AND (? IS NULL OR modality = ?)")
    if pa.actor and pb.actor and query_tables.ready(store.db):
        # Two actors: their contacts are adjacent rows of the copy sorted by actor pair.
        pair = query_tables.PAIR_SQL.format(a="$1::VARCHAR", b="$2::VARCHAR")  # a constant: zone maps skip the rest
        sql = (f"SELECT {columns} FROM {query_tables.DYADS} WHERE pair = {pair} AND ((source_actor = $1 AND "
               "target_actor = $2) OR (source_actor = $2 AND target_actor = $1)) AND list_contains($3::VARCHAR[], "
               "type) AND date_start IS NOT NULL AND (date_precision IS NOT NULL OR $4) AND ($5 IS NULL OR "
               "modality = $5) ORDER BY date_start, id")
        history = _rows(store, sql, [pa.actor, pb.actor, list(types), undated, modality])
    else:
        _table(store, raw=False)
        (sa, spa), (tb, tpb) = pa.where("source"), pb.where("target")
        (sb, spb), (ta, tpa) = pb.where("source"), pa.where("target")
        # One direction per branch (not an OR), so each can use the index on an actor column; a contact that
        # both branches find (parties that overlap, as USA and USA:DEF) is kept once.
        branch = f"SELECT {columns} FROM merged_events WHERE {{}} AND {{}} AND {kept}"
        sql = f"{branch.format(sa, tb)} UNION ALL {branch.format(sb, ta)} ORDER BY date_start, id"
        history = list({r["id"]: r for r in _rows(store, sql, spa + tpb + common + spb + tpa + common)}.values())
    previous: date | None = None
    for row in history:
        row["gap_days"] = (row["date_start"] - previous).days if previous else None
        previous = row["date_start"]
    if before:
        earlier = [r for r in history if r["date_start"] < before]
        history = earlier[-1:]
    rows = [r for r in history if (since is None or r["date_start"] >= since)
            and (until is None or r["date_start"] <= until)]
    return [{"n": i, "date": r["date"], "date_start": r["date_start"], "gap_days": r["gap_days"], "id": r["id"], "mode": r["mode"],
             "source_actor": r["source_actor"], "target_actor": r["target_actor"], "n_sources": r["n_sources"],
             "outlets": r["outlets"], "article_ids": r["article_ids"], "urls": r["urls"]}
            for i, r in enumerate(rows, 1)]


def event(store: Store, event_id: str) -> dict[str, Any] | None:
    """One merged event, found by its id or by the id (or a unique prefix) of any report of it, with
    every report: the article's title, outlet and url, the sentence and the words of each argument."""
    _table(store, raw=False)
    # An exact id first, each by its primary key ("a-e1" is also the prefix of "a-e10"), then a prefix.
    found = (store.db.execute("SELECT merged_id FROM event_members WHERE event_id = ?", [event_id]).fetchall()
             or store.db.execute("SELECT id FROM merged_events WHERE id = ?", [event_id]).fetchall()
             or store.db.execute("SELECT DISTINCT merged_id FROM event_members WHERE starts_with(event_id, ?) "
                                 "LIMIT 2", [event_id]).fetchall())
    if len(found) != 1:
        return None
    merged = _rows(store, "SELECT * FROM merged_events WHERE id = ?", found[0])[0]
    merged["reports"] = _rows(store, (
        "SELECT e.id, e.article_id, a.title, e.outlet, e.url, e.published, a.origin, e.type, e.mode, "
        "e.source_actor, e.source_text, e.target_actor, e.target_text, e.date, e.date_text, e.location_name, "
        "e.modality, e.sentence, e.span_start, e.span_end, e.cameo, e.date_precision, e.location_feature, "
        "e.attribution, e.confidence FROM event_members m JOIN events e ON e.id = m.event_id "
        "JOIN articles a ON a.id = e.article_id WHERE m.merged_id = ? "
        "ORDER BY e.published NULLS LAST, e.article_id, m.rank"), found[0])
    return merged


def timeline(store: Store, actor: str, *, since: date | None = None, until: date | None = None,
             type: str | None = None, modality: str | None = "asserted", raw: bool = False,
             limit: int = 1000) -> list[dict[str, Any]]:
    """Events involving one actor (id, name, country or COUNTRY:ROLE), by date."""
    table = _table(store, raw)
    party = resolve(store, actor)
    where_sql, params = _either(party)
    where, more = _filters(store, raw, type=type, since=since, until=until, modality=modality)
    sql = (f"SELECT date, type, mode, source_actor, target_actor, location_name, "
           f"{'outlet' if raw else 'n_sources, outlets'}, sentence, id FROM {table} "
           f"WHERE {' AND '.join([where_sql] + where)} ORDER BY date_start NULLS LAST, id LIMIT ?")
    return _rows(store, sql, params + more + [limit])


def network(store: Store, *, type: str | None = None, since: date | None = None, until: date | None = None,
            modality: str | None = "asserted", reciprocal: Sequence[str] = ("CONSULT", "AGREE", "COOPERATE"),
            raw: bool = False, limit: int | None = None) -> list[dict[str, Any]]:
    """Dyad counts by event type (source, target, type, events); reciprocal types count A-B and B-A together;
    the ``limit`` busiest only, if given."""
    table = _table(store, raw)
    where, params = _filters(store, raw, type=type, since=since, until=until, modality=modality)
    sql = (f"SELECT CASE WHEN recip THEN least(s, t) ELSE s END AS source, "
           f"CASE WHEN recip THEN greatest(s, t) ELSE t END AS target, type, count(*) AS events "
           f"FROM (SELECT coalesce(source_actor, source_country) AS s, coalesce(target_actor, target_country) AS t, "
           f"type, type IN (SELECT unnest(?::VARCHAR[])) AS recip FROM {table} "
           f"WHERE {' AND '.join(where + ['(source_actor IS NOT NULL OR source_country IS NOT NULL)'])}) "
           f"WHERE t IS NOT NULL AND s IS NOT NULL GROUP BY ALL ORDER BY events DESC, source, target, type LIMIT ?")
    return _rows(store, sql, [list(reciprocal)] + params + [limit if limit is not None else 2**62])


def write_graph(rows: list[dict[str, Any]], path: str | Path) -> Path:
    """Write network rows as GraphML (.graphml), GEXF (.gexf) or JSON (anything else)."""
    path = Path(path)
    nodes = sorted({r["source"] for r in rows} | {r["target"] for r in rows})
    if path.suffix == ".graphml":
        lines = ['<?xml version="1.0" encoding="UTF-8"?>',
                 '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
                 '<key id="type" for="edge" attr.name="type" attr.type="string"/>',
                 '<key id="weight" for="edge" attr.name="weight" attr.type="int"/>',
                 '<graph id="dateline" edgedefault="directed">']
        lines += [f"<node id={quoteattr(n)}/>" for n in nodes]
        lines += [f'<edge source={quoteattr(r["source"])} target={quoteattr(r["target"])}>'
                  f'<data key="type">{r["type"]}</data><data key="weight">{r["events"]}</data></edge>' for r in rows]
        lines += ["</graph>", "</graphml>"]
    elif path.suffix == ".gexf":
        lines = ['<?xml version="1.0" encoding="UTF-8"?>',
                 '<gexf xmlns="http://gexf.net/1.3" version="1.3"><graph defaultedgetype="directed">',
                 '<attributes class="edge"><attribute id="0" title="type" type="string"/></attributes><nodes>']
        lines += [f"<node id={quoteattr(n)} label={quoteattr(n)}/>" for n in nodes]
        lines.append("</nodes><edges>")
        lines += [f'<edge id="{i}" source={quoteattr(r["source"])} target={quoteattr(r["target"])} '
                  f'weight="{r["events"]}"><attvalues><attvalue for="0" value={quoteattr(r["type"])}/>'
                  f"</attvalues></edge>" for i, r in enumerate(rows)]
        lines += ["</edges></graph></gexf>"]
    else:
        lines = [json.dumps({"nodes": [{"id": n} for n in nodes],
                             "edges": [dict(r) for r in rows]}, ensure_ascii=False, indent=1)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def stats(store: Store, *, top: int = 10) -> list[dict[str, Any]]:
    """Counts as (measure, key, count) rows: totals, merged events by type and by month, top actors."""
    merged = has_tables(store)
    table = "merged_events" if merged else "events"
    rows = [{"measure": "total", "key": name, "count": n} for name, n in store.db.execute(
        "SELECT 'articles', count(*) FROM articles UNION ALL SELECT 'events', count(*) FROM events"
        + (" UNION ALL SELECT 'merged events', count(*) FROM merged_events" if merged else "")).fetchall()]
    rows += _rows(store, f"SELECT 'by type' AS measure, type AS key, count(*) AS count FROM {table} "
                         "GROUP BY type ORDER BY count DESC, key", [])
    rows += _rows(store, f"SELECT 'by month' AS measure, strftime(date_start, '%Y-%m') AS key, count(*) AS count "
                         f"FROM {table} WHERE date_start IS NOT NULL GROUP BY key ORDER BY key", [])
    rows += _rows(store, f"SELECT 'top actors' AS measure, actor AS key, count(*) AS count FROM "
                         f"(SELECT source_actor AS actor FROM {table} UNION ALL SELECT target_actor FROM {table}) "
                         "WHERE actor IS NOT NULL GROUP BY actor ORDER BY count DESC, key LIMIT ?", [top])
    return rows

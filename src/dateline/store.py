"""The DuckDB store: idempotent, transactional writes of article records, their events, and failures.

``articles`` keeps each record whole (layers as JSON), with the fingerprint of its body: the same
article from another container (a text file, a JSON Lines record, CRLF line ends, other spacing) has
another id but the same fingerprint, and is stored once. ``events`` has one row per coded event with
its fields flattened for fast filtering (dates as a day range, actors and place as columns).

DuckDB lets one process write a database file and no other open it meanwhile, so a writer holds the
file only while it writes: an ingest opens it for each batch (one transaction) and closes it between
batches, so queries run while an ingest is under way. A process that finds the file busy waits for it
(``wait`` seconds) before giving up with a clear error.
"""
from __future__ import annotations

import calendar
import hashlib
import json
import re
import time
import unicodedata
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
    ingested_at TIMESTAMPTZ DEFAULT current_timestamp, fingerprint VARCHAR
);
ALTER TABLE articles ADD COLUMN IF NOT EXISTS fingerprint VARCHAR;
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
    replaced: int = 0


def fingerprint(body: str) -> str:
    """The identity of an article's text whatever its container: the body with Unicode composed (NFC),
    invisible format characters dropped and every run of whitespace made one space."""
    text = unicodedata.normalize("NFC", body)
    text = " ".join(_INVISIBLE.sub("", text).split())
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


_INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff\u00ad]")
_DUCKDB_MAGIC = b"DUCK"  # bytes 8-11 of every DuckDB database file
_NOT_DATABASES = (".jsonl", ".ndjson", ".json", ".csv", ".tsv", ".parquet", ".txt", ".html", ".xml", ".gz")


def check_database_file(path: str) -> None:
    """Refuse a path that is not (or cannot become) a DuckDB database: an export or input file named by
    mistake would otherwise be opened as an empty in-memory database, and nothing saved."""
    if path == ":memory:":
        return
    file = Path(path)
    if file.is_dir():
        raise StoreError(f"{path}: is a directory, not a database file")
    if file.exists() and file.stat().st_size > 0:
        try:
            with open(file, "rb") as stream:
                head = stream.read(16)
        except OSError as exc:
            raise StoreError(f"{path}: cannot read ({exc.strerror or exc})") from exc
        if head[8:12] != _DUCKDB_MAGIC:
            raise StoreError(f"{path}: not a DuckDB database (an existing file of another kind); "
                             "name a .duckdb file with --db")
    elif file.suffix.lower() in _NOT_DATABASES:
        raise StoreError(f"{path}: a {file.suffix} name is no database; name a .duckdb file with --db")


class Store:
    """One DuckDB database file holding article records and the inputs that failed."""

    def __init__(self, path: str | Path, *, read_only: bool = False, memory_limit: str = "512MB",
                 wait: float = 0.0):
        import duckdb

        self.path = str(path)
        if Path(self.path).is_dir():  # a Parquet dataset folder of a cluster run, read through DuckDB views
            self._open_dataset(read_only)
            return
        if read_only and not Path(self.path).exists():
            raise StoreError(f"{self.path}: no such database; run `dateline ingest` first")
        check_database_file(self.path)
        deadline = time.monotonic() + wait
        while True:
            try:
                # DuckDB's own default lets its buffer pool take most of the machine's memory over a long ingest.
                self.db = duckdb.connect(self.path, read_only=read_only, config={"memory_limit": memory_limit})
                break
            except duckdb.Error as exc:
                if not _busy(exc):
                    raise StoreError(f"{self.path}: cannot open database ({exc})") from exc
                if time.monotonic() >= deadline:
                    raise StoreError(f"{self.path}: the database is in use by another process "
                                     f"(waited {wait:.0f} s); try again when it is done") from exc
                time.sleep(0.1)
        try:
            if not read_only:
                self.db.execute(_SCHEMA_SQL)
                self._fill_fingerprints()
        except (duckdb.Error, RuntimeError) as exc:
            self.db.close()
            if _interrupted(exc):
                raise KeyboardInterrupt from exc
            raise StoreError(f"{self.path}: cannot open database ({exc})") from exc

    def _fill_fingerprints(self) -> None:
        """Articles stored before fingerprints were kept get theirs (once)."""
        rows = self.db.execute("SELECT id, body FROM articles WHERE fingerprint IS NULL").fetchall()
        if rows:
            self._transaction(lambda: self.db.executemany(
                "UPDATE articles SET fingerprint = ? WHERE id = ?", [(fingerprint(body or ""), id_) for id_, body in rows]))

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

    def write(self, articles: list[Article], failures: Iterable[Failure] = (),
              replacing: dict[str, str] | None = None) -> WriteCounts:
        """Store articles (and failures) in one transaction; ones already stored (same id or same body
        fingerprint) are left as they are, except those in ``replacing`` (new article id -> stored id):
        those replace the stored article and its events (a corrected publication date)."""
        replacing = replacing or {}
        prints = {a.id: fingerprint(a.body) for a in articles}
        unique_batch = list({prints[a.id]: a for a in reversed(articles)}.values())[::-1]  # first of each
        unique_batch = list({a.id: a for a in unique_batch}.values())
        known_ids, known_prints = self._known([a.id for a in unique_batch], [prints[a.id] for a in unique_batch])
        fresh = [a for a in unique_batch if a.id in replacing
                 or a.id not in known_ids and prints[a.id] not in known_prints]
        rows = [(f.origin, f.stage, f.reason) for f in failures]
        if fresh or rows:
            def work() -> None:
                self._remove([replacing[a.id] for a in fresh if a.id in replacing])
                self._insert(fresh, prints)
                self._insert_failures(rows)
            self._transaction(work)
        replaced = sum(1 for a in fresh if a.id in replacing)
        return WriteCounts(new=len(fresh) - replaced, existing=len(articles) - len(fresh), replaced=replaced)

    def record_failures(self, failures: Iterable[Failure]) -> None:
        """Keep failures so a user can list them; the same failure again counts one more attempt."""
        rows = [(f.origin, f.stage, f.reason) for f in failures]
        if rows:
            self._transaction(lambda: self._insert_failures(rows))

    def _insert_failures(self, rows: list[tuple[str, str, str]]) -> None:
        if rows:
            self.db.executemany(
                "INSERT INTO failures (origin, stage, reason) VALUES (?, ?, ?) ON CONFLICT DO UPDATE "
                "SET attempts = failures.attempts + 1, last_seen = now()", rows)

    def stored_keys(self) -> tuple[dict[str, str | None], dict[str, str]]:
        """Every stored article's id -> its publication date, and fingerprint -> id: what an ingest
        looks up before it annotates an article (a few tens of bytes an article)."""
        rows = self.db.execute("SELECT id, published, fingerprint FROM articles").fetchall()
        return {r[0]: r[1] for r in rows}, {r[2]: r[0] for r in rows if r[2]}

    def _known(self, ids: list[str], prints: list[str]) -> tuple[set[str], set[str]]:
        if not ids:
            return set(), set()
        rows = self.db.execute("SELECT id, fingerprint FROM articles WHERE id IN (SELECT unnest(?)) "
                               "OR fingerprint IN (SELECT unnest(?))", [ids, prints]).fetchall()
        return {row[0] for row in rows}, {row[1] for row in rows}

    def _remove(self, ids: list[str]) -> None:
        """Delete stored articles and their events; the merged events they were part of are taken apart,
        so that the next merge places those events again."""
        if not ids:
            return
        merged = self.db.execute("SELECT count(*) FROM information_schema.tables "
                                 "WHERE table_name IN ('merged_events', 'event_members')").fetchone()[0] == 2
        if merged:
            gone = [row[0] for row in self.db.execute(
                "SELECT DISTINCT merged_id FROM event_members WHERE event_id IN "
                "(SELECT id FROM events WHERE article_id IN (SELECT unnest(?::VARCHAR[])))", [ids]).fetchall()]
            self.db.execute("DELETE FROM merged_events WHERE id IN (SELECT unnest(?::VARCHAR[]))", [gone])
            self.db.execute("DELETE FROM event_members WHERE merged_id IN (SELECT unnest(?::VARCHAR[]))", [gone])
            from . import query_tables

            query_tables.replace(self.db, gone)  # the queries' sorted copies of merged events follow
        self.db.execute("DELETE FROM events WHERE article_id IN (SELECT unnest(?::VARCHAR[]))", [ids])
        self.db.execute("DELETE FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[]))", [ids])

    def _insert(self, articles: list[Article], prints: dict[str, str]) -> None:
        insert_rows(self.db, f"INSERT INTO articles ({', '.join(FIELD_ORDER)}, fingerprint)",
                    [_row(a) + [prints[a.id]] for a in articles])
        insert_rows(self.db, "INSERT OR IGNORE INTO events", [row for a in articles for row in event_rows(a)])

    def _transaction(self, work) -> None:
        import duckdb

        try:
            self.db.execute("BEGIN TRANSACTION")
            work()
            self.db.execute("COMMIT")
        except BaseException as exc:  # roll back on any error, interrupts included, then re-raise
            self.db.execute("ROLLBACK")
            if _interrupted(exc):
                raise KeyboardInterrupt from exc
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


def _interrupted(exc: BaseException) -> bool:
    """Whether DuckDB stopped a statement for Ctrl-C (it reports the interrupt as its own error)."""
    import duckdb

    return isinstance(exc, duckdb.InterruptException) or \
        (isinstance(exc, RuntimeError) and "interrupted" in str(exc).lower())


def _busy(exc: Exception) -> bool:
    """Whether DuckDB refused the file because another process holds it."""
    return "lock" in str(exc).lower()


def insert_rows(db, statement: str, rows: list[list[Any]], per_statement: int = 300) -> None:
    """``statement VALUES (...), (...)`` in chunks: one multi-row statement is far faster in DuckDB than
    ``executemany`` (row by row), which made storing events the slowest part of an ingest."""
    if not rows:
        return
    row_marks = "(" + ", ".join("?" for _ in rows[0]) + ")"
    for start in range(0, len(rows), per_statement):
        chunk = rows[start:start + per_statement]
        db.execute(f"{statement} VALUES {', '.join([row_marks] * len(chunk))}", [v for row in chunk for v in row])


def event_rows(article: Article) -> list[list[Any]]:
    """The article's events as rows of the ``events`` table. Their context place is found once: it reads
    every place of the article (found per event, a 1 MB article's 6,000 events took a minute)."""
    context: dict[str, Any] | None = None
    rows = []
    for event in article.events:
        if context is None and (event.get("location") or {}).get("lat") is None:
            context = _context_place(article)
        rows.append(event_row(article, event, context))
    return rows


def _context_place(article: Article) -> dict[str, Any]:
    """The article's dateline or main place, flagged as such, for events whose sentence names no place
    (or one nothing places)."""
    from .places import context_place

    return context_place(article.body, article.places) or {}


def event_row(article: Article, event: dict[str, Any], context: dict[str, Any] | None = None) -> list[Any]:
    """One event of an article as a row of the ``events`` table (``context``: the article's context
    place, if found already)."""
    source, target, place = event.get("source") or {}, event.get("target") or {}, event.get("location") or {}
    if not place or place.get("lat") is None:
        # the sentence names no place, or one nothing places: the article's dateline or main place, flagged
        # as such (a named village keeps its name)
        context = context if context is not None else _context_place(article)
        if place.get("text"):  # the village is not the context place: only its point is borrowed
            context = {**context, "text": place["text"], "geonameid": None, "feature": None} if context else place
        # its country stays unset: merging compares the countries of stated places only
        place = {**context, "country": None}
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

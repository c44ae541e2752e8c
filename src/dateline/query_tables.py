"""Two copies of the merged events, each sorted for one hot query of the API (issue 21).

DuckDB reads a column a block at a time and skips the blocks whose minimum and maximum rule out a
filter (zone maps); fetching scattered rows (through an index) costs a block per row and column. So a
query is fast when the rows it wants lie together:

- ``merged_search``: the columns that event filters read, sorted by (date_start, id). An event search
  reads it date window after date window, in the page's order, and stops when the page is full
  (``queries.events``); the text filter reads ``search_text``, the lower-cased sentences as the plain
  query joins them.
- ``merged_dyads``: the columns of a contact, sorted by the actor pair (``pair``, a hash of the two ids
  in order) then date: a pair's contacts are a few adjacent rows (``queries.contacts``).

Both hold one row per merged event. Every writer of ``merged_events`` updates them in its own
transaction (``merge.refresh_merges``, ``merge.rebuild_merges``, ``Store._remove`` call ``replace`` and
``clear``); rows written since the last full build sit unsorted at the end, which costs speed, never
correctness (each query applies its filters in full), and ``ensure`` sorts them again once a fifth of
the rows are such. A query uses them only while they count as many
rows as ``merged_events`` (``ready``): a database written by other code falls back to
``merged_events`` until ``build`` runs again (``Dateline.hold``, ``Dateline.merge``, each ingest).
"""
from __future__ import annotations

from typing import Any, Sequence

SEARCH = "merged_search"
DYADS = "merged_dyads"
# The merged events' columns that queries.events filters read (same names), and its text, lower-cased.
_SEARCH_COLUMNS = ("id, date_start, date_end, type, mode, source_actor, source_country, source_roles, target_actor, "
                   "target_country, target_roles, location_name, location_country, lat, lon, modality, confidence, "
                   "outlets, lower(array_to_string(sentences, chr(31))) AS search_text")
_SEARCH_ORDER = "date_start NULLS LAST, id"
# NULL unless both are actors (least and greatest would skip a NULL and pair an actor with itself)
PAIR_SQL = "CASE WHEN {a} IS NOT NULL AND {b} IS NOT NULL THEN hash(least({a}, {b}), greatest({a}, {b})) END"
_DYAD_COLUMNS = (f"{PAIR_SQL.format(a='source_actor', b='target_actor')} AS pair, id, date, date_precision, "
                 "date_start, type, mode, source_actor, target_actor, n_sources, outlets, article_ids, urls, modality")
_DYAD_ORDER = "pair NULLS LAST, date_start, id"
_TABLES = {SEARCH: (_SEARCH_COLUMNS, _SEARCH_ORDER), DYADS: (_DYAD_COLUMNS, _DYAD_ORDER)}
STATE = "merged_copies_state"  # one row: how many rows were rewritten since the last sorted build
RESORT_SHARE = 0.2  # ensure() sorts again once that many of the rows (and at least RESORT_MIN) lie unsorted
RESORT_MIN = 10_000


def _exists(db, names: Sequence[str] = (SEARCH, DYADS)) -> bool:
    # duckdb_tables(), not information_schema: a tenth of the time, and this runs before each query
    return db.execute("SELECT count(DISTINCT table_name) FROM duckdb_tables() WHERE schema_name = 'main' "
                      "AND database_name = current_database() AND list_contains(?, table_name)",
                      [list(names)]).fetchone()[0] == len(names)


def ready(db) -> bool:
    """Whether both tables exist and mirror ``merged_events`` (as many rows)."""
    if not _exists(db, ("merged_events", SEARCH, DYADS)):
        return False
    merged, search, dyads = db.execute(
        f"SELECT (SELECT count(*) FROM merged_events), (SELECT count(*) FROM {SEARCH}), "
        f"(SELECT count(*) FROM {DYADS})").fetchone()
    return merged == search == dyads


def build(db) -> None:
    """(Re)write both tables whole and sorted from ``merged_events``, in one transaction."""
    db.execute("BEGIN TRANSACTION")
    try:
        for table, (columns, order) in _TABLES.items():
            db.execute(f"CREATE OR REPLACE TABLE {table} AS SELECT {columns} FROM merged_events ORDER BY {order}")
        db.execute(f"CREATE OR REPLACE TABLE {STATE} AS SELECT 0::BIGINT AS unsorted")
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


def ensure(db) -> bool:
    """Build the tables if they are missing or out of step with ``merged_events``, or sort them again if
    many rows were rewritten since they were (they are appended unsorted); whether it built."""
    if ready(db) and _exists(db, (STATE,)) and db.execute(
            f"SELECT unsorted < greatest(?, (SELECT count(*) FROM {SEARCH}) * ?) FROM {STATE}",
            [RESORT_MIN, RESORT_SHARE]).fetchone()[0]:
        return False
    build(db)
    return True


def replace(db, merged_ids: Sequence[str]) -> None:
    """Inside a writer's transaction, after it changed these merged events (deleted, rewritten or new):
    their rows here follow. Nothing to do where the tables were never built."""
    if not merged_ids or not _exists(db):
        return
    ids = list(merged_ids)
    for table, (columns, _order) in _TABLES.items():
        db.execute(f"DELETE FROM {table} WHERE id IN (SELECT unnest(?::VARCHAR[]))", [ids])
        db.execute(f"INSERT INTO {table} SELECT {columns} FROM merged_events "
                   "WHERE id IN (SELECT unnest(?::VARCHAR[]))", [ids])
    if _exists(db, (STATE,)):
        db.execute(f"UPDATE {STATE} SET unsorted = unsorted + ?", [len(ids)])


def clear(db) -> None:
    """Inside a writer's transaction that emptied ``merged_events``."""
    if _exists(db):
        for table in _TABLES:
            db.execute(f"DELETE FROM {table}")


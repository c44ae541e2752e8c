"""Store query latency on 1,000,000 synthetic events: a contacts query and a filtered events query.

The events are generated inside DuckDB (generate_series + INSERT ... SELECT) into the ``events`` table of
a fresh store in a temp folder: a skewed mix of PLOVER types, ~2,000 actors (a few hundred busy ones),
dates over five years, a few hundred places, mostly asserted. Each query is timed ``--runs`` times
(median reported) on the table as generated, then with ART indexes on the actor columns, then with the
table rewritten in date order. Target: median < 50 ms for both. The temp folder is deleted at the end.
Run: python benchmarks/bench_store.py [--events 1000000] [--runs 20]
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from dateline.store import Store

# (type, cameo, share in percent): roughly the mix of news-coded event data (CONSULT and ASSAULT lead).
TYPES = [("CONSULT", "040", 22), ("ASSAULT", "190", 14), ("ACCUSE", "112", 9), ("SUPPORT", "050", 8),
         ("AGREE", "030", 7), ("REQUEST", "020", 7), ("COOPERATE", "060", 5), ("REJECT", "120", 5),
         ("THREATEN", "130", 4), ("PROTEST", "141", 4), ("COERCE", "170", 4), ("AID", "070", 3),
         ("SANCTION", "160", 3), ("MOBILIZE", "150", 2), ("RETREAT", "087", 2), ("CONCEDE", "080", 1)]
COUNTRIES = ["USA", "RUS", "UKR", "CHN", "FRA", "DEU", "GBR", "TUR", "ISR", "IRN", "SDN", "IND", "BRA", "JPN",
             "POL", "SYR", "EGY", "SAU", "NGA", "ZAF"]
ROLES = ["GOV", "MIL", "HEAD", "CVL", "REB", "OPP", "LEG", "JUD", "COP", "MED"]
ACTORS = 2_000
PLACES = 300

CONTACTS = """
    SELECT id, date_start, source_actor, target_actor, mode,
           date_start - lag(date_start) OVER (ORDER BY date_start, id) AS gap_days
    FROM events
    WHERE type = 'CONSULT' AND modality = 'asserted'
      AND ((source_actor = $a AND target_actor = $b) OR (source_actor = $b AND target_actor = $a))
    ORDER BY date_start, id"""
FILTERED = """
    SELECT id, type, cameo, source_actor, target_actor, date, location_name, sentence
    FROM events
    WHERE (source_actor = $a OR target_actor = $a) AND type = 'ACCUSE' AND modality = 'asserted'
      AND date_end >= DATE '2021-01-01' AND date_start <= DATE '2022-12-31'
    ORDER BY date_start, id"""


def generate(db, count: int) -> None:
    """Fill ``events`` with ``count`` synthetic rows, all in SQL."""
    cases = " ".join(f"WHEN r < {sum(s for _t, _c, s in TYPES[:i + 1])} THEN {i}" for i in range(len(TYPES)))
    types = ", ".join(f"'{t}'" for t, _c, _s in TYPES)
    cameos = ", ".join(f"'{c}'" for _t, c, _s in TYPES)
    countries = ", ".join(f"'{c}'" for c in COUNTRIES)
    roles = ", ".join(f"'{r}'" for r in ROLES)
    db.execute(f"""
        INSERT INTO events
        WITH g AS (
            SELECT i, hash(i) AS h, (hash(i * 7 + 1) % 100) AS r,
                   -- actors: a Zipf-like skew (squared uniform) so a few hundred actors are busy
                   CAST(floor(pow((hash(i * 7 + 2) % 1000000) / 1e6, 2) * {ACTORS}) AS INTEGER) AS s,
                   CAST(floor(pow((hash(i * 7 + 3) % 1000000) / 1e6, 2) * {ACTORS}) AS INTEGER) AS t,
                   CAST(hash(i * 7 + 4) % (5 * 365) AS INTEGER) AS d,
                   CAST(hash(i * 7 + 5) % {PLACES} AS INTEGER) AS p,
                   CAST(hash(i * 7 + 6) % 100 AS INTEGER) AS m
            FROM generate_series(1, {count}) AS s(i)),
        k AS (SELECT *, CASE {cases} ELSE {len(TYPES) - 1} END AS ty FROM g)
        SELECT printf('%016x-e%d', i // 4, i % 4), printf('%016x', i // 4),
               [{types}][ty + 1], NULL, [{cameos}][ty + 1],
               'actor-' || s, 'Actor ' || s, [{countries}][s % {len(COUNTRIES)} + 1], [[{roles}][s % {len(ROLES)} + 1]],
               'actor-' || t, 'Actor ' || t, [{countries}][t % {len(COUNTRIES)} + 1], [[{roles}][t % {len(ROLES)} + 1]],
               strftime(DATE '2019-01-01' + d, '%Y-%m-%d'), 'day', NULL,
               DATE '2019-01-01' + d, DATE '2019-01-01' + d,
               'Place ' || p, 100000 + p, (p % 140) - 70.0, (p * 7 % 360) - 180.0,
               [{countries}][p % {len(COUNTRIES)} + 1], CASE WHEN p % 10 = 0 THEN 'country' ELSE 'city' END,
               CASE WHEN m < 70 THEN 'asserted' WHEN m < 80 THEN 'negated' WHEN m < 95 THEN 'hypothetical'
                    ELSE 'future' END,
               NULL, 'Actor ' || s || ' did something to Actor ' || t || ' in Place ' || p || '.',
               0, 60, 0.5 + (h % 50) / 100.0, 'Bench Wire', NULL, strftime(DATE '2019-01-01' + d, '%Y-%m-%d'),
               CASE WHEN p % 10 = 0 THEN 'country' WHEN p % 10 = 1 THEN 'near' ELSE 'place' END
        FROM k""")


def median_ms(db, sql: str, params: dict, runs: int) -> tuple[float, int]:
    """Median wall time of a query in ms over ``runs`` runs (after one warm-up), and its row count."""
    rows = len(db.execute(sql, params).fetchall())
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        db.execute(sql, params).fetchall()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), rows


def busy_pair(db) -> tuple[str, str]:
    """The pair of actors with the most CONSULT events between them (either direction)."""
    return db.execute("""
        SELECT least(source_actor, target_actor), greatest(source_actor, target_actor)
        FROM events WHERE type = 'CONSULT' AND source_actor <> target_actor
        GROUP BY ALL ORDER BY count(*) DESC LIMIT 1""").fetchone()


def report(db, label: str, pair: tuple[str, str], runs: int) -> None:
    """Time both queries and print their medians."""
    contacts, n_contacts = median_ms(db, CONTACTS, {"a": pair[0], "b": pair[1]}, runs)
    filtered, n_filtered = median_ms(db, FILTERED, {"a": pair[0]}, runs)
    print(f"{label:<34} contacts {contacts:7.2f} ms ({n_contacts} rows)   "
          f"filtered {filtered:7.2f} ms ({n_filtered} rows)")


def merged_copy(db) -> None:
    """Merged tables as one merged event per event, so the contacts verb runs on 1M merged events."""
    db.execute("DELETE FROM merged_events")
    db.execute("DELETE FROM event_members")
    db.execute("""INSERT INTO merged_events SELECT id, 1, 1, type, mode, cameo, source_actor, source_text,
        source_country, source_roles, target_actor, target_text, target_country, target_roles, date, date_precision,
        date_start, date_end, location_name, location_country, lat, lon, modality, confidence, sentence, outlet, url,
        published, [article_id], [outlet], [url], [sentence] FROM events""")
    db.execute("INSERT INTO event_members SELECT id, id, 0, false FROM events")


def verb_median_ms(store, pair: tuple[str, str], runs: int) -> tuple[float, int]:
    """Median time of the ``dateline contacts`` function itself (party resolution included)."""
    from dateline.queries import contacts

    times, rows = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        rows = len(contacts(store, pair[0], pair[1]))
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="dateline-bench-store-"))
    try:
        with Store(tmp / "bench.duckdb") as store:
            from dateline.merge import ensure_tables

            db = store.db
            start = time.perf_counter()
            generate(db, args.events)
            print(f"generated {db.execute('SELECT count(*) FROM events').fetchone()[0]:,} events in "
                  f"{time.perf_counter() - start:.1f} s")
            pair = busy_pair(db)
            print(f"busiest CONSULT pair: {pair[0]} / {pair[1]}; median of {args.runs} runs each")
            report(db, "store as created (actor indexes)", pair, args.runs)
            ensure_tables(store)
            merged_copy(db)
            verb, n = verb_median_ms(store, pair, args.runs)
            print(f"{'contacts verb over merged events':<34} {verb:7.2f} ms ({n} rows)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

"""HTTP API latency on 1,000,000 synthetic stored events: event search, an event page, contacts.

The events are generated as in bench_store.py (skewed types and actors, five years of dates, a few hundred
places), each its own merged event, in articles of four events each with a ~1,200-character body. Requests
go through the whole app (FastAPI routing, validation, the Dateline core, JSON) with Starlette's test
client, each ``--runs`` times after one warm-up; the median is reported. Targets: search < 200 ms, an
event page < 100 ms, contacts < 50 ms. Also the time to first answer the page shell and its script
(the browser's first paint needs those two). The temp folder is deleted at the end.
Run: python benchmarks/bench_api.py [--events 1000000] [--runs 20]
"""
from __future__ import annotations

import argparse
import importlib.util
import shutil
import statistics
import tempfile
import time
import warnings
from pathlib import Path

warnings.filterwarnings("ignore", message=".*install `httpx2`")


def _bench_store():
    spec = importlib.util.spec_from_file_location("bench_store", Path(__file__).with_name("bench_store.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build(path: Path, count: int) -> tuple[str, str]:
    """A store of ``count`` events (merged one to one) and their articles; returns the busiest CONSULT pair."""
    from dateline.merge import ensure_tables
    from dateline.store import Store

    bench_store = _bench_store()
    with Store(path) as store:
        ensure_tables(store)
        bench_store.generate(store.db, count)
        bench_store.merged_copy(store.db)
        store.db.execute("""INSERT INTO articles (schema, id, origin, title, published, body, entities, timexes,
            places, actors, events, fingerprint) SELECT 'dateline/1', article_id, 'bench', 'Bench article ' || article_id,
            any_value(published), repeat('Some words of a synthetic news article. ', 30), '[]', '[]', '[]', '[]', '[]',
            substr(md5(article_id), 1, 16)  -- set here: the store would otherwise fill 250,000 of them row by row
            FROM events GROUP BY article_id""")
        return bench_store.busy_pair(store.db)


def median_ms(client, path: str, params: dict, runs: int) -> tuple[float, int]:
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    size = len(response.content)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        client.get(path, params=params)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--keep", type=Path, help="Build the store here (or reuse it if there) and keep it.")
    args = parser.parse_args()
    from fastapi.testclient import TestClient

    from dateline.core import Dateline
    from dateline.web import create_app

    tmp = Path(tempfile.mkdtemp(prefix="dateline-bench-api-"))
    try:
        db = args.keep or tmp / "bench.duckdb"
        start = time.perf_counter()
        if args.keep and args.keep.exists():
            import duckdb

            with duckdb.connect(str(db), read_only=True) as con:
                a, b = _bench_store().busy_pair(con)
        else:
            a, b = build(db, args.events)
            print(f"built {args.events:,} events in {time.perf_counter() - start:.1f} s", end="; ")
        print(f"busiest pair {a} - {b}")
        start = time.perf_counter()
        dl = Dateline(db=str(db))
        client = TestClient(create_app(dl))
        client.__enter__()  # one event loop for every request, as a running server has
        print(f"server ready in {time.perf_counter() - start:.2f} s")
        some_event = client.get("/api/events", params={"actor": a, "limit": 1}).json()["rows"][0]["id"]
        cases = [
            ("search: first page, no filter", "/api/events", {}),
            ("search: actor + type + dates", "/api/events", {"actor": a, "type": "ACCUSE", "since": "2021-01-01",
                                                             "until": "2022-12-31"}),
            ("search: country + words", "/api/events", {"country": "UKR", "text": "place 17"}),
            ("search: near + radius", "/api/events", {"near": "10,-30", "km": 300}),
            ("search: near + radius, found", "/api/events", {"near": "10,20", "km": 300}),
            ("search: second page", "/api/events", {"after": None}),
            ("search: histogram, actor", "/api/events/histogram", {"actor": a}),
            ("event page", f"/api/events/{some_event}", {}),
            ("contacts: busiest pair", "/api/contacts", {"a": a, "b": b}),
            ("contacts: another pair", "/api/contacts", {"a": "actor-40", "b": "actor-90"}),
            ("page shell /events", "/events", {}),
            ("page script", "/static/app.js", {}),
        ]
        cases = [(label, path, {"after": client.get(path).json()["next"]} if params == {"after": None} else params)
                 for label, path, params in cases]
        for label, path, params in cases:
            ms, size = median_ms(client, path, params, args.runs)
            print(f"{label:<32} median {ms:8.2f} ms  ({size:,} bytes)")
        client.__exit__(None, None, None)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

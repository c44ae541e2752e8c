"""Scale-out: the same ingest on 1 process, the fork-server pool and a Dask LocalCluster; the merge of many
events over a Parquet dataset in bounded memory.

Throughput: N articles of ~600 words recombined from the bundled examples (benchmarks/bench_annotate.py),
written as one JSON Lines file, ingested whole (read, annotate, store, merge) three ways: one process
(``workers=1``), the fork-server pool (``workers=P``) into DuckDB, and ``local_cluster=P`` into a Parquet
dataset (shards of ``--shard-size`` lines). Wall time includes starting the workers and loading the
model in each. Time per stage is summed over the shards from the manifest; peak memory (VmHWM) is read
from /proc for this process and every process under it while each run lasts.

Merge: ``--merge-events M`` synthetic events (random dyads of 40 countries, 10 types, dates over a
year) written as Parquet partitions, then ``cluster.merge_dataset`` with DuckDB's memory limit at 1 GB;
peak memory of the process is reported (target <= 2 GB for 1,000,000).

Run: python benchmarks/bench_cluster.py [--articles 200] [--processes 2] [--shard-size 25] [--merge-events 0]
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_annotate import make_articles  # noqa: E402
from bench_ingest_memory import _watch_descendants  # noqa: E402

from dateline import Dateline  # noqa: E402


def write_corpus(folder: Path, count: int) -> str:
    path = folder / "corpus.jsonl"
    with open(path, "w", encoding="utf-8") as out:
        for n, article in enumerate(make_articles(count)):
            out.write(json.dumps({"title": f"Generated article {n}", "body": article.body,
                                  "published": article.published, "source": f"Outlet {n % 7}"}) + "\n")
    return str(path)


def timed(label: str, run) -> dict:
    peaks: dict[int, int] = {}
    done = threading.Event()
    watcher = threading.Thread(target=_watch_descendants, args=(peaks, done), daemon=True)
    watcher.start()
    start = time.perf_counter()
    summary = run()
    elapsed = time.perf_counter() - start
    done.set()
    watcher.join()
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"label": label, "articles": summary.new, "seconds": elapsed, "rate": summary.new / elapsed,
            "own_mib": own, "worker_mib": sorted((v / 1024 for v in peaks.values()), reverse=True)}


def throughput(args: argparse.Namespace, tmp: Path) -> None:
    corpus = write_corpus(tmp, args.articles)
    words = sum(len(json.loads(line)["body"].split()) for line in open(corpus, encoding="utf-8")) / args.articles
    print(f"{args.articles} articles, {words:.0f} words each on average; {os.cpu_count()} cores")
    runs = [("1 process", dict(db=str(tmp / "one.duckdb"), workers=1)),
            (f"fork-server pool, {args.processes} processes", dict(db=str(tmp / "pool.duckdb"), workers=args.processes)),
            (f"LocalCluster, {args.processes} workers", dict(db=str(tmp / "dataset") + "/", local_cluster=args.processes,
                                                            shard_size=args.shard_size))]
    for label, settings in runs:
        if args.only and args.only not in label:
            continue
        result = timed(label, lambda: Dateline(**settings).ingest([corpus]))
        workers = ", ".join(f"{m:.0f}" for m in result["worker_mib"][:6]) or "none"
        print(f"{label}: {result['articles']} articles in {result['seconds']:.1f} s = {result['rate']:.1f} articles/s; "
              f"peak RSS main {result['own_mib']:.0f} MiB, processes under it {workers} MiB")
        if "local_cluster" in settings:
            entries = [json.loads(p.read_text()) for p in (tmp / "dataset" / "_manifest").glob("*.json")]
            stages = {k: sum(e["seconds"][k] for e in entries) for k in ("read", "annotate", "write")}
            total = sum(stages.values())
            print("  per stage, summed over shards: " + ", ".join(
                f"{k} {v:.1f} s ({v / total:.0%})" for k, v in stages.items()))


def merge_benchmark(count: int, tmp: Path, shards: int = 20) -> None:
    """``count`` synthetic events in ``shards`` partitions, then the dataset merge."""
    from dateline.cluster import TABLES, _write_atomically, merge_dataset
    from dateline.store import Store

    dataset = tmp / "merge-dataset"
    per = count // shards
    start = time.perf_counter()
    for s in range(shards):
        shard = f"{s:016x}"
        with Store(":memory:") as store:
            db = store.db
            db.execute(f"""INSERT INTO events (id, article_id, type, source_actor, source_country, target_actor,
                               target_country, date, date_precision, date_start, date_end, modality, sentence, outlet)
                           SELECT printf('{shard}%09d-e0', i), printf('{shard}%09d', i // 5),
                                  ['CONSULT','ASSAULT','ACCUSE','AID','COERCE','THREATEN','SUPPORT','REQUEST',
                                   'PROTEST','AGREE'][1 + (hash(i * 7 + {s}) % 10)::INT],
                                  NULL, c1, NULL, c2, strftime(d, '%Y-%m-%d'),
                                  CASE WHEN i % 4 = 0 THEN NULL ELSE 'day' END, d, d, 'asserted',
                                  'A generated sentence.', 'Outlet ' || (i % 7)
                           FROM (SELECT i, 'C' || lpad((hash(i + {s} * {per}) % 40)::VARCHAR, 2, '0') AS c1,
                                        'C' || lpad((hash(i * 3 + {s}) % 40)::VARCHAR, 2, '0') AS c2,
                                        DATE '2022-01-01' + (hash(i * 11 + {s}) % 365)::INT AS d
                                 FROM range({per}) t(i))""")
            db.execute(f"""INSERT INTO articles (schema, id, origin, body)
                           SELECT DISTINCT 'dateline/1', article_id, 'generated/' || article_id, '' FROM events""")
            for table in ("entities", "actors"):
                db.execute(f"CREATE TABLE {table} (article_id VARCHAR)")
            for table in TABLES:
                extra = f", '{shard}' AS shard" + (f", {s} AS shard_seq" if table == "articles" else "")
                _write_atomically(dataset / table / f"{shard}.parquet", lambda tmp_path: db.execute(
                    f"COPY (SELECT *{extra} FROM {table}) TO '{tmp_path}' (FORMAT parquet)"))
        (dataset / "_manifest").mkdir(parents=True, exist_ok=True)
        (dataset / "_manifest" / f"{shard}.json").write_text(json.dumps({"shard": shard, "seq": s, "articles": 0}))
    print(f"{per * shards:,} synthetic events in {shards} partitions written in {time.perf_counter() - start:.1f} s")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.perf_counter()
    placed = merge_dataset(dataset)
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with Store(str(dataset), read_only=True) as store:
        merged = store.db.execute("SELECT count(*) FROM merged_events").fetchone()[0]
    print(f"merge: {placed:,} events -> {merged:,} merged events in {elapsed:.1f} s "
          f"({placed / elapsed:,.0f} events/s); peak RSS of the process {peak:.0f} MiB "
          f"(before the merge {before:.0f} MiB; target <= 2048)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--shard-size", type=int, default=25)
    parser.add_argument("--only", default="", help="run only the ingest whose label holds this text")
    parser.add_argument("--merge-events", type=int, default=0, help="also (or, with --articles 0, only) the merge")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="dateline-bench-cluster-"))
    try:
        if args.articles:
            throughput(args, tmp)
        if args.merge_events:
            merge_benchmark(args.merge_events, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

"""Cluster ingest (cluster.py): shards, the same records as one machine, resuming after kills, the merge by
dyad and time window. Small on purpose: CI has two cores and every Dask worker loads the model."""
from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest

from dateline import Dateline
from dateline.cluster import merge_dataset, plan_shards, read_shard
from dateline.merge import cluster, cluster_blocks
from dateline.store import Store

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"

# Short articles of our own: several dyads and days, so that events merge across articles.
_PEOPLE = [("Defence Minister Sergei Shoigu", "Defense Secretary Lloyd Austin"),
           ("President Joe Biden", "President Xi Jinping"),
           ("Foreign Minister Sergei Lavrov", "Secretary of State Antony Blinken")]
_VERBS = ["held a phone call with", "met", "spoke by telephone with", "criticised"]


def _wire_lines(count: int) -> list[str]:
    lines = []
    for n in range(count):
        a, b = _PEOPLE[n % len(_PEOPLE)]
        day = date(2022, 10, 3) + timedelta(days=n % 5)
        body = (f"{a} {_VERBS[n % len(_VERBS)]} {b} on {day:%A}, officials said. "
                f"The two men discussed the war in Ukraine and the grain corridor, report number {n}. "
                f"Troops shelled the city of Kharkiv on {day:%A} night.")
        lines.append(json.dumps({"title": f"Report {n}", "body": body, "published": f"{day}T18:00:00+00:00",
                                 "source": f"Outlet {n % 4}"}))
    return lines


def _cli(*args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", "from dateline.cli import app; app()", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kwargs)


def _table(db: str, sql: str) -> list[tuple]:
    with Store(db, read_only=True) as store:
        return store.db.execute(sql).fetchall()


def test_jsonl_and_warc_ranges_read_as_the_whole_file(tmp_path):
    wire = tmp_path / "wire.jsonl"
    wire.write_text("\n".join(_wire_lines(4)[:2] + ["", "[1, 2]", "{not json", ""] + _wire_lines(4)[2:]) + "\n")
    paths = [str(wire), str(EXAMPLES / "warc" / "pages.warc.gz")]
    config = Dateline(annotate=False, shard_size=2).config
    shards = list(plan_shards(paths, config))
    assert [s.kind for s in shards] == ["jsonl"] * 3 + ["files"]  # 6 records in ranges of 2; 2 pages: whole
    whole = [(type(i).__name__, i.origin, getattr(i, "id", getattr(i, "reason", None)))
             for i in Dateline(annotate=False).records(paths)]
    parts = [(type(i).__name__, i.origin, getattr(i, "id", getattr(i, "reason", None)))
             for s in shards for i in read_shard(s, config)]
    assert parts == whole
    assert ("Failure", f"{wire}#3", "line 4: not a JSON object (got an array)") in parts  # a range begins with it
    assert ("Failure", f"{wire}#4", "line 5: not valid JSON (Expecting property name enclosed in double quotes "
                                    "at column 2)") in parts  # numbered in the whole file, not in the range


def test_small_files_are_grouped_and_shard_ids_are_stable():
    config = Dateline(shard_size=3).config
    text = sorted(str(p) for p in (EXAMPLES / "text").iterdir())
    shards = list(plan_shards([str(EXAMPLES / "text")], config))
    assert [len(s.paths) for s in shards] == [3, 3, 1] and [p for s in shards for p in s.paths] == text
    assert [s.id for s in shards] == [s.id for s in plan_shards([str(EXAMPLES / "text")], config)]


def _events(n: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    out = []
    for k in range(n):
        start = date(2022, 1, 1) + timedelta(days=rng.randrange(0, 900, 9) + rng.choice([0, 0, 1, 3]))
        precision = rng.choice(["day", "day", None, "month"] if k % 5 == 0 else ["day", "day", None])
        end = start + timedelta(days=30 if precision == "month" else 0)
        if k % 11 == 0:
            start = end = None
        out.append({"id": f"e{k:04d}", "type": "CONSULT", "block": "CONSULT|x|y", "source_actor": rng.choice(["a", "usa"]),
                    "source_country": "USA", "target_actor": rng.choice(["b", "rus"]), "target_country": "RUS",
                    "date_precision": precision, "date_start": start, "date_end": end,
                    "location_country": None, "modality": "asserted"})
    return out


class _Cursor:
    """Rows as DuckDB would give them for blocks_sql: by block, then date_start (undated last), then id."""

    def __init__(self, rows: list[dict]):
        self.rows = sorted(rows, key=lambda r: (r["block"], r["date_start"] is None, r["date_start"] or date.min, r["id"]))
        self.description = [(name,) for name in self.rows[0]]

    def fetchmany(self, size: int) -> list[tuple]:
        batch, self.rows = self.rows[:size], self.rows[size:]
        return [tuple(r.values()) for r in batch]


@pytest.mark.parametrize("seed", range(5))
def test_merging_by_time_window_gives_the_clusters_of_the_whole_block(seed):
    events = _events(300, seed)
    whole = sorted(cluster(events, 2, True))
    groups = list(cluster_blocks(_Cursor(events), 2, ("CONSULT",)))
    assert len(groups) > 3  # the block was cut: never more than one window in memory
    assert sorted(m for g in groups for m in g) == whole


def test_a_local_cluster_gives_the_records_of_one_machine(tmp_path):
    wire = tmp_path / "wire.jsonl"
    lines = _wire_lines(5)
    wire.write_text("\n".join(lines + [lines[0]]) + "\n")  # the same article twice: stored once
    inputs = [str(wire), str(EXAMPLES / "warc" / "pages.warc.gz"), str(EXAMPLES / "text" / "2022-10-21-capital-ledger-austin-shoigu.txt"),
              str(EXAMPLES / "html" / "2022-10-21-harbour-courier-austin-shoigu.html"), str(tmp_path / "missing.txt")]
    one = str(tmp_path / "one.duckdb")
    Dateline(db=one, workers=1).ingest(inputs)
    dataset = str(tmp_path / "dataset") + "/"
    run = _cli("ingest", *inputs, "--db", dataset, "--local-cluster", "2", "--shard-size", "2")
    out, _ = run.communicate(timeout=600)
    assert run.returncode == 1, out  # the missing file failed, by name, and the rest went on
    assert "missing.txt" in out
    # an article given twice is stored once; which line's origin it keeps is the store's choice (within a batch)
    twice = f"{wire}#1", f"{wire}#6"
    origins = {"one": _table(one, "SELECT id, origin FROM articles ORDER BY id"),
               "cluster": _table(dataset, "SELECT id, origin FROM articles ORDER BY id")}
    assert len(origins["cluster"]) == len({i for i, _ in origins["cluster"]}) == len(origins["one"]) == 9
    assert [(i, o if o not in twice else "twice") for i, o in origins["cluster"]] == \
        [(i, o if o not in twice else "twice") for i, o in origins["one"]]
    for table, columns, order in [("articles", "* EXCLUDE (ingested_at, origin)", "id"), ("events", "*", "id"),
                                  ("merged_events", "*", "id"), ("event_members", "*", "event_id"),
                                  ("failures", "origin, stage, reason, attempts", "origin")]:
        sql = f"SELECT {columns} FROM {table} ORDER BY {order}"
        assert _table(dataset, sql) == _table(one, sql), table
    assert _table(dataset, "SELECT count(*) FROM merged_events WHERE n_sources > 1")[0][0] > 0
    from typer.testing import CliRunner

    from dateline.cli import app

    for verb in (["events"], ["contacts", "lloyd-austin", "sergei-shoigu"], ["stats"]):  # the query verbs read it
        shown = [CliRunner().invoke(app, [*verb, "--db", db, "--format", "json"]) for db in (dataset, one)]
        assert shown[0].exit_code == 0 and shown[0].output == shown[1].output and shown[0].output.count("\n") > 2
    assert _table(dataset, "SELECT count(*) FROM entities")[0][0] > 0  # the layers as tables
    assert len(list((tmp_path / "dataset" / "_manifest").glob("*.json"))) == 5  # wire 3 ranges, warc 1, files 1


def _worker_pids(pid: int) -> list[int]:
    import psutil

    try:
        children = psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []
    return [c.pid for c in children if "spawn_main" in " ".join(c.cmdline())]


def _wait(condition, run: subprocess.Popen, timeout: float = 300) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end and run.poll() is None:
        if condition():
            return True
        time.sleep(0.01)
    return False


@pytest.mark.slow
def test_resuming_after_killed_workers_and_drivers_loses_and_repeats_nothing(tmp_path):
    wire = tmp_path / "wire.jsonl"
    wire.write_text("\n".join(_wire_lines(14) + ["[1, 2]"]) + "\n")  # and one bad line
    dataset = tmp_path / "dataset"
    manifest, partitions = dataset / "_manifest", dataset / "events"

    def count(folder: Path) -> int:
        return len(list(folder.glob("*.json"))) if folder.exists() else 0

    args = ("ingest", str(wire), "--db", f"{dataset}/", "--local-cluster", "2", "--shard-size", "1")
    killed, workers_killed = 0, 0
    for point in range(5):  # kill points: a new partition (its manifest entry not yet written), a new entry
        done, parts = count(manifest), len(list(partitions.glob("*.parquet"))) if partitions.exists() else 0
        run = _cli(*args, start_new_session=True)
        if point == 2:  # a worker dies mid-run: Dask gives its shard to another worker
            if _wait(lambda: count(manifest) > done, run):
                for pid in _worker_pids(run.pid)[:1]:
                    os.kill(pid, signal.SIGKILL)
                    workers_killed += 1
                done = count(manifest)
        if point % 2 == 0:
            hit = _wait(lambda: count(manifest) > done, run)
        else:
            hit = _wait(lambda: len(list(partitions.glob("*.parquet"))) > parts, run)
        if hit:  # the driver and its cluster die at once, as when the machine goes down
            os.killpg(run.pid, signal.SIGKILL)
            killed += 1
        run.communicate(timeout=120)
    assert killed >= 3 and workers_killed == 1 and count(manifest) < 15  # the kills landed part way
    run = _cli(*args)
    out, _ = run.communicate(timeout=600)
    assert run.returncode == 1 and "line 15: not a JSON object" in out, out
    assert count(manifest) == 15
    db = f"{dataset}/"
    articles = _table(db, "SELECT origin, id FROM articles ORDER BY origin")
    expected = sorted((a.origin, a.id) for a in Dateline(annotate=False).read(str(wire), on_error=lambda f: None))
    assert sorted(articles) == expected  # every article, each once
    events = _table(db, "SELECT id FROM events")
    assert len(events) == len(set(events)) > 14
    assert _table(db, "SELECT count(*), sum(attempts) FROM failures") == [(1, 1)]
    # the partitions of the shards as written: each shard's events once, however often the shard was begun
    raw = _table(db, "SELECT count(*), count(DISTINCT id) FROM read_parquet('" + str(partitions) + "/*.parquet')")
    assert raw[0][0] == raw[0][1] == len(events)
    assert not list(dataset.rglob("*.tmp"))  # a killed write leaves no file under its final name
    assert merge_dataset(dataset) == len(events)


def test_a_worker_elsewhere_reads_relative_paths_from_the_drivers_folder(monkeypatch, tmp_path):
    monkeypatch.chdir(ROOT)
    config = Dateline(annotate=False, shard_size=1).config
    given = ["examples/jsonl/wire.jsonl", "examples/text/2022-10-02-atlas-dispatch-lyman.txt", "examples/nothing.txt"]
    shards = list(plan_shards(given, config))
    monkeypatch.chdir(tmp_path)  # a worker whose working directory is another one
    records = [(i.origin, getattr(i, "id", None)) for s in shards for i in read_shard(s, config)]
    assert [o for o, _ in records] == [f"{given[0]}#{n}" for n in range(1, 5)] + given[1:]
    assert [s.id for s in shards] == [s.id for s in plan_shards([str(ROOT / p) for p in given], config)]


def test_a_cluster_run_wants_a_dataset_folder(tmp_path):
    from dateline.errors import ConfigError

    with pytest.raises(ConfigError, match="Parquet dataset folder"):
        Dateline(db=str(tmp_path / "news.duckdb"), local_cluster=2).ingest([str(EXAMPLES / "text")])
    with pytest.raises(Exception, match="written by a cluster run"):
        Store(str(tmp_path), read_only=False)


def test_a_folder_db_without_a_cluster_is_coded_here_shard_by_shard_and_resumes(tmp_path):
    dataset = str(tmp_path / "news") + "/"
    inputs = [str(EXAMPLES / "jsonl"), str(EXAMPLES / "text")]
    first = Dateline(db=dataset, annotate=False, shard_size=3).ingest(inputs)
    assert (first.new, first.existing, first.failed) == (11, 0, 0)
    manifest = sorted((tmp_path / "news" / "_manifest").glob("*.json"))
    stamps = [p.stat().st_mtime_ns for p in manifest]
    again = Dateline(db=dataset, annotate=False, shard_size=3).ingest(inputs)
    assert (again.new, again.existing) == (0, 11)
    assert [p.stat().st_mtime_ns for p in manifest] == stamps  # nothing coded twice
    assert _table(dataset, "SELECT count(*), count(DISTINCT id) FROM articles") == [(11, 11)]

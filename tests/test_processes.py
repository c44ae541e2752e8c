"""Process hygiene and crashes: helpers end with the main process, Ctrl-C stops cleanly, kill -9 of the
main process or of a worker at any point loses and duplicates nothing."""
from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dateline.store import Store

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux process semantics")

POOL_SCRIPT = """
import multiprocessing.forkserver as fs, time
from dateline.pipeline import worker_pool
if __name__ == "__main__":
    pool = worker_pool(2)
    futures = [pool.submit(time.sleep, 120) for _ in range(2)]
    time.sleep(1.5)
    print(fs._forkserver._forkserver_pid, *pool._processes, flush=True)
    time.sleep(120)
"""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has ended; only its exit status waits to be collected


def _wait_gone(pids: list[int], seconds: float = 20) -> list[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and any(_alive(p) for p in pids):
        time.sleep(0.2)
    return [p for p in pids if _alive(p)]


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_the_fork_server_and_workers_end_with_the_main_process(how, tmp_path):
    (tmp_path / "pool.py").write_text(POOL_SCRIPT)
    main = subprocess.Popen([sys.executable, str(tmp_path / "pool.py")], stdout=subprocess.PIPE, text=True)
    helpers = [int(pid) for pid in main.stdout.readline().split()]
    assert len(helpers) == 3 and all(_alive(p) for p in helpers)
    main.send_signal(how)
    main.wait(timeout=30)
    assert _wait_gone(helpers) == []


def _articles(folder: Path, count: int) -> Path:
    """``count`` short distinct articles in one JSON Lines file."""
    folder.mkdir(exist_ok=True)
    path = folder / "wire.jsonl"
    places = ["Rome", "Madrid", "Paris", "Berlin", "Vienna", "Warsaw", "Lisbon", "Athens"]
    with path.open("w") as out:
        for n in range(count):
            a, b = places[n % 8], places[(n * 3 + 1) % 8]
            out.write(json.dumps({"body": f"Officials from {a} and {b} met on day {n} to talk about trade. "
                                          f"They agreed to meet again in {b} after talk number {n}.",
                                  "source": f"Outlet {n % 5}", "published": "2022-10-21T09:00:00+00:00"}) + "\n")
    return path


def _ingest(db: Path, inputs: Path, **popen) -> subprocess.Popen:
    env = {**os.environ, "DATELINE_WORKERS": "2", "DATELINE_BATCH_SIZE": "8"}
    return subprocess.Popen([sys.executable, "-c", "from dateline.cli import app; app()", "ingest", str(inputs),
                             "--db", str(db)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **popen)


def _stored(db: Path) -> tuple[int, int, int]:
    with Store(db, read_only=True) as store:
        return store.db.execute("SELECT count(*), count(DISTINCT id), count(DISTINCT fingerprint) "
                                "FROM articles").fetchone()


@pytest.mark.slow
def test_ctrl_c_stops_an_ingest_with_one_line_and_a_summary(tmp_path):
    inputs = _articles(tmp_path / "in", 1000)
    run = _ingest(tmp_path / "t.duckdb", inputs, start_new_session=True)
    # once the first batch is stored the workers are annotating (a fixed wait was past the end on a quiet machine)
    while run.poll() is None and _stored_now(tmp_path / "t.duckdb") < 8:
        time.sleep(0.1)
    if run.poll() is not None:  # the machine read them all before a stored batch could be seen
        run.communicate()
        pytest.skip("the ingest ended before it could be interrupted")
    os.killpg(run.pid, signal.SIGINT)  # as a terminal's Ctrl-C does: the whole process group
    _, err = run.communicate(timeout=300)
    if run.returncode == 0 and "1000 new" in err:  # the signal came as the finished run was ending
        pytest.skip("the ingest ended before it could be interrupted")
    assert run.returncode == 130, err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err
    assert "interrupted" in err and "new," in err
    stored, ids, prints = _stored(tmp_path / "t.duckdb")
    assert stored == ids == prints


def _stored_now(db: Path) -> int:
    """Articles stored so far, read beside the running ingest (-1 while the file is busy or new)."""
    try:
        return _stored(db)[0]
    except Exception:  # noqa: BLE001  the writer holds the file, or has not made the tables yet
        return -1


def _kill_suite(tmp_path: Path, points: int, victim: str) -> list[str]:
    """At each of ``points`` random moments of an ingest into a fresh database (200 articles, so that two
    workers annotate), kill -9 the main process (then run the same ingest again to the end) or one
    worker (the run goes on by itself); every article must end up stored exactly once."""
    count = 200
    inputs, rng, lines = _articles(tmp_path / "in", count), random.Random(19), []
    for point in range(points):
        db = tmp_path / f"point{point}.duckdb"
        run = _ingest(db, inputs, start_new_session=True)
        target, start = rng.randrange(0, count), time.monotonic()
        while run.poll() is None and _stored_now(db) < target:
            time.sleep(rng.uniform(0.05, 0.5))  # kill once that many articles are stored: mid-run
        moment, at_kill = time.monotonic() - start, _stored_now(db)
        helpers = [int(p) for p in subprocess.run(["pgrep", "-s", str(run.pid)], capture_output=True,
                                                  text=True).stdout.split() if int(p) != run.pid]
        if victim == "main":
            run.kill()
        elif len(helpers) > 1:
            os.kill(max(helpers), signal.SIGKILL)  # the youngest: a worker, not the fork server
        run.communicate(timeout=600)
        if victim == "main":
            assert _wait_gone(helpers) == []
            again = _ingest(db, inputs)
            _, err = again.communicate(timeout=600)
            assert again.returncode == 0, err
        else:
            assert run.returncode == 0
        stored, ids, prints = _stored(db)
        assert stored == ids == prints == count, (stored, ids, prints)
        with Store(db, read_only=True) as store:
            events, members, distinct = store.db.execute(
                "SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM event_members), "
                "(SELECT count(DISTINCT id) FROM events)").fetchone()
        assert events == members == distinct
        lines.append(f"kill -9 {victim} after {moment:.1f} s ({at_kill} stored, {len(helpers)} helper processes): "
                     f"finally {stored} stored, {events} events, all once")
        print(lines[-1])  # shown with pytest -s
    return lines


@pytest.mark.slow
@pytest.mark.parametrize("victim", ["main", "worker"])
def test_kill_9_at_random_points_loses_and_duplicates_nothing(tmp_path, victim):
    _kill_suite(tmp_path, int(os.environ.get("DATELINE_KILL_POINTS", "2")), victim)

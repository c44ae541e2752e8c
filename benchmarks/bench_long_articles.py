"""Time and memory per article as articles grow: 10 KB ... 1 MB bodies through the whole pipeline.

Each size runs in a fresh process (one annotating process, as a worker), after the model has loaded
and annotated a 5 KB article; it reports seconds for the one long article and the process's peak
resident memory. Bodies are the bundled examples' paragraphs repeated up to the size (ordinary news
text), or with --dense one sentence that reports two events, repeated (the worst case: every sentence
an event). With --processes N (N > 1) the article is given to ``annotate(workers=N)`` in a cold process,
as ``dateline ingest`` of one file does: its pieces are spread over N workers, whose model loads count.

Every run also reports, from /proc (Linux), the whole run's wall seconds, the CPU seconds of all its
processes (main, fork server, workers) and the largest peak resident memory among them, and the load
average as it started (the machine may be shared: compare CPU seconds, and wall only at equal load).
Run: python benchmarks/bench_long_articles.py [--sizes 10,100,300,1000] [--dense] [--processes 2]
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DENSE = "The defence minister of France met his German counterpart in Berlin on Tuesday to discuss the war. "


def body_of(size: int, dense: bool) -> str:
    """A body of about ``size`` characters: example paragraphs (or the dense sentence) repeated."""
    if dense:
        unit = [DENSE]
    else:
        from dateline import Dateline

        unit = [p for a in Dateline(annotate=False).read(str(ROOT / "examples")) for p in a.body.split("\n\n")]
    parts, total, k = [], 0, 0
    while total < size:
        parts.append(unit[k % len(unit)])
        total += len(parts[-1]) + 2
        k += 1
    return "\n\n".join(parts)[:size]


def one(size: int, dense: bool, processes: int = 1) -> dict:
    """Annotate one article of ``size`` characters (in this process, or spread over ``processes``
    workers); seconds and this process's peak memory."""
    from dateline.model import Article
    from dateline.pipeline import annotate

    if processes == 1:
        # the warm-up reads ordinary news text, so that tables built on first use (the gazetteer's spelling
        # variants, about a second) are built before the clock starts, as in a worker that has run a while
        list(annotate([Article(id="warm", origin="bench", body=body_of(5000, False))]))
    article = Article(id="long", origin="bench", body=body_of(size, dense), published="2022-10-21T12:00:00+00:00")
    start = time.perf_counter()
    (done,) = annotate([article], workers=processes)
    seconds = time.perf_counter() - start
    return {"kb": size // 1000, "seconds": round(seconds, 2), "events": len(done.events),
            "entities": len(done.entities), "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}


def _sample(session: int, seen: dict[int, tuple[float, int]]) -> None:
    """CPU seconds and peak resident KiB of each live process of ``session``, into ``seen`` by pid."""
    tick = os.sysconf("SC_CLK_TCK")
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            fields = Path(entry.path, "stat").read_text().rsplit(")", 1)[1].split()
            if int(fields[3]) != session:  # field 6 of stat: the session id
                continue
            status = Path(entry.path, "status").read_text()
        except OSError:  # ended meanwhile
            continue
        peak = next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM")), 0)
        cpu, pid = (int(fields[11]) + int(fields[12])) / tick, int(entry.name)  # utime + stime
        known = seen.get(pid, (0.0, 0))  # an ending process (a zombie) shows no memory figures any more
        seen[pid] = (max(cpu, known[0]), max(peak, known[1]))


def measured(command: list[str]) -> tuple[dict, dict]:
    """Run ``command`` in its own session; its JSON line, and the run's wall and CPU seconds, the peak
    memory of each of its processes and the load average as it started."""
    load, start, seen = os.getloadavg()[0], time.perf_counter(), {}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    run = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, start_new_session=True)
    while run.poll() is None:
        _sample(run.pid, seen)
        time.sleep(0.2)
    wall = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # the main process's CPU, exactly
    cpu = usage.ru_utime + usage.ru_stime - before.ru_utime - before.ru_stime
    seen[run.pid] = (cpu, seen.get(run.pid, (0, 0))[1])
    row = json.loads(run.stdout.read())
    if run.returncode:
        raise SystemExit(f"{command} failed")
    peaks = "+".join(str(peak // 1024) for _, peak in seen.values() if peak > 100 * 1024)  # no helpers
    return row, {"wall": wall, "cpu": sum(cpu for cpu, _ in seen.values()), "processes": len(seen),
                 "peaks": peaks, "load": load}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10,100,300,1000", help="sizes in KB (1 KB = 1,000 characters)")
    parser.add_argument("--dense", action="store_true", help="every sentence reports events (worst case)")
    parser.add_argument("--processes", type=int, default=1,
                        help="annotate with this many workers (a cold start: their model loads count)")
    parser.add_argument("--write-body", metavar="PATH", help="write the body of the first size to PATH and stop")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # the child process: one size
    args = parser.parse_args()
    if args.write_body:
        Path(args.write_body).write_text(body_of(int(args.sizes.split(",")[0]) * 1000, args.dense))
        return
    if args.one:
        print(json.dumps(one(args.one, args.dense, args.processes)))
        return
    print(f"{'KB':>6} {'seconds':>8} {'ms per 10 KB':>12} {'events':>7} {'peak MiB':>9} | whole run: "
          f"{'wall s':>7} {'CPU s':>7} {'procs':>5} {'load':>5}  peak MiB of each process over 100 MiB")
    for kb in (int(k) for k in args.sizes.split(",")):
        command = [sys.executable, __file__, "--one", str(kb * 1000), "--processes", str(args.processes)] + \
            (["--dense"] if args.dense else [])
        row, run = measured(command)
        print(f"{row['kb']:>6} {row['seconds']:>8.1f} {row['seconds'] / row['kb'] * 10_000:>12.0f} "
              f"{row['events']:>7} {row['peak_mib']:>9} | {'':>10} {run['wall']:>7.1f} {run['cpu']:>7.1f} "
              f"{run['processes']:>5} {run['load']:>5.1f}  {run['peaks']}", flush=True)


if __name__ == "__main__":
    main()

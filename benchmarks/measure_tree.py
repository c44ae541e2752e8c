"""Run a command and measure it with all the processes it starts (main, fork server, workers).

Prints the wall seconds, the CPU seconds of each process and of all together, each process's peak
resident memory, the peak of their summed proportional set size (PSS: shared pages counted once, shared
out) and the load average at the start and end, from /proc every 0.2 s (Linux). The command's output
goes to files beside --out. Example, one 1 MB article through the ingest:

    python benchmarks/bench_long_articles.py --write-body /tmp/long.txt --sizes 1000
    python benchmarks/measure_tree.py -- dateline ingest /tmp/long.txt --db /tmp/long.duckdb
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_long_articles import _sample  # noqa: E402


def _pss(pids) -> int:
    """The summed PSS of ``pids`` now, in KiB."""
    total = 0
    for pid in pids:
        try:
            total += sum(int(line.split()[1]) for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
                         if line.startswith("Pss:"))
        except OSError:  # ended meanwhile
            pass
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default="/tmp/measure_tree", help="the command's stdout/stderr: OUT.stdout, OUT.stderr")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    load, start, seen, peak_pss = os.getloadavg()[0], time.perf_counter(), {}, 0
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(f"{args.out}.stdout", "w") as out, open(f"{args.out}.stderr", "w") as err:
        run = subprocess.Popen(command, stdout=out, stderr=err, start_new_session=True)
        while run.poll() is None:
            _sample(run.pid, seen)
            peak_pss = max(peak_pss, _pss(seen))
            time.sleep(0.2)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the main process's CPU, exactly
    seen[run.pid] = (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, seen.get(run.pid, (0, 0))[1])
    busy = [(cpu, peak) for cpu, peak in seen.values() if cpu > 0.5 or peak > 100 * 1024]  # no idle helpers
    print(f"exit {run.returncode}; wall {wall:.1f} s; CPU {sum(c for c, _ in seen.values()):.1f} s "
          f"({len(seen)} processes; main first: {', '.join(f'{c:.1f}' for c, _ in busy)}); peak RSS MiB "
          f"{', '.join(str(p // 1024) for _, p in busy)}; peak summed PSS {peak_pss // 1024} MiB; "
          f"load {load:.2f} -> {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()

"""Peak memory and throughput of a full ingest: N synthetic articles of ~300 words into a fresh store.

Articles are built from sentence templates with varied actors, places and dates, written as JSON Lines
files (500 articles each) in a temp folder, then read through ``Dateline(db=..., workers=...).ingest``.
Peak memory is ``getrusage`` maxrss of this process and the largest peak (``VmHWM``) of the processes
started under it, read from /proc while the run lasts (the workers come from a fork server, so they
are not this process's own children). Target: < 2 GB.
Run: python benchmarks/bench_ingest_memory.py [--articles 10000] [--workers 0]
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path

from dateline import Dateline

WORDS = 300
PER_FILE = 500

LEADERS = [("Defense Secretary Lloyd Austin", "Russian Defence Minister Sergei Shoigu"),
           ("President Emmanuel Macron", "Spanish Prime Minister Pedro Sanchez"),
           ("Chancellor Olaf Scholz", "President Volodymyr Zelensky"),
           ("Secretary of State Antony Blinken", "Chinese Foreign Minister Wang Yi"),
           ("President Joe Biden", "President Recep Tayyip Erdogan"),
           ("Prime Minister Rishi Sunak", "Indian Prime Minister Narendra Modi"),
           ("NATO Secretary General Jens Stoltenberg", "Ukrainian Defence Minister Oleksii Reznikov"),
           ("President Vladimir Putin", "Belarusian President Alexander Lukashenko")]
GROUPS = ["Russian forces", "Ukrainian troops", "the Sudanese army", "the Rapid Support Forces", "Israeli police",
          "Turkish officials", "the French government", "Japanese diplomats", "Brazilian prosecutors"]
PLACES = ["Kyiv", "Kharkiv", "Kherson", "Paris", "Barcelona", "Khartoum", "Ankara", "Beijing", "Geneva",
          "Brussels", "Warsaw", "New Delhi", "Jerusalem", "Minsk", "Texas", "Bavaria", "Tokyo", "Nairobi"]
DAYS = ["on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "last week", "earlier this month"]
TEMPLATES = [
    "{a} held a phone call with {b} {day}, officials said.",
    "{a} met {b} in {place} {day} to discuss the war and energy supplies.",
    "{g} shelled positions near {place} {day}, killing at least {n} people, local authorities said.",
    "{a} accused {b} of violating the ceasefire agreed in {place}.",
    "Thousands of people protested in {place} {day} against rising prices.",
    "{a} threatened to impose new sanctions on {g} if the attacks continued.",
    "{g} withdrew from the outskirts of {place} after {n} days of fighting.",
    "{a} said {b} had agreed to resume talks in {place} on {date}.",
    "{a} rejected calls by {b} for a new round of negotiations.",
    "{g} arrested {n} protesters in {place} {day}, according to a rights group.",
    "{a} promised {b} more military aid during a visit to {place}.",
    "Analysts in {place} said the talks were unlikely to change the course of the conflict.",
]


def make_article(k: int, rng: random.Random) -> dict:
    """One synthetic article of about 300 words with a title, publication date and outlet."""
    published = date(2020, 1, 1) + timedelta(days=rng.randrange(5 * 365))
    sentences: list[str] = []
    while sum(len(s.split()) for s in sentences) < WORDS:
        a, b = rng.choice(LEADERS)
        if rng.random() < 0.5:
            a, b = b, a
        sentences.append(rng.choice(TEMPLATES).format(
            a=a, b=b, g=rng.choice(GROUPS), place=rng.choice(PLACES), day=rng.choice(DAYS), n=rng.randint(2, 40),
            date=(published + timedelta(days=rng.randint(1, 30))).strftime("%B %-d")))
    paragraphs = [" ".join(sentences[i:i + 3]) for i in range(0, len(sentences), 3)]
    return {"title": f"Synthetic report {k}: " + sentences[0][:60], "body": "\n\n".join(paragraphs),
            "published": f"{published.isoformat()}T{rng.randint(6, 22):02d}:00:00+00:00",
            "source": f"Bench Wire {k % 7}", "url": f"https://bench.example.org/{k}"}


def write_inputs(folder: Path, count: int, seed: int = 7) -> list[str]:
    """Write ``count`` articles as JSON Lines files of ``PER_FILE`` each; their paths."""
    rng = random.Random(seed)
    paths = []
    for start in range(0, count, PER_FILE):
        path = folder / f"articles-{start // PER_FILE:04d}.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for k in range(start, min(start + PER_FILE, count)):
                fh.write(json.dumps(make_article(k, rng)) + "\n")
        paths.append(str(path))
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=0, help="annotation processes (0: one per core)")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="dateline-bench-ingest-"))
    try:
        paths = write_inputs(tmp, args.articles)
        db = tmp / "bench.duckdb"
        peaks: dict[int, int] = {}
        done = threading.Event()
        watcher = threading.Thread(target=_watch_descendants, args=(peaks, done), daemon=True)
        watcher.start()
        start = time.perf_counter()
        summary = Dateline(db=str(db), workers=args.workers).ingest(paths)
        elapsed = time.perf_counter() - start
        done.set()
        watcher.join()
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux -> MiB
        children = max([resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, *peaks.values()]) / 1024
        with Dateline(db=str(db)).store() as store:
            events = store.counts()["events"]
        print(f"articles: {summary.new} stored, {summary.failed} failed, {events} events, "
              f"{elapsed:.1f} s, {summary.new / elapsed:.1f} articles/s (workers={args.workers or 'per core'})")
        print(f"peak RSS: main process {own:.0f} MiB, largest worker {children:.0f} MiB, "
              f"bound on the sum {own + children * max(1, args.workers or _cores()):.0f} MiB (target < 2048)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _watch_descendants(peaks: dict[int, int], done: threading.Event) -> None:
    """Until ``done``, the peak resident memory (KiB) of every process started under this one."""
    me = os.getpid()
    while not done.wait(0.2):
        parents = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    stat = Path(f"/proc/{entry}/stat").read_text()
                    parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
                except (OSError, ValueError, IndexError):
                    continue
        for pid in parents:
            ancestor = parents.get(pid)
            while ancestor not in (None, 0, 1, me):
                ancestor = parents.get(ancestor)
            if ancestor == me:
                try:
                    status = Path(f"/proc/{pid}/status").read_text()
                except OSError:
                    continue
                for line in status.splitlines():
                    if line.startswith("VmHWM:"):
                        peaks[pid] = max(peaks.get(pid, 0), int(line.split()[1]))


def _cores() -> int:
    return os.cpu_count() or 1


if __name__ == "__main__":
    main()

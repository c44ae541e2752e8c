"""Time and memory per article as articles grow: 10 KB ... 1 MB bodies through the whole pipeline.

Each size runs in a fresh process (one annotating process, as a worker), after the model has loaded
and annotated a 5 KB article; it reports seconds for the one long article and the process's peak
resident memory. Bodies are the bundled examples' paragraphs repeated up to the size (ordinary news
text), or with --dense one sentence that reports two events, repeated (the worst case: every sentence
an event). Run: python benchmarks/bench_long_articles.py [--sizes 10,100,300,1000] [--dense]
"""
from __future__ import annotations

import argparse
import json
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


def one(size: int, dense: bool) -> dict:
    """Annotate one article of ``size`` characters in this process; seconds and peak memory."""
    from dateline.model import Article
    from dateline.pipeline import annotate

    # the warm-up reads ordinary news text, so that tables built on first use (the gazetteer's spelling
    # variants, about a second) are built before the clock starts, as in a worker that has run a while
    list(annotate([Article(id="warm", origin="bench", body=body_of(5000, False))]))
    article = Article(id="long", origin="bench", body=body_of(size, dense), published="2022-10-21T12:00:00+00:00")
    start = time.perf_counter()
    (done,) = annotate([article])
    seconds = time.perf_counter() - start
    return {"kb": size // 1000, "seconds": round(seconds, 2), "events": len(done.events),
            "entities": len(done.entities), "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10,100,300,1000", help="sizes in KB (1 KB = 1,000 characters)")
    parser.add_argument("--dense", action="store_true", help="every sentence reports events (worst case)")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # the child process: one size
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.one, args.dense)))
        return
    print(f"{'KB':>6} {'seconds':>8} {'ms per 10 KB':>12} {'events':>7} {'peak MiB':>9}")
    for kb in (int(k) for k in args.sizes.split(",")):
        command = [sys.executable, __file__, "--one", str(kb * 1000)] + (["--dense"] if args.dense else [])
        row = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
        print(f"{row['kb']:>6} {row['seconds']:>8.1f} {row['seconds'] / row['kb'] * 10_000:>12.0f} "
              f"{row['events']:>7} {row['peak_mib']:>9}")


if __name__ == "__main__":
    main()

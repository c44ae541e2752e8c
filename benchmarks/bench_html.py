"""HTML page -> record throughput on one core.

Pages: the development extraction pages in ../shared/eval/extraction/html (real news pages, ~160 KB
each) when present, else the bundled examples/html. Run: python benchmarks/bench_html.py [--repeat N]

Both wall-clock and CPU time are reported: on a machine shared with other work the wall clock counts
their time too, while this process's CPU time is (nearly) its own.
"""
from __future__ import annotations

import argparse
import gzip
import statistics
import time
from pathlib import Path

from dateline.errors import InputError
from dateline.settings import Config
from dateline.sources.html import article_from_html

ROOT = Path(__file__).resolve().parents[1]


def load_pages(examples_only: bool = False) -> tuple[str, list[bytes]]:
    shared = ROOT.parent / "shared" / "eval" / "extraction" / "html"
    if shared.exists() and not examples_only:
        return str(shared), [gzip.decompress(p.read_bytes()) for p in sorted(shared.glob("*.html.gz"))]
    folder = ROOT / "examples" / "html"
    return str(folder), [p.read_bytes() for p in sorted(folder.glob("*.html"))]


def run(pages: list[bytes], config: Config) -> tuple[float, float]:
    """Seconds of wall-clock and of CPU time to read every page."""
    start, start_cpu = time.perf_counter(), time.process_time()
    for page in pages:
        try:
            article_from_html(page, "bench", config)
        except InputError:
            pass  # pages with no article still cost their time
    return time.perf_counter() - start, time.process_time() - start_cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--examples", action="store_true", help="time the bundled examples/html pages")
    args = parser.parse_args()
    where, pages = load_pages(args.examples)
    config = Config()
    # Warm-up pass: imports, lazy tables and dateparser's per-language patterns (compiled the first
    # time htmldate meets a language) are paid once per process, not per page of a long run.
    run(pages, config)
    runs = [run(pages, config) for _ in range(args.repeat)]
    size = sum(map(len, pages)) / len(pages) / 1024
    print(f"{len(pages)} pages from {where} (mean {size:.0f} KB), one core")
    for k, clock in enumerate(("wall clock", "CPU time")):
        times = [r[k] for r in runs]
        print(f"{clock}: median {len(pages) / statistics.median(times):.1f} pages/s, "
              f"best {len(pages) / min(times):.1f} pages/s")


if __name__ == "__main__":
    main()

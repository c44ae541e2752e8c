"""HTML page -> record throughput on one core.

Pages: the development extraction pages in ../shared/eval/extraction/html (real news pages, ~160 KB
each) when present, else the bundled examples/html. Run: python benchmarks/bench_html.py [--repeat N]
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


def run(pages: list[bytes], config: Config) -> float:
    start = time.perf_counter()
    for page in pages:
        try:
            article_from_html(page, "bench", config)
        except InputError:
            pass  # pages with no article still cost their time
    return time.perf_counter() - start


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
    times = [run(pages, config) for _ in range(args.repeat)]
    best, median = min(times), statistics.median(times)
    size = sum(map(len, pages)) / len(pages) / 1024
    print(f"{len(pages)} pages from {where} (mean {size:.0f} KB)")
    print(f"median {len(pages) / median:.1f} pages/s, best {len(pages) / best:.1f} pages/s, one core")


if __name__ == "__main__":
    main()

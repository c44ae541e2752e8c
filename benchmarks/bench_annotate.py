"""Annotation throughput: articles of ~600 words per second, the whole pipeline (entities, timexes,
places, actors, events) or, with --no-events, the annotation layers alone.

Articles are made from the bundled examples' bodies, joined to ~600 words each, with their
publication dates. Run: python benchmarks/bench_annotate.py [--articles N] [--processes P]
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

from dateline import Dateline
from dateline.model import Article
from dateline.pipeline import worker_pool

ROOT = Path(__file__).resolve().parents[1]
WORDS = 600


def make_articles(count: int) -> list[Article]:
    """``count`` articles of about 600 words, cycling through the example bodies."""
    bodies = [(a.body, a.published) for a in Dateline(annotate=False).read(str(ROOT / "examples"))]
    articles, k = [], 0
    while len(articles) < count:
        paragraphs, published = [], bodies[k % len(bodies)][1]
        while sum(len(p.split()) for p in paragraphs) < WORDS:
            paragraphs.append(bodies[k % len(bodies)][0])
            k += 1
        body = " ".join(" ".join(paragraphs).split()[:WORDS])
        articles.append(Article(id=str(len(articles)), origin="bench", body=body, published=published))
    return articles


def annotate_all(articles: list[Article], events: bool = True) -> int:
    from dateline.pipeline import annotate

    return sum(1 for _ in annotate(articles, events=events))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--no-events", action="store_true", help="entities, timexes, places and actors only")
    args = parser.parse_args()
    events = not args.no_events
    articles = make_articles(args.articles)
    annotate_all(articles[:8], events)  # warm-up: model, gazetteer and tables load once per process
    start = time.perf_counter()
    if args.processes == 1:
        annotate_all(articles, events)
    else:
        chunks = [articles[i::args.processes] for i in range(args.processes)]
        # each worker warms up too (its own model, gazetteer and tables), before the clock starts
        with worker_pool(args.processes, initializer=annotate_all, initargs=(articles[:8], events)) as pool:
            list(pool.map(time.sleep, [0.5] * args.processes))
            start = time.perf_counter()
            list(pool.map(annotate_all, chunks, [events] * len(chunks)))
    elapsed = time.perf_counter() - start
    print(f"{len(articles)} articles x {WORDS} words, {args.processes} process(es), events {'on' if events else 'off'}: "
          f"{len(articles) / elapsed:.1f} articles/s ({len(articles) * WORDS / elapsed:,.0f} words/s)")


if __name__ == "__main__":
    main()

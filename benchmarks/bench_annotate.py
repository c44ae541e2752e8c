"""Annotation throughput: articles of ~600 words per second, the whole pipeline (entities, timexes,
places, actors, events) or, with --no-events, the annotation layers alone.

Articles are made from the bundled examples' bodies, joined to ~600 words each, with their
publication dates. Run: python benchmarks/bench_annotate.py [--articles N] [--processes P] [--stages]

Besides the wall-clock rate it prints the CPU seconds the annotating processes spent per article: on
a machine shared with other jobs the wall clock says how crowded the machine was, the CPU time what
the code costs (P processes on P free cores reach about P / (CPU s per article) articles/s).
--stages (one process) prints each pipeline component's share of that CPU time.
"""
from __future__ import annotations

import argparse
import platform
import time
from collections import defaultdict
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


def annotate_all(articles: list[Article], events: bool = True) -> float:
    """Annotates the articles in this process; the CPU seconds it took."""
    from dateline.pipeline import annotate

    began = time.process_time()
    for _ in annotate(articles, events=events):
        pass
    return time.process_time() - began


def stage_times(articles: list[Article], events: bool = True) -> dict[str, float]:
    """CPU seconds per pipeline component (and the tokenizer) over the articles, in this process."""
    from dateline.nlp import load_nlp

    nlp = load_nlp((), None, events)  # the pipeline ``annotate`` loads (same cache key)
    spent: dict[str, float] = defaultdict(float)

    def timed(name, step):
        def run(*args, **kwargs):
            began = time.process_time()
            result = step(*args, **kwargs)
            if not isinstance(result, (list, tuple)) and hasattr(result, "__next__"):  # a component's pipe
                result = list(result)
            spent[name] += time.process_time() - began
            return result
        return run

    original = list(nlp._components), nlp.tokenizer
    try:
        nlp._components[:] = [(name, _Timed(step, timed(name, step), timed(name, getattr(step, "pipe", None))))
                              for name, step in original[0]]
        nlp.tokenizer = timed("tokenizer (truecaser)", original[1])
        spent["whole annotate"] = annotate_all(articles, events)
    finally:
        nlp._components[:] = original[0]
        nlp.tokenizer = original[1]
    return dict(spent)


class _Timed:
    """A pipeline component whose calls are timed (spaCy calls ``pipe`` where a component has one)."""

    def __init__(self, step, call, pipe):
        self.step, self._call, self._pipe = step, call, pipe

    def __call__(self, doc):
        return self._call(doc)

    def pipe(self, docs, **kwargs):
        docs = list(docs)  # the components before this one run here, outside this one's clock
        if getattr(self.step, "pipe", None) is None:  # a plain function component: spaCy calls it per Doc
            return [self._call(doc) for doc in docs]
        return self._pipe(docs, **kwargs)

    def __getattr__(self, name):
        return getattr(self.step, name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--no-events", action="store_true", help="entities, timexes, places and actors only")
    parser.add_argument("--stages", action="store_true", help="each component's share of the CPU time (one process)")
    args = parser.parse_args()
    events = not args.no_events
    articles = make_articles(args.articles)
    annotate_all(articles[:8], events)  # warm-up: model, gazetteer and tables load once per process
    if args.stages:
        spent = stage_times(articles, events)
        whole = spent.pop("whole annotate")
        for name, seconds in sorted(spent.items(), key=lambda item: -item[1]):
            print(f"{name:28} {seconds:7.2f} s  {100 * seconds / whole:5.1f}%")
        rest = whole - sum(spent.values())
        print(f"{'rest (spaCy pipe, layers)':28} {rest:7.2f} s  {100 * rest / whole:5.1f}%")
        print(f"{'whole':28} {whole:7.2f} s  {1000 * whole / len(articles):.0f} ms CPU per article")
        return
    start = time.perf_counter()
    if args.processes == 1:
        cpu = annotate_all(articles, events)
    else:
        chunks = [articles[i::args.processes] for i in range(args.processes)]
        # each worker warms up too (its own model, gazetteer and tables), before the clock starts
        with worker_pool(args.processes, initializer=annotate_all, initargs=(articles[:8], events)) as pool:
            list(pool.map(time.sleep, [0.5] * args.processes))
            start = time.perf_counter()
            cpu = sum(pool.map(annotate_all, chunks, [events] * len(chunks)))
    elapsed = time.perf_counter() - start
    per_article = cpu / len(articles)
    print(f"{len(articles)} articles x {WORDS} words, {args.processes} process(es), events {'on' if events else 'off'}, "
          f"Python {platform.python_version()}: {len(articles) / elapsed:.1f} articles/s "
          f"({len(articles) * WORDS / elapsed:,.0f} words/s); {1000 * per_article:.0f} ms CPU per article "
          f"(on {args.processes} free core(s): {args.processes / per_article:.1f} articles/s)")


if __name__ == "__main__":
    main()

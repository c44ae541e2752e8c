"""The annotation pipeline: the order of dateline's components, and ``annotate`` over articles.

Each component reads the layers added before it and adds one layer to the Doc:
entities (corrected NER) -> places (toponyms resolved) -> timexes (time expressions normalised)
-> actors (entities and titles resolved to actors, with coreference) -> events (who did what to whom,
when and where, from the dependency parse).
"""
from __future__ import annotations

import multiprocessing
import os
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import Iterable, Iterator

from spacy.language import Language

from .entities import PLACE_LABELS, find_entities
from .model import Article, Failure

COMPONENTS = ("dateline_entities", "dateline_places", "dateline_timexes", "dateline_actors", "dateline_events")
# Articles the model's layers take at once: the activations of 16 articles stay in the processor's
# cache, where 64 at once measured about a tenth slower over the whole pipeline (benchmarks/).
MODEL_BATCH = 16


@Language.component("dateline_entities", assigns=["doc._.dateline_entities"])
def entities_component(doc):
    doc._.dateline_entities = find_entities(doc)
    return doc


@Language.component("dateline_places", requires=["doc._.dateline_entities"], assigns=["doc._.dateline_places"])
def places_component(doc):
    from .places import resolve_places

    mentions = [e for e in doc._.dateline_entities if e["label"] in PLACE_LABELS]
    doc._.dateline_places = resolve_places(doc.text, mentions)
    return doc


@Language.component("dateline_timexes", assigns=["doc._.dateline_timexes"])
def timexes_component(doc):
    from .timex import find_timexes

    doc._.dateline_timexes = find_timexes(doc, doc._.published)
    return doc


class ActorsComponent:
    """Resolves the Doc's mentions to actors against a knowledge base (built-in tables + user files)."""

    def __init__(self, kb_files: tuple[str, ...]):
        from .actors.kb import load_kb

        self.kb = load_kb(kb_files)

    def __call__(self, doc):
        from .actors.resolve import resolve_actors

        doc._.dateline_actors, doc._.dateline_mentions = resolve_actors(
            doc, doc._.dateline_entities, doc._.published, self.kb)
        return doc


@Language.factory("dateline_actors", default_config={"kb_files": []},
                  requires=["doc._.dateline_entities"], assigns=["doc._.dateline_actors", "doc._.dateline_mentions"])
def make_actors_component(nlp, name: str, kb_files: list[str]) -> ActorsComponent:
    return ActorsComponent(tuple(kb_files))


class EventsComponent:
    """Codes the Doc's events against the ontology (built-in, plus the user's codebook)."""

    def __init__(self, kb_files: tuple[str, ...], codebook: str | None):
        from .actors.kb import load_kb
        from .events.ontology import load_ontology

        self.kb, self.ontology = load_kb(kb_files), load_ontology(codebook)

    def __call__(self, doc):
        from .events.extract import find_events

        doc._.dateline_events = find_events(doc, doc._.article_id or "doc", doc._.published, self.ontology, self.kb)
        return doc


@Language.factory("dateline_events", default_config={"kb_files": [], "codebook": None},
                  requires=["doc._.dateline_actors", "doc._.dateline_timexes", "doc._.dateline_places"],
                  assigns=["doc._.dateline_events"])
def make_events_component(nlp, name: str, kb_files: list[str], codebook: str | None) -> EventsComponent:
    return EventsComponent(tuple(kb_files), codebook)


def annotate(items: Iterable[Article | Failure], batch_size: int = 64, workers: int = 1,
             kb_files: tuple[str, ...] = (), codebook: str | None = None,
             events: bool = True) -> Iterator[Article | Failure]:
    """Articles with their layers filled, in input order; failures pass through untouched.

    With ``workers`` > 1 (0: one per core) batches go to a pool of processes, each loading the
    model once; a run of a single batch stays in this process, where starting a pool costs more.
    """
    options = (tuple(kb_files), codebook, events)
    stream = iter(items)
    first = list(islice(stream, batch_size))
    workers = workers or os.cpu_count() or 1
    if workers <= 1 or len(first) < batch_size:
        batches = _batches(stream, batch_size, first)
        for batch in batches:
            yield from _annotate_batch(batch, options)
        return
    yield from _annotate_in_pool(_batches(stream, batch_size, first), workers, options)


def _batches(stream: Iterator, size: int, first: list) -> Iterator[list]:
    batch = first
    while batch:
        yield batch
        batch = list(islice(stream, size))


def worker_pool(workers: int, **options) -> ProcessPoolExecutor:
    """A pool of annotating processes, each started by a fork server instead of forked from this one.

    A process forked from one that ever ran a second thread (a progress bar, DuckDB, a BLAS thread pool)
    keeps glibc's multi-threaded memory allocator, whose locks cost the model about a sixth of its time;
    the fork server is a fresh single-threaded process (and forking a process that runs threads risks
    deadlocks). Scripts that annotate in parallel need the ``if __name__ == "__main__":`` guard.
    """
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")  # Windows: spawn
    return ProcessPoolExecutor(workers, mp_context=context, **options)


def _annotate_in_pool(batches: Iterator[list], workers: int, options: tuple) -> Iterator[Article | Failure]:
    """Batches through a process pool, results in input order, at most two batches per worker in flight."""
    with worker_pool(workers) as pool:
        pending: deque[Future] = deque()
        for batch in batches:
            pending.append(pool.submit(_annotate_batch, batch, options))
            if len(pending) >= 2 * workers:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


def _annotate_batch(batch: list[Article | Failure], options: tuple = ((), None, True)) -> list[Article | Failure]:
    """One batch through the pipeline; ``options`` are load_nlp's (kb_files, codebook, events)."""
    from .nlp import load_nlp

    nlp = load_nlp(*options)
    articles = [a for a in batch if isinstance(a, Article)]
    try:
        for article, doc in zip(articles, nlp.pipe(_docs(nlp, articles), batch_size=MODEL_BATCH)):
            _set_layers(article, doc)
        return batch
    except Exception:  # one bad article must not sink the batch: redo it one by one
        return [_annotate_one(nlp, item) if isinstance(item, Article) else item for item in batch]


def _annotate_one(nlp, article: Article) -> Article | Failure:
    try:
        _set_layers(article, nlp(next(_docs(nlp, [article]))))
        return article
    except Exception as exc:  # recorded per article (stage "annotate"), never raised into the batch
        return Failure(article.origin, f"annotation failed: {type(exc).__name__}: {exc}", stage="annotate")


def _docs(nlp, articles: list[Article]):
    for article in articles:
        doc = nlp.make_doc(article.body)
        doc._.published = article.published
        doc._.article_id = article.id
        yield doc


def _set_layers(article: Article, doc) -> None:
    article.entities = doc._.dateline_entities or []
    article.timexes = doc._.dateline_timexes or []
    article.places = doc._.dateline_places or []
    article.actors = doc._.dateline_actors or []
    article.events = [event.record for event in doc._.dateline_events or []]
    article.dropped_events = doc._.dateline_dropped or []


def event_triggers(articles: list[Article], kb_files: tuple[str, ...] = (), codebook: str | None = None,
                   events: bool = True) -> dict[tuple[str, str], tuple[int, int]]:
    """(event id, type) -> the trigger's character offsets in its article, by annotating the articles
    again (records keep the sentence, not the trigger); an event the rules no longer find is absent."""
    from .nlp import load_nlp

    if not events:
        return {}
    nlp = load_nlp(kb_files, codebook, events)
    return {(e.record["id"], e.record["type"]): e.trigger
            for doc in nlp.pipe(_docs(nlp, articles)) for e in doc._.dateline_events or []}

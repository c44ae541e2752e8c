"""The annotation pipeline: the order of dateline's components, and ``annotate`` over articles.

Each component reads the layers added before it and adds one layer to the Doc:
entities (corrected NER) -> places (toponyms resolved) -> timexes (time expressions normalised).
"""
from __future__ import annotations

import os
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import Iterable, Iterator

from spacy.language import Language

from .entities import PLACE_LABELS, find_entities
from .model import Article, Failure

COMPONENTS = ("dateline_entities", "dateline_places", "dateline_timexes")


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


def annotate(items: Iterable[Article | Failure], batch_size: int = 64,
             workers: int = 1) -> Iterator[Article | Failure]:
    """Articles with their layers filled, in input order; failures pass through untouched.

    With ``workers`` > 1 (0: one per core) batches go to a pool of processes, each loading the
    model once; a run of a single batch stays in this process, where starting a pool costs more.
    """
    stream = iter(items)
    first = list(islice(stream, batch_size))
    workers = workers or os.cpu_count() or 1
    if workers <= 1 or len(first) < batch_size:
        batches = _batches(stream, batch_size, first)
        for batch in batches:
            yield from _annotate_batch(batch)
        return
    yield from _annotate_in_pool(_batches(stream, batch_size, first), workers)


def _batches(stream: Iterator, size: int, first: list) -> Iterator[list]:
    batch = first
    while batch:
        yield batch
        batch = list(islice(stream, size))


def _annotate_in_pool(batches: Iterator[list], workers: int) -> Iterator[Article | Failure]:
    """Batches through a process pool, results in input order, at most two batches per worker in flight."""
    with ProcessPoolExecutor(workers) as pool:
        pending: deque[Future] = deque()
        for batch in batches:
            pending.append(pool.submit(_annotate_batch, batch))
            if len(pending) >= 2 * workers:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


def _annotate_batch(batch: list[Article | Failure]) -> list[Article | Failure]:
    from .nlp import load_nlp

    nlp = load_nlp()
    articles = [a for a in batch if isinstance(a, Article)]
    try:
        for article, doc in zip(articles, nlp.pipe(_docs(nlp, articles))):
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
        yield doc


def _set_layers(article: Article, doc) -> None:
    article.entities = doc._.dateline_entities or []
    article.timexes = doc._.dateline_timexes or []
    article.places = doc._.dateline_places or []

"""The annotation pipeline: the order of dateline's components, and ``annotate`` over articles.

Each component reads the layers added before it and adds one layer to the Doc:
entities (corrected NER) -> places (toponyms resolved) -> timexes (time expressions normalised).
"""
from __future__ import annotations

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


def annotate(items: Iterable[Article | Failure], batch_size: int = 64) -> Iterator[Article | Failure]:
    """Articles with their layers filled, in input order; failures pass through untouched."""
    stream = iter(items)
    while batch := list(islice(stream, batch_size)):
        yield from _annotate_batch(batch)


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

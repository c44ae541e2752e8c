"""Long articles: linear work in the body's length, pieces beyond the model's limit, same results."""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from dateline.events import extract as events_extract
from dateline.model import Article
from dateline.pipeline import annotate, pieces_of

SENTENCE = "The defence minister of France met his German counterpart in Berlin on Tuesday to discuss the war. "


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab .\n"), max_size=400), st.integers(min_value=4, max_value=60))
def test_pieces_are_the_body_cut_into_short_runs(body, size):
    pieces = pieces_of(body, size)
    assert "".join(text for _, text in pieces) == body
    assert all(body[offset:offset + len(text)] == text for offset, text in pieces)
    assert all(len(text) <= size for _, text in pieces)


def test_pieces_end_at_paragraphs_where_they_can():
    body = "\n\n".join(["First paragraph about a meeting."] * 3 + ["Second one."] * 4)
    assert all(text.endswith(".") for _, text in pieces_of(body, 80)[:-1])


def test_body_over_the_models_limit_is_annotated_in_pieces(monkeypatch):
    from dateline import pipeline
    from dateline.nlp import load_nlp

    nlp = load_nlp()
    monkeypatch.setattr(nlp, "max_length", 3_000)  # spaCy refuses longer Docs (E088)
    monkeypatch.setattr(pipeline, "PIECE_CHARS", 2_000)
    body = "\n\n".join(SENTENCE + "He said talks went well." for _ in range(40))  # ~5,000 characters
    (article,) = annotate([Article(id="long", origin="t", body=body, published="2022-10-21")])
    assert isinstance(article, Article), article
    assert article.events and len({e["id"] for e in article.events}) == len(article.events)
    assert all(body[e["start"]:e["end"]] == e["text"] for e in article.entities)
    assert all(body[p["start"]:p["end"]] == p["text"] for p in article.places)
    assert all(body[e["span"][0]:e["span"][1]] == e["sentence"] for e in article.events)
    assert max(e["start"] for e in article.entities) > 4_000  # the last piece is annotated too
    assert len({a["id"] for a in article.actors}) == len(article.actors)  # one actor over the pieces


def _place_lookups(monkeypatch, sentences: int) -> int:
    from dateline.events import arguments

    calls = []
    real = arguments._place_span

    def counted(doc, place):
        calls.append(1)
        return real(doc, place)

    monkeypatch.setattr(arguments, "_place_span", counted)
    list(annotate([Article(id="n", origin="t", body=SENTENCE * sentences, published="2022-10-21")]))
    return len(calls)


def test_event_rules_do_work_linear_in_the_article(monkeypatch):
    # each trigger used to try every place of the article: twice the sentences, four times the work
    small, large = _place_lookups(monkeypatch, 20), _place_lookups(monkeypatch, 40)
    assert small > 0 and large <= 2.5 * small


def _share_pairwise(events):
    """The rule as first written (each event against every earlier one): the reference."""
    def pair(record):
        ends = sorted(filter(None, [(record["source"] or {}).get("actor"), (record["target"] or {}).get("actor")]))
        return record["type"], tuple(ends)

    for i, event in enumerate(events):
        record = event.record
        same = [e.record for e in events[:i] if pair(e.record) == pair(record) and e.record["modality"] == "asserted"]
        if record["date_precision"] is None and same and any(r["date_precision"] for r in same):
            dated = next(r for r in reversed(same) if r["date_precision"])
            record.update(date=dated["date"], date_precision=dated["date_precision"], date_text=dated["date_text"])
        for other in same:
            if other["date"] == record["date"] and bool(other["mode"]) != bool(record["mode"]):
                mode, cameo = (other["mode"], other["cameo"]) if other["mode"] else (record["mode"], record["cameo"])
                other.update(mode=mode, cameo=cameo)
                record.update(mode=mode, cameo=cameo)


_RECORDS = st.lists(st.fixed_dictionaries({
    "type": st.sampled_from(["CONSULT", "ASSAULT"]),
    "source": st.sampled_from([None, {"actor": "a"}, {"actor": "b"}]),
    "target": st.sampled_from([None, {"actor": "a"}, {"actor": "b"}]),
    "date": st.sampled_from([None, "2022-10-20", "2022-10-21"]),
    "date_precision": st.sampled_from([None, "day"]),
    "date_text": st.just(None),
    "mode": st.sampled_from([None, None, "phone", "visit"]),
    "cameo": st.sampled_from(["040", "042"]),
    "modality": st.sampled_from(["asserted", "asserted", "negated"]),
}), max_size=14)


@settings(max_examples=300, deadline=None)
@given(_RECORDS)
def test_sharing_within_an_article_is_the_pairwise_rule(records):
    import copy

    grouped = [events_extract.Event(dict(r), (0, 0)) for r in copy.deepcopy(records)]
    pairwise = [events_extract.Event(dict(r), (0, 0)) for r in copy.deepcopy(records)]
    events_extract._share_within_article(grouped)
    _share_pairwise(pairwise)
    assert [e.record for e in grouped] == [e.record for e in pairwise]

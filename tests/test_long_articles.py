"""Long articles: linear work in the body's length, pieces beyond the model's limit, same results."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from dateline.events import extract as events_extract
from dateline.model import Article, Failure
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

    nlp = load_nlp((), None, True)  # the one annotate loads (load_nlp() would be another cached object)
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


EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _news_body(size: int) -> str:
    """About ``size`` characters of the bundled examples' paragraphs (ordinary news: places, people,
    dates, events), repeated: the same actors turn up in several pieces."""
    from dateline import Dateline

    paragraphs = [p for a in Dateline(annotate=False).read(str(EXAMPLES)) for p in a.body.split("\n\n")]
    parts, total = [], 0
    while total < size:
        parts.append(paragraphs[len(parts) % len(paragraphs)])
        total += len(parts[-1]) + 2
    return "\n\n".join(parts)


def _spy_on_pools(monkeypatch) -> list[str]:
    """The names of the calls handed to any worker pool annotate starts (this process's side)."""
    from dateline import pipeline

    calls, real = [], pipeline.worker_pool

    def spied(workers, **options):
        pool = real(workers, **options)
        submit = pool.submit

        def counted(function, *arguments):
            calls.append(function.__name__)
            return submit(function, *arguments)

        pool.submit = counted
        return pool

    monkeypatch.setattr(pipeline, "worker_pool", spied)
    return calls


def _records(items) -> list[str]:
    return [json.dumps(item.to_dict() if isinstance(item, Article) else vars(item), ensure_ascii=False)
            for item in items]


@pytest.mark.slow  # starts two pools of workers, each loading the model
def test_a_long_article_spread_over_workers_gives_the_one_process_records(monkeypatch):
    # one long article used to be read by one process whatever the workers; now its pieces go to the
    # pool, and the joined layers (offsets, event ids, actors met in several pieces) must be the same
    from dateline import pipeline

    monkeypatch.setattr(pipeline, "PIECE_CHARS", 2_500)  # pieces are cut in this process, before the pool
    body = _news_body(14_000)
    pieces = len(pieces_of(body))
    assert pieces >= pipeline.POOL_PIECES

    def items():
        return [Article(id="long", origin="long.txt", body=body, published="2022-10-21T12:00:00+00:00")]

    calls = _spy_on_pools(monkeypatch)
    alone = _records(annotate(items(), workers=1))
    assert calls == []
    spread = _records(annotate(items(), workers=2))  # a run of one long article starts the pool
    assert calls == ["_annotate_pieces"] * pieces
    assert spread == alone
    record = json.loads(spread[0])
    assert record["events"] and record["actors"] and len({a["id"] for a in record["actors"]}) == len(record["actors"])

    # in a run of full batches, short articles go in batches and the long one in pieces, order kept
    calls.clear()

    def mixed():
        short = [Article(id=f"s{n}", origin=f"s{n}.txt", body=text, published="2022-10-21")
                 for n, text in enumerate(body.split("\n\n")[:4])]
        return [short[0], items()[0], Failure("bad.txt", "empty input: nothing to read"), *short[1:]]

    alone = _records(annotate(mixed(), batch_size=3, workers=1))
    spread = _records(annotate(mixed(), batch_size=3, workers=2))
    assert spread == alone
    assert calls.count("_annotate_pieces") == pieces and calls.count("_annotate_batch") == 3


def test_a_short_run_with_few_pieces_stays_in_this_process(monkeypatch):
    calls = _spy_on_pools(monkeypatch)
    (article,) = annotate([Article(id="one", origin="t", body=SENTENCE * 20, published="2022-10-21")], workers=2)
    assert article.events and calls == []


def _bare_layers(start: int) -> dict:
    event = {"id": "x-e0", "type": "CONSULT", "span": [start, start + 5], "location": None}
    return {"entities": [], "timexes": [], "places": [], "actors": [{"id": "FRA", "aliases": ["France"]}],
            "events": [event], "dropped_events": []}


def test_a_long_articles_pieces_join_as_in_one_process_or_fail_it_together():
    from dateline.pipeline import PIECE_CHARS, _piece_jobs

    body = ("word " * (PIECE_CHARS // 5)) * 3
    count = len(pieces_of(body))
    article = Article(id="x", origin="x.txt", body=body)
    jobs = list(_piece_jobs(article, ((), None, True)))
    assert len(jobs) == count and all(job.call[1].body == "" for job in jobs)  # no body sent with each piece
    done = [job.finish([_bare_layers(offset)]) for job, (offset, _) in zip(jobs, pieces_of(body))]
    assert done[:-1] == [[]] * (count - 1) and done[-1] == [article]
    assert [e["id"] for e in article.events] == [f"x-e{n}" for n in range(count)]
    assert article.actors == [{"id": "FRA", "aliases": ["France"]}]

    jobs = list(_piece_jobs(article, ((), None, True)))
    done = [jobs[0].finish("annotation failed: ValueError: boom")] + [job.finish([_bare_layers(0)]) for job in jobs[1:]]
    (failure,) = done[-1]
    assert isinstance(failure, Failure) and failure.stage == "annotate" and "boom" in failure.reason


def _results(result):
    return [result]


@pytest.mark.slow  # starts three pools
@pytest.mark.skipif(not hasattr(os, "fork"), reason="process pools as on Linux")
def test_a_job_that_kills_its_worker_twice_fails_alone_and_the_rest_go_on():
    from dateline.pipeline import _annotate_in_pool, _Job

    jobs = [_Job((abs, -1), _results, None), _Job((os._exit, 3), _results, "died twice"),
            _Job((abs, -2), _results, None), _Job((abs, -3), _results, None)]
    assert list(_annotate_in_pool(iter(jobs), 2)) == [1, "died twice", 2, 3]

"""The annotation pipeline: layers on every article, order kept, failures per article, parallel runs."""
from __future__ import annotations

from dateline import Dateline
from dateline.model import Article, Failure
from dateline.pipeline import annotate

BODY = "Ukrainian forces retook the city of Lyman in the annexed region of Donetsk on Saturday."


def _article(n: int, body: str = BODY) -> Article:
    return Article(id=str(n), origin=f"a{n}", body=body, published="2022-10-02T10:00:00+03:00")


def test_layers_are_filled_and_failures_pass_through_in_order():
    items = [_article(1), Failure("bad.txt", "empty input: nothing to read"), _article(2)]
    out = list(annotate(items))
    assert [type(x) for x in out] == [Article, Failure, Article]
    first = out[0]
    assert {p["text"]: p["feature"] for p in first.places} == {"Lyman": "city", "Donetsk": "admin"}
    assert any(t["value"] == "2022-10-01" for t in first.timexes)  # "on Saturday", before publication


def test_a_failing_article_becomes_a_failure_and_the_rest_go_on(monkeypatch):
    import dateline.pipeline as pipeline

    real = pipeline._set_layers

    def explode_on_second(article, doc):
        if article.id == "2":
            raise ValueError("boom")
        real(article, doc)

    monkeypatch.setattr(pipeline, "_set_layers", explode_on_second)
    out = list(annotate([_article(1), _article(2), _article(3)]))
    assert [type(x).__name__ for x in out] == ["Article", "Failure", "Article"]
    assert out[1].stage == "annotate" and "boom" in out[1].reason


def test_a_process_pool_gives_the_same_records_in_the_same_order():
    articles = [_article(n, BODY.replace("Saturday", ["Friday", "Monday", "Sunday"][n % 3])) for n in range(12)]
    alone = [a.to_dict() for a in annotate([Article(**vars(a)) for a in articles], batch_size=4)]
    pooled = [a.to_dict() for a in annotate(articles, batch_size=4, workers=2)]
    assert pooled == alone


def test_annotation_can_be_switched_off():
    record = Dateline(annotate=False).extract(BODY)
    assert record.entities == [] and record.places == [] and record.timexes == []


def test_the_model_multiplies_on_numpy_blas_with_one_thread_per_process():
    # blis measured about three times slower than numpy's OpenBLAS on the model's matrix shapes
    from threadpoolctl import threadpool_info

    from dateline.nlp import load_nlp

    nlp = load_nlp()
    for name in ("tok2vec", "ner"):
        assert nlp.get_pipe(name).model.ops.use_blis is False
    assert all(pool["num_threads"] == 1 for pool in threadpool_info() if pool["user_api"] == "blas")


def test_token_attributes_are_those_of_the_models_own_attribute_ruler():
    # the rules run through lookup tables (nlp.TokenAttributes); their results must not change
    import spacy

    from dateline.nlp import MODEL, load_nlp

    text = ("They ain't gonna say there is nothing left. I did it, and he had been told so.  Let's go, "
            "y'all: nothin' was done. She gets what she wants, doesn't she? Those who came were few.")
    nlp = load_nlp()
    assert "attribute_ruler" not in nlp.pipe_names and "dateline_token_attributes" in nlp.pipe_names
    ours = nlp(text)
    theirs = spacy.load(MODEL, exclude=["ner"])(text)
    assert [(t.pos_, str(t.morph), t.lemma_, t.tag_, t.dep_) for t in ours] == \
        [(t.pos_, str(t.morph), t.lemma_, t.tag_, t.dep_) for t in theirs]
    assert [t.lemma_ for t in ours][:5] == ["they", "be", "not", "go", "to"]  # rules over two tokens


def _allocator_single_threaded() -> bool:
    import ctypes

    return ctypes.c_char.in_dll(ctypes.CDLL("libc.so.6"), "__libc_single_threaded").value == b"\x01"


def test_workers_start_fresh_even_when_this_process_runs_threads():
    # a worker forked from a process that ran a thread keeps glibc's locking allocator (slower)
    import threading

    import pytest

    from dateline.pipeline import worker_pool

    try:
        _allocator_single_threaded()
    except (OSError, ValueError):
        pytest.skip("not glibc >= 2.32")
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        with worker_pool(1) as pool:
            assert pool.submit(_allocator_single_threaded).result() is True
    finally:
        stop.set()
        thread.join()


def test_importing_dateline_keeps_blas_to_one_thread_unless_the_user_said_otherwise():
    import os
    import subprocess
    import sys

    code = "import os, dateline; print(os.environ['OPENBLAS_NUM_THREADS'])"
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    assert subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                          check=True).stdout.strip() == "1"
    env["OPENBLAS_NUM_THREADS"] = "4"
    assert subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                          check=True).stdout.strip() == "4"

"""Hostile and broken input: each input gives records or one clear failure line, and the batch goes on.

Property-based (hypothesis) for every reader and for ``extract``; example counts are kept modest so
the suite stays quick, and each example must finish under a deadline.
"""
from __future__ import annotations

import gzip
import io
import os
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from dateline import Dateline, InputError
from dateline.model import Article, Failure
from dateline.sources import Input, read_input, read_paths
from dateline.sources.common import decode_text

ROOT = Path(__file__).resolve().parents[1]
CONFIG = Dateline(annotate=False).config
KINDS = ("text", "html", "jsonl", "feed", "warc")
FUZZ = settings(max_examples=40, deadline=timedelta(seconds=5), suppress_health_check=[HealthCheck.too_slow])
ARTICLE = ("Ministers of Spain and Italy met in Rome on Monday to talk about trade and the war. "
           "They said the talks went well and would go on next month in Madrid.")


def _outcome(data: bytes, kind: str, name: str = "input") -> list[Article | Failure]:
    """Every record of one input of a kind, or its one failure: nothing else may come out."""
    try:
        items = list(read_input(Input(origin=name, data=data), CONFIG, kind))
    except InputError as exc:
        assert exc.reason and "\n" not in exc.reason
        return [Failure(exc.origin, exc.reason)]
    for item in items:
        assert isinstance(item, (Article, Failure))
        if isinstance(item, Failure):
            assert item.reason and "internal error" not in item.reason, item.reason
        else:
            assert item.body.strip() and "\x00" not in item.body
            item.body.encode("utf-8")  # no lone surrogates
    return items


# --- generated input -----------------------------------------------------------------------------

_TRICKY = st.sampled_from(["\u200b", "\u200f", "\u202e", "\u2066", "\ufeff", "\u00a0", "\u2028", "é", "日本",
                           "\U0001f600", "\r\n", "\r", "\t", "[/x]", "\x1b[31m", "<", "&amp;", "{", "\"", "\x00"])
_TEXT = st.lists(st.one_of(st.text(max_size=40), _TRICKY, st.just(ARTICLE)), max_size=12).map("".join)


def _encoded(text: str, how: int) -> bytes:
    codec = ("utf-8", "utf-16", "utf-16-le", "latin-1", "cp1252", "utf-8")[how]
    return text.encode(codec, errors="replace")


@FUZZ
@given(st.binary(max_size=3000), st.sampled_from(KINDS))
def test_random_bytes_give_records_or_one_failure(data, kind):
    _outcome(data, kind)


@FUZZ
@given(_TEXT, st.integers(0, 5), st.sampled_from(KINDS))
def test_mixed_text_in_any_encoding_gives_records_or_one_failure(text, how, kind):
    _outcome(_encoded(text, how), kind)


@FUZZ
@given(st.lists(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=30),
                          st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=5), st.integers(),
                                                                               max_size=2)),
                min_size=1, max_size=6))
def test_jsonl_fields_of_the_wrong_type_fail_alone(values):
    import json

    fields = ("body", "title", "published", "authors", "url", "source", "tags", "language", "captions", "html")
    lines = [json.dumps({name: value for name, value in zip(fields, values)}, allow_nan=True),
             json.dumps({"body": ARTICLE, "title": "Trade talks"})]
    items = _outcome("\n".join(lines).encode(), "jsonl")
    assert isinstance(items[-1], Article)  # the good line after the bad one is read


@FUZZ
@given(st.integers(1, 400), st.integers(0, 8000))
def test_deep_or_huge_html_gives_records_or_one_failure(depth, width):
    page = ("<html><body>" + "<div>" * depth + f"<p>{ARTICLE}</p>" + "x" * width + "</div>" * depth
            + "</body></html>").encode()
    _outcome(page, "html")


def _feed() -> bytes:
    return (ROOT / "examples" / "feeds" / "defence.rss").read_bytes()


def _warc() -> bytes:
    return (ROOT / "examples" / "warc" / "pages.warc.gz").read_bytes()


@FUZZ
@given(st.sampled_from(["feed", "warc", "gzip-text", "jsonl"]), st.floats(0.0, 1.0))
def test_a_file_cut_anywhere_gives_records_or_one_failure(kind, share):
    whole = {"feed": _feed, "warc": _warc, "gzip-text": lambda: gzip.compress(ARTICLE.encode() * 20),
             "jsonl": lambda: (ROOT / "examples" / "jsonl" / "wire.jsonl").read_bytes()}[kind]()
    cut = whole[:int(len(whole) * share)]
    if kind == "gzip-text":
        try:
            items = list(read_input(Input(origin="x.txt.gz", path=None, data=cut), CONFIG, "text"))
        except InputError:
            return
        assert all(isinstance(i, (Article, Failure)) for i in items)
        return
    items = _outcome(cut, {"feed": "feed", "warc": "warc", "jsonl": "jsonl"}[kind])
    if kind == "feed" and 0 < len(cut) and len(cut.rstrip()) < len(whole.rstrip()) and any(isinstance(i, Article) for i in items):
        assert isinstance(items[-1], Failure)  # a cut feed always says so


@settings(max_examples=25, deadline=timedelta(seconds=10))
@given(_TEXT)
def test_extract_gives_an_article_or_an_input_error(text):
    try:
        article = Dateline(annotate=False).extract(text)
    except InputError as exc:
        assert exc.reason
        return
    article.body.encode("utf-8")


@pytest.mark.slow
@settings(max_examples=15, deadline=timedelta(seconds=30))
@given(_TEXT)
def test_extract_with_the_model_gives_an_article_or_an_input_error(text):
    try:
        article = Dateline().extract(ARTICLE + text)
    except InputError as exc:
        assert exc.reason
        return
    assert all(article.body[e["start"]:e["end"]] == e["text"] for e in article.entities)


@settings(max_examples=20, deadline=timedelta(seconds=5))
@given(st.integers(10, 200_000))
def test_long_lines_are_read(length):
    text = ("word " * (length // 5)).strip() + "."
    (article,) = _outcome(text.encode(), "text")
    assert len(article.body) == len(text)


# --- the cases found by hand ----------------------------------------------------------------------

def _reasons(*paths: str) -> list[str]:
    return [item.reason for item in read_paths(list(paths), CONFIG) if isinstance(item, Failure)]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_refused_not_waited_on(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert _reasons(str(fifo)) == ["not a regular file (a FIFO); pipe it to standard input (-) to read it"]


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="no /proc here")
def test_a_file_that_opens_but_cannot_be_read_is_one_failure():
    assert _reasons("/proc/self/mem") == ["cannot read: Input/output error"]


def test_an_empty_directory_is_named(tmp_path):
    (tmp_path / "empty").mkdir()
    (reason,) = _reasons(str(tmp_path / "empty"))
    assert reason.startswith("no article files in this directory")


def test_a_symlink_loop_in_a_walked_directory_is_named(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE)
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    items = list(read_paths([str(tmp_path)], CONFIG))
    assert [type(i).__name__ for i in items] == ["Article", "Failure", "Failure"]
    assert "symbolic link loop" in items[2].reason and "broken symbolic link" in items[1].reason


def test_a_nul_past_the_first_8_kb_is_refused():
    with pytest.raises(InputError, match="NUL character at character 10,000"):
        decode_text(b"a" * 10_000 + b"\x00" + b"b" * 10, "x")
    with pytest.raises(InputError, match="NUL byte"):
        Dateline(annotate=False).extract(b"<html><body><p>" + ARTICLE.encode() * 60 + b"\x00</p></body></html>")


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_text_is_read(codec):
    text = "Trade talks\n\n" + ARTICLE
    assert decode_text(text.encode(codec), "x") == text
    (article,) = _outcome(text.encode(codec), "text")
    assert article.title == "Trade talks" and article.body == ARTICLE


def test_utf16_html_is_read():
    page = f"<html><head><title>Trade talks</title></head><body><article><p>{ARTICLE}</p></article></body></html>"
    article = Dateline(annotate=False).extract(page.encode("utf-16"))
    assert ARTICLE in article.body


def _cut_feed(where: str) -> bytes:
    data = _feed()
    second_end = data.find(b"</item>", data.find(b"</item>") + 1)
    return data[:second_end + len(b"</item>")] if where == "between" else data[:second_end - 60]


def test_a_feed_cut_between_items_says_so_after_them():
    items = _outcome(_cut_feed("between"), "feed")
    assert [type(i).__name__ for i in items] == ["Article", "Article", "Failure"]
    assert items[-1].reason.startswith("the feed is cut off or broken after item 2")


def test_a_feed_item_cut_inside_is_named_as_cut():
    items = _outcome(_cut_feed("inside"), "feed")
    assert [type(i).__name__ for i in items] == ["Article", "Failure"]
    assert "item 2: cut off" in items[-1].reason and "no body text" not in items[-1].reason

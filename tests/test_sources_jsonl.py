"""JSON Lines reader: field names, line failures, origins, stable ids, JSON arrays."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from dateline.errors import InputError
from dateline.model import Article, Failure
from dateline.settings import Config
from dateline.sources import Input, read_input

ARTICLE = {
    "headline": "Biden defense secretary holds call with Russian counterpart",
    "text": "Defense Secretary Lloyd Austin spoke with his Russian counterpart on Friday.\n"
            "The call was the second in three days.\n\n"
            "The Pentagon gave few details.",
    "pubDate": "Fri, 21 Oct 2022 16:47:00 +0300",
    "link": "https://thehill.com/policy/defense/austin-shoigu-call/",
    "author": "Julia Shapero and Ellen Mitchell",
    "outlet": "The Hill",
    "category": "Defense",
    "keywords": "Lloyd Austin, Sergei Shoygu",
    "lang": "en",
    "captions": ["U.S. Defense Secretary Lloyd Austin attends a meeting."],
}


def read_all(path: Path, origin: str | None = None) -> list[Article | Failure]:
    return list(read_input(Input(origin=origin or path.name, path=path), Config()))


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_every_documented_field_is_read(tmp_path):
    path = write_lines(tmp_path / "news.jsonl", [json.dumps(ARTICLE)])
    [article] = read_all(path)
    assert isinstance(article, Article)
    assert article.origin == "news.jsonl#1"
    assert article.title == ARTICLE["headline"]
    assert article.body == ("Defense Secretary Lloyd Austin spoke with his Russian counterpart on Friday. "
                            "The call was the second in three days.\n\nThe Pentagon gave few details.")
    assert article.published == "2022-10-21T16:47:00+03:00"
    assert article.url == ARTICLE["link"]
    assert article.authors == ["Julia Shapero", "Ellen Mitchell"]
    assert article.source == "The Hill"
    assert article.section == "Defense"
    assert article.tags == ["Lloyd Austin", "Sergei Shoygu"]
    assert article.language == "en"
    assert article.captions == ["U.S. Defense Secretary Lloyd Austin attends a meeting."]


def test_primary_field_names_and_lists(tmp_path):
    record = {"title": "T", "body": "Body text here.", "published": "2022-10-21T12:47:00-04:00",
              "url": "https://example.com/a", "authors": [{"name": "Ann Lee"}, "Bo Chen"],
              "source": {"name": "Example News"}, "section": "World", "tags": ["Kyiv", "kyiv", "NATO"],
              "language": "uk", "id": "ignored-input-id"}
    [article] = read_all(write_lines(tmp_path / "a.jsonl", [json.dumps(record)]))
    assert article.published == "2022-10-21T12:47:00-04:00" and article.published_source == "field"
    assert article.authors == ["Ann Lee", "Bo Chen"]
    assert article.source == "Example News"
    assert article.tags == ["Kyiv", "NATO"]
    assert article.id != "ignored-input-id" and len(article.id) == 16


def test_malformed_line_in_the_middle_fails_alone(tmp_path):
    lines = [json.dumps({"title": "one", "body": "First article body."}),
             "",
             '{"title": "two" "body": "missing comma"}',
             json.dumps(["not", "an", "object"]),
             json.dumps({"title": "no body at all"}),
             json.dumps({"title": "five", "content": "Fifth article body."})]
    records = read_all(write_lines(tmp_path / "mixed.jsonl", lines))
    assert [type(r).__name__ for r in records] == ["Article", "Failure", "Failure", "Failure", "Article"]
    first, bad_json, not_object, no_body, last = records
    assert (first.origin, first.title) == ("mixed.jsonl#1", "one")
    assert bad_json.origin == "mixed.jsonl#2"
    assert bad_json.reason == "line 3: not valid JSON (Expecting ',' delimiter at column 17)"
    assert not_object.reason == "line 4: not a JSON object (got an array)"
    assert no_body.origin == "mixed.jsonl#4" and no_body.reason.startswith("line 5: no body text")
    assert (last.origin, last.body) == ("mixed.jsonl#5", "Fifth article body.")


def test_ids_are_stable_and_follow_the_line_bytes(tmp_path):
    lines = [json.dumps({"body": "Same text."}), json.dumps({"body": "Other text."})]
    first = read_all(write_lines(tmp_path / "a.jsonl", lines))
    again = read_all(write_lines(tmp_path / "b.jsonl", lines))
    assert [a.id for a in first] == [a.id for a in again]
    assert first[0].id != first[1].id


def test_json_array_file(tmp_path):
    path = tmp_path / "dump.json"
    path.write_text(json.dumps([ARTICLE, {"body": "Second."}, 42], indent=2), encoding="utf-8")
    records = read_all(path)
    assert [r.origin for r in records] == ["dump.json#1", "dump.json#2", "dump.json#3"]
    assert records[0].published == "2022-10-21T16:47:00+03:00"
    assert records[1].body == "Second."
    assert records[2] == Failure("dump.json#3", "item 3: not a JSON object (got a number)")
    assert read_all(path)[0].id == records[0].id


def test_single_pretty_printed_object(tmp_path):
    path = tmp_path / "one.json"
    path.write_text(json.dumps(ARTICLE, indent=2), encoding="utf-8")
    [article] = read_all(path)
    assert article.title == ARTICLE["headline"] and article.origin == "one.json#1"


def test_gzipped_jsonl(tmp_path):
    path = tmp_path / "news.jsonl.gz"
    path.write_bytes(gzip.compress((json.dumps(ARTICLE) + "\n").encode()))
    [article] = read_all(path)
    assert article.source == "The Hill"


@pytest.mark.parametrize("content, reason", [
    (b"", "empty input"),
    (b"\n  \n", "empty input"),
    (b"[]", "empty JSON array"),
    (b"[{\"body\": 1,}]", "not valid JSON"),
    (b"{\"body\": \"caf\xe9\"}", "invalid UTF-8"),  # Latin-1: not UTF-8 (FF FE would open UTF-16)
    (b"this is prose\nnot json\n", "not JSON Lines: line 1: not valid JSON"),
])
def test_unusable_inputs_raise(tmp_path, content, reason):
    path = tmp_path / "bad.jsonl"
    path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        read_all(path)
    assert reason in caught.value.reason
    assert caught.value.origin == "bad.jsonl"


def test_html_field_is_extracted_and_json_fields_win(tmp_path):
    paragraphs = "".join(f"<p>{text}</p>" for text in (
        "Defense Secretary Lloyd Austin spoke with his Russian counterpart on Friday, the Pentagon said.",
        "It was the second call between the two men in three days, officials said.",
        "The Pentagon gave few details about what was discussed during the call.",
        "Russian state media said the two discussed the situation in Ukraine."))
    page = (f"<!DOCTYPE html><html><head><title>Page title | The Hill</title></head><body>"
            f"<nav><a href='/'>Home</a></nav><article><h1>Austin holds call with Shoigu</h1>"
            f"{paragraphs}</article><footer>Copyright 2022</footer></body></html>")
    record = {"html": page, "title": "Title from JSON", "url": "https://thehill.com/a/"}
    [article] = read_all(write_lines(tmp_path / "pages.jsonl", [json.dumps(record)]))
    assert isinstance(article, Article), article
    assert article.origin == "pages.jsonl#1"
    assert article.title == "Title from JSON"
    assert article.url == "https://thehill.com/a/"
    assert "second call between the two men" in article.body
    assert "Copyright" not in article.body

"""WARC reader: HTML records -> articles, other records skipped, failures per record, broken archives."""
from __future__ import annotations

import gzip
import io
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from dateline.errors import InputError
from dateline.model import Article, Failure, record_id
from dateline.settings import Config
from dateline.sources import Input, read_input

PARAGRAPHS = (
    "Defense Secretary Lloyd Austin spoke with his Russian counterpart Sergei Shoigu on Friday, "
    "the Pentagon said in a short statement released after the call.",
    "It was the second call between the two defense chiefs in three days, after months in which "
    "the two sides had not spoken at that level.",
    "The Pentagon gave few details about what was discussed, saying only that Austin had stressed "
    "the importance of keeping lines of communication open.",
    "Russian state media said the two men discussed the situation in Ukraine, without giving details.",
)


def article_page(title: str, extra: str = "") -> bytes:
    body = "".join(f"<p>{p} {extra}</p>" for p in PARAGRAPHS)
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{title} | The Hill</title>"
            f"<meta property='article:published_time' content='2022-10-21T12:47:00-04:00'></head><body>"
            f"<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
            f"<article><h1>{title}</h1>{body}</article>"
            f"<footer>Copyright 2022 Nexstar Media Inc. All rights reserved.</footer></body></html>").encode()


def response(writer: WARCWriter, url: str, payload: bytes, status: str = "200 OK",
             content_type: str = "text/html; charset=utf-8") -> None:
    headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(payload),
                                                  http_headers=headers))


def write_warc(path: Path, gzipped: bool = False) -> Path:
    """An archive with two articles, a non-HTML response, a 404, a request and an empty HTML page."""
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gzipped)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
        request = StatusAndHeaders("GET /a HTTP/1.1", [("Host", "thehill.com")], is_http_request=True)
        writer.write_record(writer.create_warc_record("https://thehill.com/a", "request",
                                                      payload=io.BytesIO(b""), http_headers=request))
        response(writer, "https://thehill.com/a", article_page("Austin holds call with Shoigu"))
        response(writer, "https://thehill.com/logo.png", b"\x89PNG\r\n\x1a\n", content_type="image/png")
        response(writer, "https://thehill.com/missing", article_page("Gone"), status="404 Not Found")
        response(writer, "https://thehill.com/empty", b"<html><body><nav>Home</nav></body></html>")
        response(writer, "https://thehill.com/b", article_page("Second call in three days", "Again."))
    return path


def read_all(path: Path, config: Config | None = None) -> list[Article | Failure]:
    return list(read_input(Input(origin=path.name, path=path), config or Config()))


@pytest.mark.parametrize("name, gzipped", [("crawl.warc", False), ("crawl.warc.gz", True)])
def test_html_responses_become_articles(tmp_path, name, gzipped):
    first, empty, second = read_all(write_warc(tmp_path / name, gzipped))
    assert isinstance(first, Article), first
    assert first.origin == f"{name}#1"
    assert first.url == "https://thehill.com/a"
    assert first.published == "2022-10-21T12:47:00-04:00"
    assert "second call between the two defense chiefs" in first.body
    assert "Copyright" not in first.body
    assert first.id == record_id("warc", article_page("Austin holds call with Shoigu"))
    assert isinstance(empty, Failure) and empty.origin == f"{name}#2"
    assert empty.reason.startswith("record 2 (https://thehill.com/empty): ")
    assert isinstance(second, Article) and second.origin == f"{name}#3"
    assert second.url == "https://thehill.com/b"


def test_ids_are_stable_across_runs_and_compression(tmp_path):
    plain = [r.id for r in read_all(write_warc(tmp_path / "a.warc")) if isinstance(r, Article)]
    again = [r.id for r in read_all(write_warc(tmp_path / "b.warc")) if isinstance(r, Article)]
    packed = [r.id for r in read_all(write_warc(tmp_path / "c.warc.gz", gzipped=True))
              if isinstance(r, Article)]
    assert plain == again == packed and len(set(plain)) == 2


def test_single_stream_gzip_archive(tmp_path):
    plain = write_warc(tmp_path / "crawl.warc")
    whole = tmp_path / "whole.warc.gz"
    whole.write_bytes(gzip.compress(plain.read_bytes()))
    assert [type(r).__name__ for r in read_all(whole)] == ["Article", "Failure", "Article"]


def test_record_over_max_bytes_fails_alone(tmp_path):
    path = tmp_path / "big.warc"
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=False)
        response(writer, "https://thehill.com/big", article_page("Big page", "x" * 3000))
        response(writer, "https://thehill.com/small", article_page("Small page"))
    big, small = read_all(path, Config(max_bytes=5000))
    assert big.origin == "big.warc#1"
    assert "too large" in big.reason and "5,000" in big.reason
    assert isinstance(small, Article) and small.origin == "big.warc#2"


def test_resource_records_with_html(tmp_path):
    path = tmp_path / "res.warc"
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=False)
        writer.write_record(writer.create_warc_record(
            "https://thehill.com/r", "resource", payload=io.BytesIO(article_page("Resource page")),
            warc_content_type="text/html"))
    [article] = read_all(path)
    assert article.url == "https://thehill.com/r" and article.origin == "res.warc#1"


def test_truncated_archive_keeps_what_came_before(tmp_path):
    path = write_warc(tmp_path / "cut.warc")
    path.write_bytes(path.read_bytes()[:-400])
    records = read_all(path)
    assert [type(r).__name__ for r in records] == ["Article", "Failure", "Failure"]
    assert records[2].origin == "cut.warc#3"
    assert records[2].reason == "record 3 (https://thehill.com/b): truncated: the archive ends inside this record"


def test_archive_cut_inside_record_headers(tmp_path):
    path = write_warc(tmp_path / "cut.warc")
    data = path.read_bytes()
    last_record = data.rindex(b"WARC/1.")
    path.write_bytes(data[:last_record + 200])  # inside the WARC headers of the last record
    records = read_all(path)
    assert [type(r).__name__ for r in records] == ["Article", "Failure", "Failure"]
    assert records[-1] == Failure("cut.warc", "the archive is cut off inside WARC record 7")


def test_cut_gzip_archive_is_reported(tmp_path):
    path = write_warc(tmp_path / "cut.warc.gz", gzipped=True)
    path.write_bytes(path.read_bytes()[:-4])  # the last gzip member loses its length trailer
    records = read_all(path)
    assert [type(r).__name__ for r in records] == ["Article", "Failure", "Article", "Failure"]
    assert records[-1] == Failure("cut.warc.gz", "the gzip stream is cut off after WARC record 7")


def test_cut_before_any_page_is_an_input_error(tmp_path):
    path = write_warc(tmp_path / "cut.warc")
    path.write_bytes(path.read_bytes()[:100])
    with pytest.raises(InputError, match="cut off inside WARC record 1"):
        read_all(path)


def test_garbage_after_records_is_one_failure(tmp_path):
    path = write_warc(tmp_path / "tail.warc")
    path.write_bytes(path.read_bytes() + b"this is not a warc record\r\n\r\n")
    records = read_all(path)
    assert [type(r).__name__ for r in records] == ["Article", "Failure", "Article", "Failure"]
    assert records[-1].origin == "tail.warc"
    assert records[-1].reason == ("WARC record 8 is corrupt: Invalid WARC record, "
                                  "first line: this is not a warc record")


@pytest.mark.parametrize("name, content, reason", [
    ("empty.warc", b"", "empty input"),
    ("prose.warc", b"hello world this is not a warc\n", "not a WARC file"),
    ("bad.warc.gz", b"\x1f\x8b\x08\x00garbage that is not deflate", "not a readable gzip file"),
    ("prose.warc.gz", gzip.compress(b"just some text, gzipped\n"), "not a WARC file"),
])
def test_unusable_archives_raise(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        read_all(path)
    assert caught.value.origin == name
    assert caught.value.reason.startswith(reason)

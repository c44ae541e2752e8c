"""Readers: one per input kind, each turning an ``Input`` into article records.

Every reader has the signature ``read(inp, config) -> Iterator[Article | Failure]``: it raises
``InputError`` when the whole input is unusable and yields a ``Failure`` for one bad item of a
multi-article file, so that the rest of the file is still read.
"""
from __future__ import annotations

import re
from typing import Callable, Iterator

from ..errors import InputError
from ..model import Article, Failure
from ..settings import Config
from . import feed, html, jsonl, text, warc
from .common import utf16_encoding
from .inputs import Input, expand_paths

Reader = Callable[[Input, Config], Iterator["Article | Failure"]]

READERS: dict[str, Reader] = {
    "text": text.read,
    "html": html.read,
    "jsonl": jsonl.read,
    "feed": feed.read,
    "warc": warc.read,
}

_BY_SUFFIX = {
    ".txt": "text", ".text": "text", ".md": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl",
    ".rss": "feed", ".atom": "feed", ".xml": "feed",
    ".warc": "warc", ".warc.gz": "warc",
}


def looks_like_html(head: bytes) -> bool:
    """Do these first bytes begin an HTML page? Comments before the doctype (a template's name, a
    build stamp) are passed over."""
    start = _LEADING_COMMENTS.sub(b"", head.lstrip(b"\xef\xbb\xbf \t\r\n"))[:2048].lower()
    return start.startswith((b"<!doctype html", b"<html")) or re.search(rb"<(head|body|article)[\s>]", start) is not None


_LEADING_COMMENTS = re.compile(rb"^(?:\s*<!--.*?-->)+\s*", re.S)


def sniff_kind(name: str, head: bytes) -> str:
    """The reader for an input, from its first bytes, else its file name; plain text by default."""
    utf16 = utf16_encoding(head)
    if utf16:
        head = head[:len(head) // 2 * 2].decode(utf16, errors="ignore").encode("utf-8")
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:2048].lower()
    if start.startswith(b"warc/") or head[:2] == b"\x1f\x8b" and name.endswith(".warc.gz"):
        return "warc"
    if start.startswith((b"{", b"[")):
        return "jsonl"  # before the HTML test: a JSON field may hold a whole page
    if re.search(rb"<(rss|feed|rdf:rdf)[\s>]", start):
        return "feed"
    if looks_like_html(start):
        return "html"
    for suffix in sorted(_BY_SUFFIX, key=len, reverse=True):
        if name.endswith(suffix) or name.endswith(suffix + ".gz"):
            return _BY_SUFFIX[suffix]
    return "text"


def read_input(inp: Input, config: Config, kind: str | None = None) -> Iterator[Article | Failure]:
    """All records of one input; raises ``InputError`` if the input as a whole cannot be read."""
    if kind is None:
        head = inp.head()
        if inp.name.endswith(".gz") and not inp.name.endswith(".warc.gz"):
            head = inp.read(config.max_bytes)[:4096]
        kind = sniff_kind(inp.name, head)
    if kind not in READERS:
        raise InputError(inp.origin, f"unknown input kind {kind!r}; one of {', '.join(READERS)}")
    return READERS[kind](inp, config)


def read_paths(paths: list[str], config: Config) -> Iterator[Article | Failure]:
    """Records from files, directories, globs and ``-``; bad inputs come out as ``Failure``s."""
    for inp in expand_paths(paths):
        if isinstance(inp, InputError):
            yield Failure(inp.origin, inp.reason)
            continue
        try:
            yield from read_input(inp, config)
        except InputError as exc:
            yield Failure(exc.origin, exc.reason)
        except (RecursionError, MemoryError, ValueError, TypeError, LookupError, AttributeError,
                OSError, UnicodeError) as exc:  # a reader's own fault: this input fails, the batch goes on
            yield Failure(inp.origin, f"internal error while reading: {type(exc).__name__}: {exc}")


__all__ = ["READERS", "Input", "read_input", "read_paths", "sniff_kind"]

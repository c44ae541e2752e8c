"""RSS 0.9x/1.0/2.0 and Atom feeds -> article records, one per entry, with feedparser."""
from __future__ import annotations

import io
import json
import re
from typing import Any, Iterator
from urllib.parse import urlparse
from xml.sax import SAXParseException

import feedparser

from ..errors import InputError
from ..model import Article, Failure, record_id
from ..settings import Config
from . import html
from .common import join_paragraphs, paragraphs, split_authors, unique
from .inputs import Input
from .published import normalise_published

_HTMLISH = re.compile(r"</?[a-z][a-z0-9]*(\s[^<>]*)?/?>|&(#\d+|#x[0-9a-f]+|[a-z]+);", re.I)
_EMAIL = re.compile(r"^\S+@\S+$")
_ITEM_END = re.compile(rb"</(?:[\w-]+:)?(?:item|entry)\s*>", re.I)


def read(inp: Input, config: Config) -> Iterator[Article | Failure]:
    """Each entry of the feed -> an article; an entry without body text -> a ``Failure``."""
    data = inp.read(config.max_bytes)
    if not data.strip():
        raise InputError(inp.origin, "empty input: nothing to read")
    parsed = feedparser.parse(io.BytesIO(data))  # a stream: bytes could be taken for a file name
    _check_feed(parsed, inp.origin)
    source = _feed_source(parsed.feed)
    language = _language(parsed.feed.get("language"))
    # feedparser reads on past an XML error with a lenient parser: a feed cut off (or broken) there
    # still gives its items, the last one perhaps cut short. Items whose closing tag never came are cut.
    broken = parsed.get("bozo_exception") if isinstance(parsed.get("bozo_exception"), SAXParseException) else None
    closed = len(_ITEM_END.findall(data)) if broken else len(parsed.entries)
    for number, entry in enumerate(parsed.entries, 1):
        origin = f"{inp.origin}#{number}"
        if number > closed:
            yield Failure(origin, f"item {number}: cut off: the feed ends or breaks inside it ({_problem(broken)})")
            continue
        try:
            yield _article(entry, origin, source, language)
        except InputError as exc:
            yield Failure(origin, f"item {number}: {exc.reason}")
    if broken is not None and closed >= len(parsed.entries):
        yield Failure(inp.origin, f"the feed is cut off or broken after item {len(parsed.entries)}: "
                                  f"{_problem(broken)}")


def _check_feed(parsed: Any, origin: str) -> None:
    """Refuse input feedparser could not read as a feed at all (a feed with no entries is fine)."""
    if parsed.entries:
        return
    if parsed.get("bozo"):
        raise InputError(origin, f"not an RSS or Atom feed: {_problem(parsed.get('bozo_exception'))}")
    if not parsed.get("version"):
        raise InputError(origin, "not an RSS or Atom feed: no <rss>, <feed> or <rdf:RDF> element")


def _article(entry: Any, origin: str, source: str | None, language: str | None) -> Article:
    """One feed entry -> an article; ``InputError`` when it has no body text."""
    raw_body, kind = _raw_body(entry)
    body = _plain(raw_body, kind)
    if not body:
        raise InputError(origin, "no body text")
    published = _published(entry)
    return Article(
        id=record_id("feed", _canonical(entry, raw_body)),
        origin=origin,
        body=body,
        url=_text(entry.get("link")),
        source=source,
        title=_text(_plain(entry.get("title") or "", _kind(entry.get("title_detail")))),
        authors=_authors(entry),
        published=published,
        published_source="feed" if published else None,
        tags=unique([tag.get("term") or tag.get("label") or "" for tag in entry.get("tags") or []]),
        language=language,
    )


def _published(entry: Any) -> str | None:
    """The entry's own date string (published, else updated), offset kept: ``*_parsed`` drops it."""
    for name in ("published", "updated", "created"):
        value = normalise_published(entry.get(name))
        if value:
            return value
    return None


def _raw_body(entry: Any) -> tuple[str, str | None]:
    """The entry's fullest text as the feed gives it, and its type: ``content`` first, else ``summary``."""
    for content in entry.get("content") or []:
        if (content.get("value") or "").strip():
            return content["value"], _kind(content)
    return entry.get("summary") or "", _kind(entry.get("summary_detail"))


def _plain(value: str, kind: str | None) -> str:
    """Feed text -> plain text: HTML through ``html.fragment_text``, plain text paragraph-tidied.

    feedparser types most RSS text ``text/html`` whether or not it holds markup, so the text is looked at.
    """
    if kind not in ("text/plain", None) and _HTMLISH.search(value):
        return html.fragment_text(value).strip()
    return join_paragraphs(paragraphs(value))


def _kind(detail: Any) -> str | None:
    """The declared type of a feedparser text (``text/html``, ``text/plain``...), if any."""
    return (detail or {}).get("type") or None


def _authors(entry: Any) -> list[str]:
    """Author names from ``authors`` (names only: bare e-mail addresses are not names)."""
    names = [author.get("name") or "" for author in entry.get("authors") or []]
    if not any(names):
        names = [entry.get("author") or ""]
    return [name for name in split_authors(names) if not _EMAIL.match(name)]


def _feed_source(feed: Any) -> str | None:
    """The publisher: the feed's title, else the host of its link."""
    title = _text(_plain(feed.get("title") or "", _kind(feed.get("title_detail"))))
    if title:
        return title
    host = urlparse(feed.get("link") or "").hostname
    return host.removeprefix("www.") if host else None


def _canonical(entry: Any, raw_body: str) -> bytes:
    """The entry's identity (id, link, title, content) as stable bytes, for its record id."""
    fields = {"id": entry.get("id"), "link": entry.get("link"), "title": entry.get("title"),
              "content": raw_body}
    return json.dumps(fields, sort_keys=True, ensure_ascii=False).encode("utf-8")


def _text(value: Any) -> str | None:
    """A one-line string, or None when empty."""
    text = " ".join(str(value).split()) if value else ""
    return text or None


def _language(value: Any) -> str | None:
    """``en-us`` -> ``en``: the primary language subtag, as the HTML reader gives it."""
    text = str(value or "").strip().replace("_", "-")
    return text.split("-")[0].lower() or None


def _problem(exc: Any) -> str:
    """feedparser's parse error in one line: ``line 2, column 44: no element found``."""
    if hasattr(exc, "getLineNumber") and hasattr(exc, "getMessage"):
        return f"line {exc.getLineNumber()}, column {exc.getColumnNumber()}: {exc.getMessage()}"
    return " ".join(str(exc).split())[:200] or "unreadable XML"

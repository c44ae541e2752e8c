"""Plain-text news articles -> article records.

A text may open with a header: a section line, the headline, a byline with author and date
("by Julia Shapero - 10/21/22 12:47 PM ET", "By A and B" then "Updated 3:45 PM EDT, ..."),
and photo captions under it; it may close with a "Tags ..." line. What is recognised goes to
its field, the rest is the body. A text with no such header is all body.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator

from ..data import news_agencies
from ..model import Article, Failure, record_id
from ..settings import Config
from .common import clean_lines, decode_text, split_authors, unique
from .inputs import Input
from .published import normalise_published
from .tags import split_tags

_BYLINE = re.compile(r"^by\s+(?P<names>[^\d|]+?)(?:\s+[-–—|]\s*|\s*,\s+|\s+(?=updated|published))"
                     r"(?P<date>.*\d.*)$|^by\s+(?P<only>[^\d]+)$", re.I)
# "Ingrid Solberg | Sun 2 Oct 2022 09:35 BST": names, a bar, a date.
_NAME_BAR_DATE = re.compile(r"^(?P<names>[A-Z][\w.'-]+(?:(?: [A-Z][\w.'-]+)|(?:,? and [A-Z][\w.'-]+)){1,6})"
                            r"\s*[|]\s*(?P<date>.*\d.*)$")
_AUTHOR_PLACE = re.compile(r"\s+in\s+[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)*$")  # "By A in Lusail"
_DATE_LINE = re.compile(r"^(updated|published|posted|first published|last updated)\b.*\d|"
                        r"^(mon|tue|wed|thu|fri|sat|sun)\w*,?\s.*\d{4}|^[A-Z][a-z]{2,8}\.? \d{1,2}, \d{4}\b|"
                        r"^\d{1,2}/\d{1,2}/\d{2,4}\b|^\d{4}-\d{2}-\d{2}\b|^\d{1,2} [A-Z][a-z]+ \d{4}\b", re.I)
_CREDIT = re.compile(r"\((?:[^()]*\b(?:AP|Reuters|AFP|Getty|Photo|Pool|Images|EPA|via|Bloomberg|"
                     r"Anadolu|Sputnik|TASS|Xinhua|Shutterstock|File)\b[^()]*)\)\s*$|"
                     r"^(photo|image|caption|pictured)\s*:", re.I)
_TRAILING_CREDIT = re.compile(r"\([^()]{3,80}\)\s*$")  # under a byline, any closing "(credit)"
_TAGS = re.compile(r"^(tags|topics|keywords|related topics)\s*:?\s+(?P<tags>.+)$", re.I)
_DATELINE = re.compile(r"^[A-Z][A-Z.'\- ]{2,40}(?:,\s*[A-Z][\w.' ]{1,30})?\s*"
                       r"(?:\((?P<agency>[A-Za-z .&-]{2,30})\))?\s*[-–—]{1,2}\s+\S")
_HEADER_REACH = 4  # blocks at the top where a header may stand


@dataclass
class _Parts:
    """What the header parser has found so far."""

    title: str | None = None
    section: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    source: str | None = None
    captions: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)


def read(inp: Input, config: Config) -> Iterator[Article | Failure]:
    """One text file -> one article."""
    data = inp.read(config.max_bytes)
    yield article_from_text(decode_text(data, inp.origin), inp.origin, id_data=data)


def article_from_text(text: str, origin: str, *, id_data: bytes | None = None) -> Article:
    """Plain text -> its article record, with the header fields taken out of the body."""
    parts = parse_text(text)
    return Article(
        id=record_id("text", id_data if id_data is not None else text.encode("utf-8")),
        origin=origin, body="\n\n".join(parts.body), title=parts.title, section=parts.section,
        authors=parts.authors, published=parts.published, published_source="text" if parts.published else None,
        source=parts.source,
        captions=parts.captions, tags=parts.tags, language=None,
    )


def parse_text(text: str) -> _Parts:
    """Split a plain-text article into header fields, captions, tags and body paragraphs."""
    blocks = _blocks(text)
    parts = _Parts()
    start = _read_header(blocks, parts)
    body_blocks = blocks[start:]
    tag_line = _TAGS.match(" ".join(body_blocks[-1])) if body_blocks else None
    if tag_line:
        body_blocks.pop()
    for block in body_blocks:
        paragraph = " ".join(line.strip() for line in block)
        (parts.captions if _CREDIT.search(paragraph) else parts.body).append(paragraph)
    if tag_line:
        parts.tags = split_tags(tag_line["tags"], context=" ".join([parts.title or "", *parts.body]))
    if parts.body and not parts.source:
        parts.source = _dateline_agency(parts.body[0])
    return parts


def _blocks(text: str) -> list[list[str]]:
    """Blank-line separated blocks, each a list of its non-empty lines."""
    blocks, current = [], []
    for line in clean_lines(text):
        if line.strip():
            current.append(" ".join(line.split()))
        elif current:
            blocks.append(current)
            current = []
    return blocks + [current] if current else blocks


def _read_header(blocks: list[list[str]], parts: _Parts) -> int:
    """Fill the header fields; return the index of the first body block."""
    top = [(b, i, line) for b, block in enumerate(blocks[:_HEADER_REACH]) for i, line in enumerate(block)]
    marks = [k for k, (_, _, line) in enumerate(top) if _is_byline(line)]
    if not marks:
        return _title_only(blocks, parts)
    first, last = marks[0], marks[-1]
    for _, _, line in top[first:last + 1]:
        _take_byline(line, parts)
    before = [line for _, _, line in top[:first]]
    if len(before) >= 2 and _is_section(before[0]):
        parts.section = before.pop(0)
    parts.title = before[-1] if before else None
    block_no, line_no, _ = top[last]
    rest = blocks[block_no][line_no + 1:]
    if rest and _is_outlet_line(rest[0]):
        parts.source = parts.source or rest.pop(0)
    if rest and any(_CREDIT.search(line) or _TRAILING_CREDIT.search(line) for line in rest):
        parts.captions.extend(_caption_order(rest))
    elif rest:
        blocks.insert(block_no + 1, rest)
    return block_no + 1


def _is_byline(line: str) -> bool:
    return len(line) < 160 and bool(_BYLINE.match(line) or _NAME_BAR_DATE.match(line) or _DATE_LINE.match(line))


def _take_byline(line: str, parts: _Parts) -> None:
    found = _BYLINE.match(line) or _NAME_BAR_DATE.match(line)
    names = (found.groupdict().get("names") or found.groupdict().get("only")) if found else None
    date_text = found["date"] if found else line
    if names:
        for name in split_authors(_AUTHOR_PLACE.sub("", names.strip())):
            agency = news_agencies().get(name.casefold())
            if agency:
                parts.source = parts.source or agency
            else:
                parts.authors.append(name)
    if date_text and not parts.published:
        parts.published = normalise_published(date_text)


def _is_section(line: str) -> bool:
    return len(line.split()) <= 4 and not line.rstrip().endswith((".", "!", "?", ":", '"', "”"))


def _is_outlet_line(line: str) -> bool:
    """A short title-cased line with no punctuation right under the byline names the outlet."""
    words = line.split()
    return len(words) <= 4 and all(w[:1].isupper() for w in words) and not re.search(r"[.,;:!?()\d]", line)


def _caption_order(lines: list[str]) -> list[str]:
    """Captions with a credit first (the caption proper), then the photo's title lines."""
    credited = [line for line in lines if _CREDIT.search(line)]
    return credited + [line for line in lines if line not in credited]


def _title_only(blocks: list[list[str]], parts: _Parts) -> int:
    """A first block of one short line with no closing punctuation, before a real paragraph, is a title."""
    if len(blocks) >= 2 and len(blocks[0]) == 1:
        line = blocks[0][0]
        if len(line.split()) <= 16 and not line.endswith((".", "!", "?", ":", ";", ",", '"', "”")) \
                and " ".join(blocks[1]).rstrip().endswith((".", "!", "?", '"', "”", ")")):
            parts.title = line
            return 1
    return 0


def _dateline_agency(paragraph: str) -> str | None:
    """``WASHINGTON (Reuters) - ...`` -> ``Reuters``."""
    found = _DATELINE.match(paragraph)
    agency = found["agency"] if found else None
    return news_agencies().get(agency.strip().casefold(), agency.strip()) if agency else None

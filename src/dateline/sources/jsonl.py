"""JSON Lines (and JSON arrays) of articles -> article records, one per object."""
from __future__ import annotations

import json
import re
from typing import Any, Iterator

from ..errors import InputError
from ..model import Article, Failure, record_id
from ..settings import Config
from . import html
from .common import decode_text, join_paragraphs, paragraphs, split_authors, unique
from .inputs import Input
from .published import normalise_published

BODY_FIELDS = ("body", "text", "content", "article", "maintext")
TITLE_FIELDS = ("title", "headline")
DATE_FIELDS = ("published", "date", "published_at", "pubDate", "datetime", "date_publish")
URL_FIELDS = ("url", "link")
AUTHOR_FIELDS = ("authors", "author", "byline")
SOURCE_FIELDS = ("source", "outlet", "publisher", "source_domain")
SECTION_FIELDS = ("section", "category")
TAG_FIELDS = ("tags", "keywords")
LANGUAGE_FIELDS = ("language", "lang")


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class _Bad(str):
    """Why one line or item could not be parsed (kept apart from parsed values)."""


def read(inp: Input, config: Config) -> Iterator[Article | Failure]:
    """Each JSON object of the input -> an article; a bad line -> a ``Failure`` naming it."""
    text = decode_text(inp.read(config.max_bytes), inp.origin)
    yield from _records(_items(text, inp.origin), inp.origin, config)


def read_lines(inp: Input, config: Config) -> Iterator[Article | Failure]:
    """Each non-blank line -> an article or a ``Failure``: a range of lines cut from a larger JSON Lines
    file (cluster.py), read as the whole file reads them even when a line holds an array."""
    text = decode_text(inp.read(config.max_bytes), inp.origin)
    yield from _records(_line_items(text), inp.origin, config)


def _records(items: list[tuple[str, bytes, Any]], input_origin: str, config: Config) -> Iterator[Article | Failure]:
    for number, (where, raw, value) in enumerate(items, 1):
        origin = f"{input_origin}#{number}"
        if isinstance(value, _Bad):
            yield Failure(origin, f"{where}: {value}")
            continue
        try:
            yield _article(value, raw, origin, config)
        except InputError as exc:
            yield Failure(origin, f"{where}: {exc.reason}")


def _items(text: str, origin: str) -> list[tuple[str, bytes, Any]]:
    """(where, raw bytes, parsed value) for each object: a JSON array, one pretty-printed object, or lines."""
    stripped = text.strip()
    if stripped.startswith("["):
        return _array_items(stripped, origin)
    single = _single_object(stripped)
    if single is not None:
        return [("item 1", stripped.encode("utf-8"), single)]
    items = _line_items(text)
    if all(isinstance(value, _Bad) for _, _, value in items):
        where, _, reason = items[0]
        raise InputError(origin, f"not JSON Lines: {where}: {reason}")
    return items


def _line_items(text: str) -> list[tuple[str, bytes, Any]]:
    """One item per non-blank line (split on ``\\n`` only: JSON strings may hold U+2028)."""
    items = []
    for lineno, line in enumerate(text.split("\n"), 1):
        line = line.strip()
        if line:
            items.append((f"line {lineno}", line.encode("utf-8"), _object(_parse(line))))
    return items


def _array_items(text: str, origin: str) -> list[tuple[str, bytes, Any]]:
    """The elements of a JSON array, each with a canonical serialisation for its id."""
    value = _parse(text)
    if isinstance(value, _Bad):
        raise InputError(origin, value)
    if not value:
        raise InputError(origin, "empty JSON array: nothing to read")
    return [(f"item {n}", _canonical(item), _object(item)) for n, item in enumerate(value, 1)]


def _single_object(text: str) -> dict[str, Any] | None:
    """A whole file holding one pretty-printed object (its first line alone is not JSON), else None."""
    first = text.split("\n", 1)[0]
    if not text.startswith("{") or first == text or not isinstance(_parse(first), _Bad):
        return None
    value = _parse(text)
    return value if isinstance(value, dict) else None


def _parse(text: str) -> Any:
    """Parsed JSON, or a ``_Bad`` reason naming where the text stops being JSON."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno} column {exc.colno}" if "\n" in text else f"column {exc.colno}"
        return _Bad(f"not valid JSON ({exc.msg.removesuffix(' at')} at {where})")
    except RecursionError:
        return _Bad("not valid JSON (nested too deeply)")


def _object(value: Any) -> Any:
    """The value if it is a JSON object (or already a ``_Bad``), else a ``_Bad`` saying what it is."""
    if isinstance(value, (dict, _Bad)):
        return value
    kind = {list: "an array", str: "a string", bool: "a boolean", type(None): "null"}.get(type(value), "a number")
    return _Bad(f"not a JSON object (got {kind})")


def _canonical(value: Any) -> bytes:
    """The same JSON value always serialises to the same bytes."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _article(obj: dict[str, Any], raw: bytes, origin: str, config: Config) -> Article:
    """One JSON object -> an article: its body field, else its ``html`` field, then its own fields."""
    body = _body(obj)
    page = obj.get("html")
    if body:
        article = Article(id="", origin=origin, body=body)
    elif isinstance(page, str) and page.strip():
        article = html.article_from_html(page, origin, config, url=_text(_first(obj, URL_FIELDS)),
                                         id_kind="jsonl")
    else:
        raise InputError(origin, "no body text (none of the fields " + ", ".join(BODY_FIELDS) + ", html)")
    article.id = record_id("jsonl", raw)
    _overlay(article, obj)
    return article


def _overlay(article: Article, obj: dict[str, Any]) -> None:
    """Set every field the object gives (non-empty) over what the article already has."""
    given = {
        "title": _text(_first(obj, TITLE_FIELDS)),
        "url": _text(_first(obj, URL_FIELDS)),
        "published": _published(_first(obj, DATE_FIELDS)),
        "authors": split_authors(_first(obj, AUTHOR_FIELDS)),
        "source": _text(_first(obj, SOURCE_FIELDS)),
        "section": _text(_first(obj, SECTION_FIELDS)),
        "tags": _strings(_first(obj, TAG_FIELDS), split_commas=True),
        "language": _language(_text(_first(obj, LANGUAGE_FIELDS))),
        "captions": _strings(obj.get("captions"), split_commas=False),
    }
    for name, value in given.items():
        if value:
            setattr(article, name, value)
    if given["published"]:
        article.published_source = "field"  # the object's own date field


def _first(obj: dict[str, Any], names: tuple[str, ...]) -> Any:
    """The value of the first of ``names`` the object has with a non-empty value."""
    for name in names:
        if obj.get(name) not in (None, "", [], {}):
            return obj[name]
    return None


def _published(value: Any) -> str | None:
    """A date string -> ISO 8601; numbers (epoch seconds? a year?) are too ambiguous to read."""
    return normalise_published(value) if isinstance(value, str) else None


def _body(obj: dict[str, Any]) -> str:
    """Plain-text body (a string, or a list of paragraphs), blank-line paragraphs kept."""
    value = _first(obj, BODY_FIELDS)
    if isinstance(value, list):
        value = "\n\n".join(item for item in value if isinstance(item, str))
    # JSON can spell any control character ("\u0000"): they are no text
    return join_paragraphs(paragraphs(_CONTROL.sub("", value))) if isinstance(value, str) else ""


def _text(value: Any) -> str | None:
    """A one-line string from a string, number, ``{"name": ...}`` or list (its first item)."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name") or value.get("term") or value.get("label")
    if isinstance(value, bool) or value is None:
        return None
    text = " ".join(str(value).split()) if isinstance(value, (str, int, float)) else ""
    return text or None


def _language(value: str | None) -> str | None:
    """``en-US`` -> ``en``: the primary language subtag, as the HTML reader gives it."""
    primary = (value or "").replace("_", "-").split("-")[0].lower()
    return primary or None


def _strings(value: Any, split_commas: bool) -> list[str]:
    """A list of strings from a list (of strings or ``{"name": ...}``) or one (comma-separated) string."""
    if isinstance(value, str):
        items = value.split(",") if split_commas else [value]
    elif isinstance(value, list):
        items = [_text(item) or "" for item in value if not isinstance(item, list)]
    else:
        items = []
    return unique(items)

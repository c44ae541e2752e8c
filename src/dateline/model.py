"""The records of SCHEMA.md (``dateline/1``): one typed object from the readers to the exports."""
from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field, fields
from typing import Any
from urllib.parse import urlsplit

SCHEMA_VERSION = "dateline/1"


def record_id(kind: str, data: bytes) -> str:
    """A stable id: the same input bytes (of the same kind) always give the same id."""
    return hashlib.sha256(kind.encode() + b"\0" + data).hexdigest()[:16]


@dataclass
class Article:
    """One article record. Layers after ``captions`` are filled by the annotation pipeline."""

    id: str
    origin: str
    body: str
    url: str | None = None
    source: str | None = None
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    published_source: str | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    language: str | None = None
    captions: list[str] = field(default_factory=list)
    entities: list[dict[str, Any]] = field(default_factory=list)
    timexes: list[dict[str, Any]] = field(default_factory=list)
    places: list[dict[str, Any]] = field(default_factory=list)
    actors: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    # candidates that were not coded, each with the check that dropped it (events/political.py)
    dropped_events: list[dict[str, Any]] = field(default_factory=list)
    schema: str = SCHEMA_VERSION

    @property
    def outlet(self) -> str | None:
        """Who published it: the publisher's name when known, else the site's host from the URL, else None
        (never the file it was read from)."""
        host = urlsplit(self.url).hostname if self.url else None
        return self.source or (host.removeprefix("www.") if host else None)

    def to_dict(self) -> dict[str, Any]:
        """The record as SCHEMA.md orders it (``schema`` first)."""
        data = asdict(self)
        # what was not coded is shown with the record but not stored (the store keeps FIELD_ORDER)
        return {name: data[name] for name in FIELD_ORDER} | {"dropped_events": data["dropped_events"]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Article":
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


FIELD_ORDER = (
    "schema", "id", "origin", "url", "source", "title", "authors", "published", "published_source", "section",
    "tags", "language", "body", "captions", "entities", "timexes", "places", "actors", "events",
)


MODALITIES = ("asserted", "negated", "hypothetical", "future")


def modality_filter(value: str | None) -> str | None:
    """A modality filter as the CLI, the API and export take it -> the modality to keep, or None for every
    one: ``any`` (``all`` is the same; so is None)."""
    if value is None or value in ("any", "all"):
        return None
    if value not in MODALITIES:
        from .errors import ConfigError

        raise ConfigError(f"unknown modality {value!r}: use {', '.join(MODALITIES)} or any (all)")
    return value


@dataclass(frozen=True)
class Failure:
    """An input that could not become an article: where, at which stage, and why."""

    origin: str
    reason: str
    stage: str = "read"

    def line(self) -> str:
        return f"{self.origin}: {self.reason}"

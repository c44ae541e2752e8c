"""HTML pages -> article records, with trafilatura for the main text."""
from __future__ import annotations

from typing import Iterator

from ..errors import InputError
from ..model import Article, Failure, record_id
from ..settings import Config
from .inputs import Input


def read(inp: Input, config: Config) -> Iterator[Article | Failure]:
    data = inp.read(config.max_bytes)
    yield article_from_html(data, inp.origin, config)


def article_from_html(page: bytes | str, origin: str, config: Config, *, url: str | None = None,
                      id_kind: str = "html") -> Article:
    """One HTML page -> its article; ``InputError`` when the page holds no article text."""
    raise NotImplementedError


def fragment_text(fragment: str) -> str:
    """An HTML fragment (a feed item's content) -> plain text, one paragraph per block element."""
    raise NotImplementedError

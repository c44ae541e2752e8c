"""dateline: news in, event data out — who did what to whom, when and where."""
from __future__ import annotations

import os

# One BLAS thread per process, as dateline runs in parallel by processes (see nlp.load_model). Set
# before numpy loads, OpenBLAS starts no idle thread, and a process that never ran a second thread
# keeps glibc's lock-free memory allocator: the whole pipeline measured about a sixth faster.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from typing import Iterator  # noqa: E402

from .core import Dateline, IngestSummary
from .errors import ConfigError, DatelineError, InputError, StoreError
from .model import Article, Failure
from .settings import Config

__version__ = "0.1.0"


def read(*paths: str, published: str | None = None) -> Iterator[Article]:
    """Articles of files, directories, globs or ``-`` with default settings; bad input raises ``InputError``."""
    return Dateline().read(*paths, published=published)


def extract(text_or_html: str | bytes, *, published: str | None = None, url: str | None = None) -> Article:
    """One article given as plain text or HTML -> its record, with default settings."""
    return Dateline().extract(text_or_html, published=published, url=url)


__all__ = ["Article", "Config", "ConfigError", "Dateline", "DatelineError", "Failure", "IngestSummary",
           "InputError", "StoreError", "extract", "read"]

"""``Dateline``: the one core object that the CLI, the HTTP API, tests and workers all build."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from pathlib import Path

from .errors import ConfigError, InputError
from .model import Article, Failure
from .settings import Config
from .sources import read_paths
from .sources.html import article_from_html
from .sources.inputs import expand_paths
from .sources.published import normalise_published
from .sources.text import article_from_text
from .store import Store

Progress = Callable[[Article | Failure], None]
WRITE_WAIT_SECONDS = 60  # how long an ingest waits for a query to let the database file go
READ_WAIT_SECONDS = 30  # how long a query waits for an ingest's batch to be written
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass
class IngestSummary:
    """What one ingest run did."""

    new: int = 0
    existing: int = 0
    replaced: int = 0  # stored articles annotated again for a changed --published, and replaced
    failures: list[Failure] = field(default_factory=list)
    interrupted: bool = False  # stopped by Ctrl-C: what is counted was stored, the rest was not read

    @property
    def failed(self) -> int:
        return len(self.failures)


class Dateline:
    """Reads articles into records and keeps them in a store, under one ``Config``."""

    def __init__(self, config: Config | None = None, **overrides: object):
        self.config = config or Config.load(**overrides)

    def records(self, paths: Iterable[str] | str, *, published: str | None = None) -> Iterator[Article | Failure]:
        """Every record (or failure) of the given files, directories, globs or ``-`` (one str: one path)."""
        paths = path_list(paths, "paths")  # checked now, not at the first record
        when = _published_override(published)
        items = (_with_published(item, when) for item in read_paths(paths, self.config))
        if self.config.annotate:
            from .pipeline import annotate

            items = annotate(items, workers=self.config.workers, **self._pipeline_options())
        return items

    def read(self, *paths: str, published: str | None = None,
             on_error: Callable[[Failure], None] | None = None) -> Iterator[Article]:
        """Articles of the inputs; a bad input raises ``InputError`` unless ``on_error`` takes it."""
        if not paths:
            raise TypeError("read() needs at least one path (a file, directory, glob or '-')")
        return _articles(self.records(paths, published=published), on_error)

    def extract(self, text_or_html: str | bytes, *, published: str | None = None, url: str | None = None,
                origin: str = "<text>") -> Article:
        """One article given as a string (plain text or HTML) -> its record."""
        if not isinstance(text_or_html, (str, bytes, bytearray)):
            raise TypeError(f"text_or_html: expected str or bytes, got {type(text_or_html).__name__}")
        for name, value in (("url", url), ("origin", origin)):
            if value is not None and not isinstance(value, str):
                raise TypeError(f"{name}: expected str, got {type(value).__name__}")
        raw = bytes(text_or_html) if not isinstance(text_or_html, str) else \
            _LONE_SURROGATE.sub("\ufffd", text_or_html).encode("utf-8")  # "\ud800" cannot be UTF-8
        if _looks_like_html(raw):
            article = article_from_html(raw, origin, self.config, url=url)
        else:
            from .sources.common import decode_text

            article = article_from_text(decode_text(raw, origin), origin, id_data=raw)
            article.url = url
        article = _with_published(article, _published_override(published))
        if self.config.annotate:
            from .pipeline import annotate

            (article,) = annotate([article], **self._pipeline_options())
            if isinstance(article, Failure):
                raise InputError(article.origin, article.reason)
        return article

    def count_inputs(self, paths: Iterable[str] | str) -> int:
        """How many files the paths expand to (for a progress bar)."""
        paths = path_list(paths, "paths")
        return sum(1 for p in paths if p != "-" for _ in expand_paths([p])) + ("-" in paths)

    def ingest(self, paths: Iterable[str] | str, *, published: str | None = None,
               progress: Progress | None = None) -> IngestSummary:
        """Read and store. An article already stored (same id, or the same body from another container)
        is counted, not annotated again, unless ``published`` differs from its stored date: then it is
        annotated again and replaces the stored one. Each batch is one transaction, the database file
        held only while it is written, so queries run meanwhile; a second ingest into the same database
        is refused while one runs. Ctrl-C stops it: what was annotated is stored, the summary says so."""
        from .store import fingerprint

        paths = path_list(paths, "paths")  # bad arguments fail here, before the store opens
        when = _published_override(published)
        summary = IngestSummary()
        with IngestLock(self.config.db):
            with self._writer() as store:
                stored, by_print = store.stored_keys()
            replacing: dict[str, str] = {}

            def unstored(items: Iterator[Article | Failure]) -> Iterator[Article | Failure]:
                """Articles not stored yet (looked up before the model reads them); the rest counted."""
                for item in items:
                    if isinstance(item, Article):
                        stored_id = item.id if item.id in stored else by_print.get(fingerprint(item.body))
                        if stored_id is not None and (when is None or stored[stored_id] == when):
                            summary.existing += 1
                            if progress:
                                progress(item)
                            continue
                        if stored_id is not None:
                            replacing[item.id] = stored_id
                    yield item

            items = unstored(_with_published(item, when) for item in read_paths(paths, self.config))
            if self.config.annotate:
                from .pipeline import annotate

                items = annotate(items, workers=self.config.workers, **self._pipeline_options())
            batch: list[Article | Failure] = []
            try:
                for item in items:
                    batch.append(item)
                    if isinstance(item, Failure):
                        summary.failures.append(item)
                    if len(batch) >= self.config.batch_size:
                        self._flush(batch, replacing, summary, stored, by_print)
                    if progress:
                        progress(item)
            except KeyboardInterrupt:
                summary.interrupted = True
                getattr(items, "close", lambda: None)()  # stops the workers now
            self._flush(batch, replacing, summary, stored, by_print)
            if not summary.interrupted:
                from .merge import refresh_merges

                with self._writer() as store:
                    refresh_merges(store, self.config.merge_window_days, self.config.merge_reciprocal_types)
        return summary

    def _writer(self) -> Store:
        """The database opened for writing, waiting while another process (a query) holds it."""
        return Store(self.config.db, wait=WRITE_WAIT_SECONDS)

    def _flush(self, batch: list[Article | Failure], replacing: dict[str, str], summary: IngestSummary,
               stored: dict[str, str | None], by_print: dict[str, str]) -> None:
        """Write one batch (articles and failures) in one transaction; the file is let go after it."""
        from .store import fingerprint

        if not batch:
            return
        articles = [a for a in batch if isinstance(a, Article)]
        with self._writer() as store:
            counts = store.write(articles, [f for f in batch if isinstance(f, Failure)],
                                 {a.id: replacing[a.id] for a in articles if a.id in replacing})
        summary.new += counts.new
        summary.existing += counts.existing
        summary.replaced += counts.replaced
        for article in articles:
            stored.pop(replacing.pop(article.id, ""), None)
            stored[article.id] = article.published
            by_print[fingerprint(article.body)] = article.id
        batch.clear()

    def _pipeline_options(self) -> dict:
        return {"kb_files": self.config.actor_files, "codebook": self.config.codebook or None,
                "events": self.config.events}

    def check_actor_files(self) -> None:
        """Fail early and by name when a user's actor table is missing or malformed."""
        from .actors.kb import load_kb

        for path in self.config.actor_files:
            if not Path(path).is_file():
                raise ConfigError(f"actor file {path}: no such file")
        if self.config.actor_files:
            try:
                load_kb(self.config.actor_files)
            except (OSError, ValueError) as exc:
                raise ConfigError(f"actor files {', '.join(self.config.actor_files)}: {exc}") from exc

    def store(self, *, read_only: bool = True) -> Store:
        """The configured database (read-only by default, so queries can run beside an ingest)."""
        return Store(self.config.db, read_only=read_only, wait=READ_WAIT_SECONDS)

    def merge(self, *, rebuild: bool = False) -> int:
        """Bring the merged events up to date (recompute all with ``rebuild``); returns the events placed."""
        from .merge import rebuild_merges, refresh_merges

        with Store(self.config.db) as store:
            return (rebuild_merges if rebuild else refresh_merges)(
                store, self.config.merge_window_days, self.config.merge_reciprocal_types)

    def _merged_store(self) -> Store:
        """The store opened read-only, its merged events first brought up to date when that is possible."""
        from .errors import StoreError
        from .merge import is_stale

        store = self.store()
        if is_stale(store):
            store.close()
            try:
                self.merge()
            except StoreError:  # another process is writing: query what is there
                pass
            store = self.store()
        return store

    def events(self, **filters: object) -> list[dict]:
        """Events matching the filters of ``queries.events`` (merged unless ``raw=True``)."""
        from . import queries

        with self._merged_store() as store:
            return queries.events(store, **filters)

    def contacts(self, a: str, b: str, **options: object) -> list[dict]:
        """Contacts between two parties (actor id or name, country, COUNTRY:ROLE), see ``queries.contacts``."""
        from . import queries

        with self._merged_store() as store:
            return queries.contacts(store, a, b, **options)

    def timeline(self, actor: str, **options: object) -> list[dict]:
        """Events involving one actor, by date."""
        from . import queries

        with self._merged_store() as store:
            return queries.timeline(store, actor, **options)

    def network(self, **options: object) -> list[dict]:
        """Dyad counts by event type."""
        from . import queries

        options.setdefault("reciprocal", self.config.merge_reciprocal_types)
        with self._merged_store() as store:
            return queries.network(store, **options)

    def stats(self, **options: object) -> list[dict]:
        """Counts of articles, events and merged events; by type, by month; top actors."""
        from . import queries

        with self._merged_store() as store:
            return queries.stats(store, **options)

    def check(self, article_id: str) -> list[dict]:
        """The contact-history statements of a stored article checked against the database."""
        from .check import check_article

        with self._merged_store() as store:
            return check_article(store, article_id)


def _articles(items: Iterator[Article | Failure], on_error: Callable[[Failure], None] | None) -> Iterator[Article]:
    for item in items:
        if isinstance(item, Article):
            yield item
        elif on_error is None:
            raise InputError(item.origin, item.reason)
        else:
            on_error(item)


class IngestLock:
    """One ingest at a time per database: a second one is refused by name rather than interleaved.

    An advisory lock on ``<db>.ingest-lock`` (flock: the system drops it when the process ends, however
    it ends); where there is no flock (Windows) DuckDB's own lock still keeps each write whole.
    """

    def __init__(self, db: str):
        self.path = f"{db}.ingest-lock"
        self.file = None

    def __enter__(self) -> "IngestLock":
        from .errors import StoreError
        from .store import check_database_file

        check_database_file(self.db_path)
        try:
            import fcntl
        except ImportError:
            return self
        try:
            self.file = open(self.path, "a+")
            fcntl.flock(self.file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            self.file.seek(0)
            holder = self.file.read().strip()
            self.file.close()
            raise StoreError(f"{self.db_path}: another ingest is writing to this database"
                             f"{f' (process {holder})' if holder else ''}; wait for it to finish") from exc
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot take the ingest lock ({exc.strerror or exc})") from exc
        self.file.seek(0)
        self.file.truncate()
        self.file.write(str(os.getpid()))
        self.file.flush()
        return self

    @property
    def db_path(self) -> str:
        return self.path.removesuffix(".ingest-lock")

    def __exit__(self, *exc_info: object) -> None:
        if self.file is not None:
            self.file.close()  # closing drops the lock; the file stays (removing it would race a waiter)


def _with_published(item: Article | Failure, when: str | None) -> Article | Failure:
    if when and isinstance(item, Article):
        item.published = when
    return item


def path_list(paths: object, name: str) -> list[str]:
    """Paths as the API takes them: one str or path (never walked letter by letter), or an iterable of them."""
    if isinstance(paths, (str, os.PathLike)):
        return [os.fspath(paths)]
    if paths is None or isinstance(paths, (bytes, bytearray)) or not isinstance(paths, Iterable):
        raise TypeError(f"{name}: expected a path or a list of paths, got {type(paths).__name__}")
    items = list(paths)
    for item in items:
        if not isinstance(item, (str, os.PathLike)):
            raise TypeError(f"{name}: expected paths (str), got an item of type {type(item).__name__}")
    return [os.fspath(item) for item in items]


def _published_override(value: str | None) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError(f"published: expected an ISO 8601 str, got {type(value).__name__}")
    when = normalise_published(value)
    if when is None:
        raise InputError("--published", f"not a date: {value!r} (use ISO 8601, e.g. 2022-10-21T12:47:00-04:00)")
    return when


def _looks_like_html(raw: bytes) -> bool:
    start = raw.lstrip()[:1024].lower()
    return start.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in start or b"<p>" in start

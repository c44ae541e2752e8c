"""``Dateline``: the one core object that the CLI, the HTTP API, tests and workers all build."""
from __future__ import annotations

import threading
from contextlib import contextmanager
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


@dataclass
class IngestSummary:
    """What one ingest run did."""

    new: int = 0
    existing: int = 0
    failures: list[Failure] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.failures)


class Dateline:
    """Reads articles into records and keeps them in a store, under one ``Config``."""

    def __init__(self, config: Config | None = None, **overrides: object):
        self.config = config or Config.load(**overrides)
        self._held: Store | None = None
        self._write_lock = threading.Lock()

    def hold(self) -> "Dateline":
        """Keep the database open in this process (a server): every query then reads a snapshot view of
        it, and writes (ingest, merge) take turns on it, so reads keep answering while one writes."""
        if self._held is None:
            self._held = Store(self.config.db)
            from .merge import ensure_tables, is_stale, refresh_merges

            ensure_tables(self._held)
            if is_stale(self._held):
                refresh_merges(self._held, self.config.merge_window_days, self.config.merge_reciprocal_types)
        return self

    def release(self) -> None:
        """Close the database that ``hold`` opened."""
        if self._held is not None:
            self._held.close()
            self._held = None

    @contextmanager
    def _writer(self) -> Iterator[Store]:
        """The store to write: the held database, one writer at a time, or the file opened for this call."""
        if self._held is None:
            with Store(self.config.db) as store:
                yield store
            return
        with self._write_lock:
            view = self._held.view(read_only=False)
            try:
                yield view
            finally:
                view.close()

    def records(self, paths: Iterable[str], *, published: str | None = None) -> Iterator[Article | Failure]:
        """Every record (or failure) of the given files, directories, globs or ``-``."""
        yield from self._annotated(read_paths(list(paths), self.config), published)

    def _annotated(self, items: Iterable[Article | Failure], published: str | None) -> Iterator[Article | Failure]:
        when = _published_override(published)
        items = (_with_published(item, when) for item in items)
        if self.config.annotate:
            from .pipeline import annotate

            items = annotate(items, workers=self.config.workers, **self._pipeline_options())
        yield from items

    def read(self, *paths: str, published: str | None = None,
             on_error: Callable[[Failure], None] | None = None) -> Iterator[Article]:
        """Articles of the inputs; a bad input raises ``InputError`` unless ``on_error`` takes it."""
        for item in self.records(paths, published=published):
            if isinstance(item, Article):
                yield item
            elif on_error is None:
                raise InputError(item.origin, item.reason)
            else:
                on_error(item)

    def extract(self, text_or_html: str | bytes, *, published: str | None = None, url: str | None = None,
                origin: str = "<text>") -> Article:
        """One article given as a string (plain text or HTML) -> its record."""
        raw = text_or_html if isinstance(text_or_html, bytes) else text_or_html.encode("utf-8")
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

    def count_inputs(self, paths: Iterable[str]) -> int:
        """How many files the paths expand to (for a progress bar)."""
        return sum(1 for p in paths if p != "-" for _ in expand_paths([p])) + ("-" in paths)

    def ingest(self, paths: Iterable[str], *, published: str | None = None,
               progress: Progress | None = None) -> IngestSummary:
        """Read and store; already-stored articles are skipped, failures recorded, batches committed.

        With the ``cluster`` or ``local_cluster`` setting, shards of the inputs are coded on Dask workers
        into the Parquet dataset folder ``db`` instead (see ``cluster.py``, docs/scale.md); a ``db`` that
        names a folder gets the same dataset, coded shard by shard in this process."""
        from .cluster import ingest_on_cluster, is_dataset

        if self.config.cluster or self.config.local_cluster or is_dataset(self.config.db):
            return ingest_on_cluster(self.config, paths, published=published, progress=progress)
        return self._store_records(self.records(paths, published=published), progress)

    def ingest_data(self, data: bytes, *, origin: str = "<posted>", kind: str | None = None,
                    published: str | None = None) -> IngestSummary:
        """Store the articles of one input given as bytes (text, HTML, JSON Lines...; ``kind`` as
        ``sources.READERS`` names it, else sniffed), as ``ingest`` does for files."""
        from .sources import Input, read_input

        def items() -> Iterator[Article | Failure]:
            if len(data) > self.config.max_bytes:
                yield Failure(origin, f"too large: {len(data):,} bytes, the limit is {self.config.max_bytes:,}")
                return
            try:
                yield from read_input(Input(origin, data=data), self.config, kind)
            except InputError as exc:
                yield Failure(exc.origin, exc.reason)

        return self._store_records(self._annotated(items(), published), None)

    def _store_records(self, records: Iterable[Article | Failure], progress: Progress | None) -> IngestSummary:
        summary = IngestSummary()
        batch: list[Article] = []
        with self._writer() as store:
            for item in records:
                if isinstance(item, Failure):
                    summary.failures.append(item)
                    store.record_failures([item])
                else:
                    batch.append(item)
                if len(batch) >= self.config.batch_size:
                    _flush(store, batch, summary)
                if progress:
                    progress(item)
            _flush(store, batch, summary)
            from .merge import refresh_merges

            refresh_merges(store, self.config.merge_window_days, self.config.merge_reciprocal_types)
        return summary

    def _pipeline_options(self) -> dict:
        return {"kb_files": self.config.actor_files, "codebook": self.config.codebook or None,
                "events": self.config.events}

    def check_actor_files(self) -> None:
        """Fail early and by name when a user's actor table (or word table) is missing or malformed."""
        from .actors.kb import load_kb

        for path in self.config.actor_files:
            if not Path(path).is_file():
                raise ConfigError(f"actor file {path}: no such file")
        if self.config.actor_files:
            try:
                load_kb(self.config.actor_files)
            except (OSError, ValueError) as exc:
                raise ConfigError(f"actor files {', '.join(self.config.actor_files)}: {exc}") from exc
        if self.config.vocabulary_files:
            from .events.vocabulary import read_vocabulary

            read_vocabulary(self.config.vocabulary_files)  # a missing file or unknown list: ConfigError by name

    def store(self, *, read_only: bool = True) -> Store:
        """The configured database (read-only by default, so queries can run beside an ingest)."""
        if self._held is not None:
            return self._held.view(read_only=read_only)
        return Store(self.config.db, read_only=read_only)

    def merge(self, *, rebuild: bool = False) -> int:
        """Bring the merged events up to date (recompute all with ``rebuild``); returns the events placed."""
        from .merge import rebuild_merges, refresh_merges

        if Path(self.config.db).is_dir():  # a cluster run's dataset: its merge is always written whole
            from .cluster import merge_dataset

            return merge_dataset(Path(self.config.db), self.config.merge_window_days,
                                 self.config.merge_reciprocal_types)
        with self._writer() as store:
            return (rebuild_merges if rebuild else refresh_merges)(
                store, self.config.merge_window_days, self.config.merge_reciprocal_types)

    def _merged_store(self) -> Store:
        """The store opened read-only, its merged events first brought up to date when that is possible."""
        from .errors import StoreError
        from .merge import is_stale

        store = self.store()
        if self._held is not None:  # the holder merges after each write it makes
            return store
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

    def event(self, event_id: str, *, triggers: bool = True) -> dict | None:
        """One merged event with all its reports (``queries.event``); with ``triggers`` each report also
        gets its trigger's offsets in the sentence, found by annotating its article again."""
        from . import queries

        with self._merged_store() as store:
            found = queries.event(store, event_id)
            articles = [store.article(r["article_id"]) for r in found["reports"]] if found and triggers else []
        if articles:
            from .pipeline import event_triggers

            spans = event_triggers([a for a in articles if a], **self._pipeline_options())
            for report in found["reports"]:
                start, end = spans.get((report["id"], report["type"]), (None, None))
                report["trigger"] = [start - report["span_start"], end - report["span_start"]] if start is not None \
                    and report["span_start"] is not None else None
        return found

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

    def histogram(self, **filters: object) -> list[dict]:
        """Events matching the filters of ``queries.events``, counted by month."""
        from . import queries

        with self._merged_store() as store:
            return queries.histogram(store, **filters)

    def places(self, **options: object) -> list[dict]:
        """Merged events with a place, grouped by place or grid cell (for a map), see ``queries.places``."""
        from . import queries

        with self._merged_store() as store:
            return queries.places(store, **options)

    def actor(self, actor: str, *, counterparts: int = 20) -> dict:
        """One actor: names, country, roles, offices held and when, and its main counterparts."""
        from . import queries

        with self._merged_store() as store:
            profile = queries.actor_profile(store, actor)
            profile["counterparts"] = queries.counterparts(store, actor, limit=counterparts)
            return profile

    def check(self, article_id: str) -> list[dict]:
        """The contact-history statements of a stored article checked against the database."""
        from .check import check_article

        with self._merged_store() as store:
            return check_article(store, article_id)


def _flush(store: Store, batch: list[Article], summary: IngestSummary) -> None:
    counts = store.write(batch)
    summary.new += counts.new
    summary.existing += counts.existing
    batch.clear()


def _with_published(item: Article | Failure, when: str | None) -> Article | Failure:
    if when and isinstance(item, Article):
        item.published, item.published_source = when, "given"
    return item


def _published_override(value: str | None) -> str | None:
    if value is None:
        return None
    when = normalise_published(value)
    if when is None:
        raise InputError("--published", f"not a date: {value!r} (use ISO 8601, e.g. 2022-10-21T12:47:00-04:00)")
    return when


def _looks_like_html(raw: bytes) -> bool:
    start = raw.lstrip()[:1024].lower()
    return start.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in start or b"<p>" in start

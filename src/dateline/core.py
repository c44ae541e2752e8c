"""``Dateline``: the one core object that the CLI, the HTTP API, tests and workers all build."""
from __future__ import annotations

import os
import re
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
            from . import query_tables

            query_tables.ensure(self._held.db)
        return self

    def release(self) -> None:
        """Close the database that ``hold`` opened."""
        if self._held is not None:
            self._held.close()
            self._held = None

    @contextmanager
    def _writer(self) -> Iterator[Store]:
        """The store to write: the held database, one writer at a time, or the file opened for this call."""
        if self._held is None:  # waits while another process (a query) holds the file
            with Store(self.config.db, wait=WRITE_WAIT_SECONDS) as store:
                yield store
            return
        with self._write_lock:
            view = self._held.view(read_only=False)
            try:
                yield view
            finally:
                view.close()

    def records(self, paths: Iterable[str] | str, *, published: str | None = None) -> Iterator[Article | Failure]:
        """Every record (or failure) of the given files, directories, globs or ``-`` (one str: one path)."""
        paths = path_list(paths, "paths")  # checked now, not at the first record
        return self._annotated(read_paths(paths, self.config), _published_override(published))

    def _annotated(self, items: Iterable[Article | Failure], when: str | None) -> Iterator[Article | Failure]:
        items = (_with_published(item, when) for item in items)
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
        is refused while one runs. Ctrl-C stops it: what was annotated is stored, the summary says so.

        With the ``cluster`` or ``local_cluster`` setting, shards of the inputs are coded on Dask workers
        into the Parquet dataset folder ``db`` instead (see ``cluster.py``, docs/scale.md); a ``db`` that
        names a folder gets the same dataset, coded shard by shard in this process."""
        from .cluster import ingest_on_cluster, is_dataset

        paths = path_list(paths, "paths")  # bad arguments fail here, before the store opens
        if self.config.cluster or self.config.local_cluster or is_dataset(self.config.db):
            return ingest_on_cluster(self.config, paths, published=published, progress=progress)
        return self._store_records(read_paths(paths, self.config), _published_override(published), progress)

    def ingest_data(self, data: bytes, *, origin: str = "<posted>", kind: str | None = None,
                    published: str | None = None) -> IngestSummary:
        """Store the articles of one input given as bytes (text, HTML, JSON Lines...; ``kind`` as
        ``sources.READERS`` names it, else sniffed), as ``ingest`` does for files."""
        from .sources import Input, read_input

        when = _published_override(published)

        def items() -> Iterator[Article | Failure]:
            if len(data) > self.config.max_bytes:
                yield Failure(origin, f"too large: {len(data):,} bytes, the limit is {self.config.max_bytes:,}")
                return
            try:
                yield from read_input(Input(origin, data=data), self.config, kind)
            except InputError as exc:
                yield Failure(exc.origin, exc.reason)

        return self._store_records(items(), when, None)

    def _store_records(self, read: Iterable[Article | Failure], when: str | None,
                       progress: Progress | None) -> IngestSummary:
        """Read -> look up what is stored -> annotate the rest -> write batch by batch (see ``ingest``).
        A process that holds the database (a server) writes through its held connection, one writer at
        a time (``_writer``); it takes no ingest lock, since no other process can open the file meanwhile."""
        from .store import fingerprint

        summary = IngestSummary()
        with IngestLock(self.config.db) if self._held is None else _no_lock():
            try:
                with self._writer() as store:
                    stored, by_print = store.stored_keys()
            except KeyboardInterrupt:  # Ctrl-C before anything was read: nothing to store
                summary.interrupted = True
                return summary
            replacing: dict[str, str] = {}

            def unstored(items: Iterable[Article | Failure]) -> Iterator[Article | Failure]:
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

            items = unstored(_with_published(item, when) for item in read)
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
            try:
                self._flush(batch, replacing, summary, stored, by_print)
                if not summary.interrupted:
                    from . import query_tables
                    from .merge import refresh_merges

                    with self._writer() as store:
                        refresh_merges(store, self.config.merge_window_days, self.config.merge_reciprocal_types)
                        query_tables.ensure(store.db)
            except KeyboardInterrupt:  # a Ctrl-C during the last write: that batch rolled back, the rest stays
                summary.interrupted = True
        return summary

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
        return Store(self.config.db, read_only=read_only, wait=READ_WAIT_SECONDS)

    def merge(self, *, rebuild: bool = False) -> int:
        """Bring the merged events up to date (recompute all with ``rebuild``); returns the events placed."""
        from .merge import rebuild_merges, refresh_merges

        if Path(self.config.db).is_dir():  # a cluster run's dataset: its merge is always written whole
            from .cluster import merge_dataset

            return merge_dataset(Path(self.config.db), self.config.merge_window_days,
                                 self.config.merge_reciprocal_types)
        from . import query_tables

        with self._writer() as store:
            placed = (rebuild_merges if rebuild else refresh_merges)(
                store, self.config.merge_window_days, self.config.merge_reciprocal_types)
            if rebuild:  # written whole again, sorted
                query_tables.build(store.db)
            else:
                query_tables.ensure(store.db)
            return placed

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


@contextmanager
def _no_lock() -> Iterator[None]:
    yield


def _with_published(item: Article | Failure, when: str | None) -> Article | Failure:
    if when and isinstance(item, Article):
        item.published, item.published_source = when, "given"
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
    """The reader's test (``sources.looks_like_html``), and a fragment of paragraphs or an XHTML page."""
    from .sources import looks_like_html

    start = raw.lstrip()[:1024].lower()
    return looks_like_html(raw[:8192]) or start.startswith(b"<?xml") or b"<p>" in start

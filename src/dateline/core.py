"""``Dateline``: the one core object that the CLI, the HTTP API, tests and workers all build."""
from __future__ import annotations

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

    def records(self, paths: Iterable[str], *, published: str | None = None) -> Iterator[Article | Failure]:
        """Every record (or failure) of the given files, directories, globs or ``-``."""
        when = _published_override(published)
        items = (_with_published(item, when) for item in read_paths(list(paths), self.config))
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
        """Read and store; already-stored articles are skipped, failures recorded, batches committed."""
        summary = IngestSummary()
        batch: list[Article] = []
        with Store(self.config.db) as store:
            for item in self.records(paths, published=published):
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
        return Store(self.config.db, read_only=read_only)

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
        item.published = when
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

"""The annotation pipeline: the order of dateline's components, and ``annotate`` over articles.

Each component reads the layers added before it and adds one layer to the Doc:
entities (corrected NER) -> places (toponyms resolved) -> timexes (time expressions normalised)
-> actors (entities and titles resolved to actors, with coreference) -> events (who did what to whom,
when and where, from the dependency parse).
"""
from __future__ import annotations

import multiprocessing
import os
import signal
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from typing import Any, Callable, Iterable, Iterator, NamedTuple

from spacy.language import Language

from .entities import PLACE_LABELS, find_entities
from .model import Article, Failure

COMPONENTS = ("dateline_entities", "dateline_places", "dateline_timexes", "dateline_actors", "dateline_events")
# Articles the model's layers take at once: the activations of 16 articles stay in the processor's
# cache, where 64 at once measured about a tenth slower over the whole pipeline (benchmarks/).
MODEL_BATCH = 16
MODEL_BATCH_CHARS = 120_000  # 16 articles of ~7,500 characters


@Language.component("dateline_entities", assigns=["doc._.dateline_entities"])
def entities_component(doc):
    doc._.dateline_entities = find_entities(doc)
    return doc


@Language.component("dateline_places", requires=["doc._.dateline_entities"], assigns=["doc._.dateline_places"])
def places_component(doc):
    from .nlp import text_of
    from .places import resolve_places

    mentions = [e for e in doc._.dateline_entities if e["label"] in PLACE_LABELS]
    doc._.dateline_places = resolve_places(text_of(doc), mentions)
    return doc


@Language.component("dateline_timexes", assigns=["doc._.dateline_timexes"])
def timexes_component(doc):
    from .timex import find_timexes

    doc._.dateline_timexes = find_timexes(doc, doc._.published)
    return doc


class ActorsComponent:
    """Resolves the Doc's mentions to actors against a knowledge base (built-in tables + user files)."""

    def __init__(self, kb_files: tuple[str, ...]):
        from .actors.kb import load_kb

        self.kb = load_kb(kb_files)

    def __call__(self, doc):
        from .actors.resolve import resolve_actors

        doc._.dateline_actors, doc._.dateline_mentions = resolve_actors(
            doc, doc._.dateline_entities, doc._.published, self.kb)
        return doc


@Language.factory("dateline_actors", default_config={"kb_files": []},
                  requires=["doc._.dateline_entities"], assigns=["doc._.dateline_actors", "doc._.dateline_mentions"])
def make_actors_component(nlp, name: str, kb_files: list[str]) -> ActorsComponent:
    return ActorsComponent(tuple(kb_files))


class EventsComponent:
    """Codes the Doc's events against the ontology (built-in, plus the user's codebook)."""

    def __init__(self, kb_files: tuple[str, ...], codebook: str | None):
        from .actors.kb import load_kb
        from .events.ontology import load_ontology

        self.kb, self.ontology = load_kb(kb_files), load_ontology(codebook)

    def __call__(self, doc):
        from .events.extract import find_events

        doc._.dateline_events = find_events(doc, doc._.article_id or "doc", doc._.published, self.ontology, self.kb)
        return doc


@Language.factory("dateline_events", default_config={"kb_files": [], "codebook": None},
                  requires=["doc._.dateline_actors", "doc._.dateline_timexes", "doc._.dateline_places"],
                  assigns=["doc._.dateline_events"])
def make_events_component(nlp, name: str, kb_files: list[str], codebook: str | None) -> EventsComponent:
    return EventsComponent(tuple(kb_files), codebook)


def annotate(items: Iterable[Article | Failure], batch_size: int = 64, workers: int = 1,
             kb_files: tuple[str, ...] = (), codebook: str | None = None,
             events: bool = True) -> Iterator[Article | Failure]:
    """Articles with their layers filled, in input order; failures pass through untouched.

    With ``workers`` > 1 (0: one per core) batches go to a pool of processes, each loading the
    model once, and a long article's pieces are spread over the pool; a run of a single batch stays in
    this process, where starting a pool costs more, unless it holds POOL_PIECES pieces of long articles.
    """
    options = (tuple(kb_files), codebook, events)
    stream = iter(items)
    first = list(islice(stream, batch_size))
    workers = workers or os.cpu_count() or 1
    if workers > 1 and len(first) < batch_size:  # the whole run: worth a pool only for its long articles
        jobs = list(_jobs([first], options))
        if sum(job.pieces for job in jobs) >= POOL_PIECES:
            yield from _annotate_in_pool(iter(jobs), min(workers, len(jobs)))
            return
    if workers <= 1 or len(first) < batch_size:
        for batch in _batches(stream, batch_size, first):
            yield from _annotate_batch(batch, options)
        return
    yield from _annotate_in_pool(_jobs(_batches(stream, batch_size, first), options), workers)


def _batches(stream: Iterator, size: int, first: list) -> Iterator[list]:
    batch = first
    while batch:
        yield batch
        batch = list(islice(stream, size))


def worker_pool(workers: int, **options) -> ProcessPoolExecutor:
    """A pool of annotating processes, each started by a fork server instead of forked from this one.

    A process forked from one that ever ran a second thread (a progress bar, DuckDB, a BLAS thread pool)
    keeps glibc's multi-threaded memory allocator, whose locks cost the model about a sixth of its time;
    the fork server is a fresh single-threaded process (and forking a process that runs threads risks
    deadlocks). Scripts that annotate in parallel need the ``if __name__ == "__main__":`` guard.
    """
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")  # Windows: spawn
    if "forkserver" in methods:
        # the fork server arms its parent-death signal as it starts (see lifeline.py); only this process's
        # own fork server does: a variable inherited by a grandchild names another parent
        os.environ["DATELINE_FORKSERVER_LIFELINE"] = str(os.getpid())
        context.set_forkserver_preload(["__main__", "dateline.lifeline"])  # __main__: the default
    options.setdefault("initializer", _worker_start)
    return ProcessPoolExecutor(workers, mp_context=context, **options)


def _worker_start() -> None:
    """In each worker: leave Ctrl-C to the main process, which stops the pool (lifeline.py ends the
    worker with its parent)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def stop_pool(pool: ProcessPoolExecutor) -> None:
    """End a pool now: queued batches dropped, running ones killed (an interrupt, or an error)."""
    pool.shutdown(wait=False, cancel_futures=True)
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        if process.is_alive():
            process.kill()


class _Job(NamedTuple):
    """One call for a worker: a batch of articles, or pieces of one long article."""

    call: tuple  # (function, *arguments)
    finish: Callable[[Any], list[Article | Failure]]  # its result -> the records it completes, in input order
    died: Any  # the result that stands for it when it took its worker down twice
    pieces: int = 0  # pieces of a long article it reads


def _jobs(batches: Iterable[list[Article | Failure]], options: tuple) -> Iterator[_Job]:
    """The pool's calls in input order: each long article's pieces one call each (so that the workers
    share it), the articles between them in batches."""
    for batch in batches:
        run: list[Article | Failure] = []
        for item in batch:
            if isinstance(item, Article) and len(item.body) > PIECE_CHARS:
                if run:
                    yield _batch_job(run, options)
                    run = []
                yield from _piece_jobs(item, options)
            else:
                run.append(item)
        if run:
            yield _batch_job(run, options)


def _batch_job(batch: list[Article | Failure], options: tuple) -> _Job:
    died = [Failure(item.origin, "annotation failed: the annotating process died twice on this batch (out of "
                    "memory?)", stage="annotate") if isinstance(item, Article) else item for item in batch]
    return _Job((_annotate_batch, batch, options), list, died)


def _piece_jobs(article: Article, options: tuple) -> Iterator[_Job]:
    """One call per piece of a long article; the last piece's result joins the layers as ``_set_layers``
    does in one process (same offsets, event ids, actors), or fails the article if any piece failed."""
    pieces = pieces_of(article.body)
    parts: list[Layers] = []
    reasons: list[str] = []
    bare = Article(id=article.id, origin=article.origin, body="", published=article.published)  # no body to send

    def finish(result: list[Layers] | str) -> list[Article | Failure]:
        if isinstance(result, str):
            reasons.append(result)
        else:
            parts.extend(result)
        if len(parts) + len(reasons) < len(pieces):
            return []
        if reasons:
            return [Failure(article.origin, reasons[0], stage="annotate")]
        try:
            _set_layers(article, parts)
        except Exception as exc:  # as one process records it: per article, never raised into the run
            return [Failure(article.origin, f"annotation failed: {type(exc).__name__}: {exc}", stage="annotate")]
        return [article]

    died = "annotation failed: the annotating process died twice on a piece of this article (out of memory?)"
    for piece in pieces:
        yield _Job((_annotate_pieces, bare, [piece], options), finish, died, pieces=1)


def _annotate_in_pool(jobs: Iterator[_Job], workers: int) -> Iterator[Article | Failure]:
    """Jobs through a process pool, results in input order, at most two jobs per worker in flight."""
    pool = worker_pool(workers)
    pending: deque[tuple[_Job, int, Future]] = deque()  # (job, tries, its result to come)

    def result() -> list[Article | Failure]:
        """The records the oldest job completes; a worker that died (killed, out of memory) takes its pool
        down: a fresh pool takes that job again and those queued after it, and a job that kills its
        worker twice fails by article instead."""
        nonlocal pool
        job, tries, future = pending.popleft()
        try:
            done = future.result()
        except BrokenProcessPool:
            stop_pool(pool)
            pool = worker_pool(workers)
            queued = list(pending)
            pending.clear()
            for again, count, earlier in [(job, tries + 1, future)] + queued:
                if again is job and count >= 2:
                    continue
                if earlier.done() and not earlier.cancelled() and earlier.exception() is None:
                    pending.append((again, count, earlier))  # finished before the pool broke
                else:
                    pending.append((again, count, pool.submit(*again.call)))
            if tries + 1 >= 2:
                return job.finish(job.died)
            return result()
        return job.finish(done)

    try:
        for job in jobs:
            pending.append((job, 0, pool.submit(*job.call)))
            if len(pending) >= 2 * workers:
                yield from result()
        while pending:
            yield from result()
    except BaseException:  # Ctrl-C, a closed generator, an error: no waiting for jobs nobody will read
        stop_pool(pool)
        raise
    pool.shutdown(wait=True)


def _annotate_batch(batch: list[Article | Failure], options: tuple = ((), None, True)) -> list[Article | Failure]:
    """One batch through the pipeline; ``options`` are load_nlp's (kb_files, codebook, events)."""
    from .nlp import load_nlp

    nlp = load_nlp(*options)
    articles = [a for a in batch if isinstance(a, Article)]
    try:
        pieces = [(n, offset, text) for n, article in enumerate(articles) for offset, text in pieces_of(article.body)]
        done: list[tuple[int, Layers]] = []
        for (n, offset, _), doc in zip(pieces, _pipe(nlp, articles, pieces)):
            if done and done[-1][0] != n:
                _set_layers(articles[done[0][0]], [layers for _, layers in done])
                done = []
            done.append((n, _layers(doc, offset)))  # the Doc itself is let go: only its layers are kept
        if done:
            _set_layers(articles[done[0][0]], [layers for _, layers in done])
        return batch
    except Exception:  # one bad article must not sink the batch: redo it one by one
        return [_annotate_one(nlp, item) if isinstance(item, Article) else item for item in batch]


def _annotate_one(nlp, article: Article) -> Article | Failure:
    try:
        pieces = [(0, offset, text) for offset, text in pieces_of(article.body)]
        _set_layers(article, [_layers(nlp(doc), offset)
                              for (_, offset, _), doc in zip(pieces, _docs(nlp, [article], pieces))])
        return article
    except Exception as exc:  # recorded per article (stage "annotate"), never raised into the batch
        return Failure(article.origin, f"annotation failed: {type(exc).__name__}: {exc}", stage="annotate")


def _annotate_pieces(article: Article, pieces: list[tuple[int, str]], options: tuple) -> list[Layers] | str:
    """Pieces (offset, text) of one long article through the pipeline (in a worker): their layers, or
    why they failed, as ``_annotate_one`` records it."""
    from .nlp import load_nlp

    nlp = load_nlp(*options)
    numbered = [(0, offset, text) for offset, text in pieces]
    try:
        return [_layers(doc, offset) for (_, offset, _), doc in zip(numbered, _pipe(nlp, [article], numbered))]
    except Exception as exc:  # recorded per article, as in one process
        return f"annotation failed: {type(exc).__name__}: {exc}"


# The model reads a long body in pieces of at most this many characters, cut at a paragraph end (else a
# sentence end, else a space): the parser's memory grows with the length of one Doc, and spaCy refuses
# Docs over its ``max_length``. Ordinary articles are one piece; in longer ones coreference and an
# event's mentions are not linked across pieces. Time and memory stay linear in the body's length.
PIECE_CHARS = 30_000
# A run of one short batch starts a pool of workers only for at least this many pieces of long articles
# (an article of over about 90,000 characters): each worker first loads the model, about the time of
# four pieces with the tables built on first use.
POOL_PIECES = 4


def pieces_of(body: str, size: int | None = None) -> list[tuple[int, str]]:
    """(offset, text) pieces that together are the body, each at most ``size`` (PIECE_CHARS) characters."""
    size = size or PIECE_CHARS
    pieces, start = [], 0
    while len(body) - start > size:
        end, floor = start + size, start + size // 2
        for mark, keep in (("\n\n", 0), (". ", 1), (" ", 0)):
            cut = body.rfind(mark, floor, end)
            if cut > start:
                end = cut + keep
                break
        pieces.append((start, body[start:end]))
        start = end
    pieces.append((start, body[start:]))
    return pieces


def _pipe(nlp, articles: list[Article], pieces: list[tuple[int, int, str]]):
    """The pieces' Docs through the model, MODEL_BATCH at a time, or fewer where they are long: the
    model holds a whole batch in memory, so a batch is also kept to MODEL_BATCH_CHARS characters."""
    group: list[tuple[int, int, str]] = []
    for piece in pieces:
        if group and (len(group) >= MODEL_BATCH or sum(len(p[2]) for p in group) + len(piece[2]) > MODEL_BATCH_CHARS):
            yield from nlp.pipe(_docs(nlp, articles, group), batch_size=len(group))
            group = []
        group.append(piece)
    if group:
        yield from nlp.pipe(_docs(nlp, articles, group), batch_size=len(group))


def _docs(nlp, articles: list[Article], pieces: list[tuple[int, int, str]]):
    for n, _, text in pieces:
        doc = nlp.make_doc(text)
        doc._.published = articles[n].published
        doc._.article_id = articles[n].id
        yield doc


Layers = dict[str, list]


def _layers(doc, offset: int) -> Layers:
    """The layers of one Doc (a whole body, or one piece of it starting at ``offset``), offsets in the body."""
    layers = {"entities": doc._.dateline_entities or [], "timexes": doc._.dateline_timexes or [],
              "places": doc._.dateline_places or [], "actors": doc._.dateline_actors or [],
              "events": [event.record for event in doc._.dateline_events or []],
              "dropped_events": doc._.dateline_dropped or []}
    if offset:
        for name in ("entities", "timexes", "places", "dropped_events"):
            layers[name] = [_shifted(item, offset) for item in layers[name]]
        layers["events"] = [{**event, "span": [s + offset for s in event["span"]] if event.get("span") else None,
                             "location": _shifted(event["location"], offset) if event.get("location") else None}
                            for event in layers["events"]]
    return layers


def _shifted(item: dict, offset: int) -> dict:
    if "start" not in item:
        return item
    shifted = {**item, "start": item["start"] + offset}
    if "end" in item:  # a dropped candidate keeps only its trigger's start
        shifted["end"] = item["end"] + offset
    return shifted


def _set_layers(article: Article, parts: list[Layers]) -> None:
    """The article's layers from its pieces' (one piece: as the Doc gave them)."""
    if len(parts) == 1:
        layers = parts[0]
    else:
        layers = {name: [item for part in parts for item in part[name]] for name in parts[0]}
        actors: dict[str, dict] = {}
        for actor in layers["actors"]:  # an actor met in several pieces is one actor
            known = actors.setdefault(actor["id"], {**actor, "aliases": list(actor.get("aliases") or [])})
            known["aliases"] += [a for a in actor.get("aliases") or [] if a not in known["aliases"]]
        layers["actors"] = list(actors.values())
        for n, event in enumerate(layers["events"]):
            event["id"] = f"{article.id}-e{n}"
    article.entities, article.timexes, article.places = layers["entities"], layers["timexes"], layers["places"]
    article.actors, article.events = layers["actors"], layers["events"]
    article.dropped_events = layers["dropped_events"]


def event_triggers(articles: list[Article], kb_files: tuple[str, ...] = (), codebook: str | None = None,
                   events: bool = True) -> dict[tuple[str, str], tuple[int, int]]:
    """(event id, type) -> the trigger's character offsets in its article, by annotating the articles
    again (records keep the sentence, not the trigger); an event the rules no longer find is absent.
    A long article is read in the same pieces as ``annotate`` reads it (same event ids, body offsets)."""
    from .nlp import load_nlp

    if not events:
        return {}
    nlp = load_nlp(kb_files, codebook, events)
    pieces = [(n, offset, text) for n, article in enumerate(articles) for offset, text in pieces_of(article.body)]
    in_pieces = {n for n, offset, _ in pieces if offset}
    numbered = [0] * len(articles)
    triggers = {}
    for (n, offset, _), doc in zip(pieces, _pipe(nlp, articles, pieces)):
        for event in doc._.dateline_events or []:
            event_id = f"{articles[n].id}-e{numbered[n]}" if n in in_pieces else event.record["id"]
            numbered[n] += 1
            triggers[(event_id, event.record["type"])] = (event.trigger[0] + offset, event.trigger[1] + offset)
    return triggers

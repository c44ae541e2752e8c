"""Ingest on a Dask cluster: inputs cut into shards, each coded by a worker into Parquet partitions.

A run writes a dataset folder (``--db DATASET/``)::

    DATASET/articles/<shard>.parquet   one partition per shard of each record table, with the columns
    DATASET/events/<shard>.parquet     of the DuckDB store's tables plus ``shard`` (articles also
    DATASET/entities/<shard>.parquet   ``shard_seq``, the shard's place in the input order); entities
    DATASET/actors/<shard>.parquet     and actors are the articles' layers as rows
    DATASET/failures/<shard>.parquet
    DATASET/_manifest/<shard>.json     written after the shard's partitions: the shard is finished
    DATASET/_merged/...                the merge across articles (event_members, merged_events) and the
                                       copies of articles that more than one shard holds

Each file is written under a temporary name and renamed, so a killed worker or driver leaves either a
whole file or none. A shard counts only once its manifest entry exists; a re-run skips finished shards
and codes the others again, replacing any partition they left: nothing is coded twice or lost.
"""
from __future__ import annotations

import json
import os
import re
import socket
import time
import uuid
from dataclasses import asdict, dataclass
from hashlib import sha256
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .errors import ConfigError, InputError, StoreError
from .model import Article, Failure
from .settings import Config

TABLES = ("articles", "events", "entities", "actors", "failures")
MANIFEST = "_manifest"
MERGED = "_merged"
# Inputs whose records can be cut into ranges: one task need not read a whole dump or crawl.
_RANGED_KINDS = ("jsonl", "warc")

_LAYER_TABLES_SQL = {
    "entities": """SELECT article_id, (e ->> 'start')::INTEGER AS start, (e ->> 'end')::INTEGER AS "end",
                          e ->> 'text' AS text, e ->> 'label' AS label, e ->> 'actor' AS actor
                   FROM (SELECT id AS article_id, unnest(from_json(entities, '["json"]')) AS e FROM articles)""",
    "actors": """SELECT article_id, a ->> 'id' AS id, a ->> 'name' AS name, a ->> 'kind' AS kind,
                        a ->> 'country' AS country, from_json(a -> 'roles', '["varchar"]') AS roles,
                        a ->> 'title' AS title
                 FROM (SELECT id AS article_id, unnest(from_json(actors, '["json"]')) AS a FROM articles)""",
}


@dataclass(frozen=True)
class Shard:
    """A unit of work: some whole files, or a byte range of one JSON Lines file or WARC archive.

    ``first_item`` is the number (in the whole file) of the range's first record, so that origins read
    ``file#n`` as they do when the whole file is read; ``first_line`` likewise for the line (JSON Lines)
    or the WARC record number in reasons.
    """

    seq: int
    paths: tuple[str, ...]
    kind: str = "files"
    start: int = 0
    end: int = -1
    first_item: int = 1
    first_line: int = 1
    root: str = ""  # the driver's working directory: relative paths are read from there, named as given

    @property
    def id(self) -> str:
        key = json.dumps([self.kind, [self.where(p) for p in self.paths], self.start, self.end])
        return sha256(key.encode()).hexdigest()[:16]

    def where(self, path: str) -> str:
        """Where a worker reads a path of this shard (on any machine, whatever its working directory)."""
        return os.path.normpath(os.path.join(self.root, path)) if self.root else path

    @property
    def ranged(self) -> bool:
        return self.kind in _RANGED_KINDS


# --- planning (the driver) ---

def plan_shards(paths: Iterable[str], config: Config) -> Iterator[Shard]:
    """Shards of the inputs, in input order: whole files grouped ``shard_size`` at a time, large JSON
    Lines files and WARC archives cut into ranges of ``shard_size`` records."""
    from .sources import sniff_kind
    from .sources.inputs import expand_paths

    size, seq, group, root = config.shard_size, 0, [], os.getcwd()
    for raw in paths:
        if raw == "-":
            raise ConfigError("a cluster run reads files, not standard input (-)")
        for inp in expand_paths([raw]):
            if isinstance(inp, InputError) or inp.path is None:
                group.append(raw)  # the worker's reader names the problem, as a one-machine run does
                break
            ranges = []
            try:
                with inp.open() as stream:
                    head = stream.read(4096)
                kind = sniff_kind(inp.name, head)
                if kind == "jsonl" and not inp.name.endswith(".gz"):
                    ranges = list(_jsonl_ranges(inp.path, size))
                elif kind == "warc":
                    ranges = list(_warc_ranges(inp.path, size))
            except (InputError, OSError):
                ranges = []
            if len(ranges) <= 1:  # a small or unsplittable file goes whole, with others
                group.append(str(inp.path))
                if len(group) >= size:
                    yield Shard(seq, tuple(group), root=root)
                    seq, group = seq + 1, []
                continue
            if group:
                yield Shard(seq, tuple(group), root=root)
                seq, group = seq + 1, []
            for start, end, first_item, first_line in ranges:
                yield Shard(seq, (str(inp.path),), kind, start, end, first_item, first_line, root)
                seq += 1
    if group:
        yield Shard(seq, tuple(group), root=root)


def _jsonl_ranges(path: Path, size: int) -> Iterator[tuple[int, int, int, int]]:
    """(start byte, end byte, first item, first line) per ``size`` non-blank lines of a line-per-record file;
    nothing for a JSON array or one pretty-printed object, which are read whole."""
    with open(path, "rb") as stream:
        offset, item, start, first = 0, 0, 0, (1, 1)
        for lineno, line in enumerate(stream, 1):
            if line.strip(b" \t\r\n\xef\xbb\xbf"):
                if item == 0 and not _is_json_object(line):
                    return
                if item and item % size == 0:
                    yield start, offset, *first
                    start, first = offset, (item + 1, lineno)
                item += 1
            offset += len(line)
        if item:
            yield start, offset, *first


def _is_json_object(line: bytes) -> bool:
    try:
        return isinstance(json.loads(line.decode("utf-8-sig")), dict)
    except (ValueError, UnicodeDecodeError):
        return False


def _warc_ranges(path: Path, size: int) -> Iterator[tuple[int, int, int, int]]:
    """(start byte, end byte, first page, first record) per ``size`` HTML pages of a WARC archive;
    nothing when it cannot be cut (one gzip stream over all records, or a broken archive)."""
    from warcio.archiveiterator import ArchiveIterator

    from .sources.warc import _is_html

    cuts: list[tuple[int, int, int]] = []
    with open(path, "rb") as stream:
        gzipped = stream.read(2) == b"\x1f\x8b"
        stream.seek(0)
        try:
            archive = ArchiveIterator(stream)
            pages = 0
            for number, record in enumerate(archive, 1):
                if _is_html(record):
                    if pages % size == 0:
                        cuts.append((archive.get_record_offset(), pages + 1, number))
                    pages += 1
        except Exception:  # a broken archive is read whole, and its reader names the problem
            return
        end = path.stat().st_size
        for offset, _, _ in cuts:
            stream.seek(offset)
            if gzipped and stream.read(2) != b"\x1f\x8b":
                return
    for k, (offset, first_page, first_record) in enumerate(cuts):
        stop = cuts[k + 1][0] if k + 1 < len(cuts) else end
        yield (0 if k == 0 else offset), stop, first_page, (1 if k == 0 else first_record)


def finished(dataset: Path) -> dict[str, dict]:
    """The manifest: finished shards by id."""
    entries = {}
    for path in sorted((dataset / MANIFEST).glob("*.json")):
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
            entries[entry["shard"]] = entry
        except (OSError, ValueError, KeyError):
            continue  # an unreadable entry: the shard is coded again
    return entries


# --- one shard (a worker) ---

def read_shard(shard: Shard, config: Config) -> Iterator[Article | Failure]:
    """The records of a shard, with origins and reasons numbered as in a read of the whole file."""
    from .sources import jsonl, read_paths, warc
    from .sources.inputs import Input

    if not shard.ranged:
        given = {shard.where(p): p for p in shard.paths}
        for item in read_paths(list(given), config):
            base, mark, rest = item.origin.partition("#")
            if base in given and given[base] != base:
                item = (Failure(given[base] + mark + rest, item.reason, item.stage) if isinstance(item, Failure)
                        else _with_origin(item, given[base] + mark + rest))
            yield item
        return
    path = shard.paths[0]
    try:
        with open(shard.where(path), "rb") as stream:
            stream.seek(shard.start)
            data = stream.read(shard.end - shard.start)
        reader = jsonl.read_lines if shard.kind == "jsonl" else warc.read
        yield from (_renumbered(item, shard) for item in reader(Input(origin=path, data=data), config))
    except InputError as exc:
        yield _renumbered(Failure(exc.origin, exc.reason), shard)
    except OSError as exc:
        yield Failure(path, f"cannot read: {exc.strerror or exc}")


def _with_origin(article: Article, origin: str) -> Article:
    article.origin = origin
    return article


def _renumbered(item: Article | Failure, shard: Shard) -> Article | Failure:
    path = shard.paths[0]
    origin = item.origin
    if origin.startswith(path + "#") and origin[len(path) + 1:].isdigit():
        origin = f"{path}#{int(origin[len(path) + 1:]) + shard.first_item - 1}"
    if isinstance(item, Article):
        item.origin = origin
        return item

    def shift(match: re.Match, by: int) -> str:
        return f"{match.group(1)}{int(match.group(2)) + by}"

    reason = item.reason
    if shard.kind == "jsonl":
        reason = re.sub(r"^(line )(\d+)", lambda m: shift(m, shard.first_line - 1), reason)
    else:
        reason = re.sub(r"^(record )(\d+)", lambda m: shift(m, shard.first_item - 1), reason)
        reason = re.sub(r"(WARC record )(\d+)", lambda m: shift(m, shard.first_line - 1), reason)
        reason = re.sub(r"(after WARC record )(\d+)", lambda m: shift(m, shard.first_line - 1), reason)
    return Failure(origin, reason, item.stage)


def code_shard(shard: Shard, dataset: str, config: Config, published: str | None = None) -> dict:
    """Read, annotate and write one shard as Parquet partitions, then its manifest entry (a Dask task)."""
    from .core import _with_published
    from .pipeline import annotate

    clock = [time.perf_counter()]

    def lap() -> float:
        clock.append(time.perf_counter())
        return round(clock[-1] - clock[-2], 3)

    for leftover in Path(dataset).glob(f"*/.{shard.id}.*.tmp"):  # from an attempt killed while writing
        leftover.unlink(missing_ok=True)
    items: list[Article | Failure] = [_with_published(item, published) for item in read_shard(shard, config)]
    seconds = {"read": lap()}
    if config.annotate:
        items = list(annotate(items, workers=1, kb_files=config.actor_files, codebook=config.codebook or None,
                              events=config.events))
    seconds["annotate"] = lap()
    counts = write_partitions(Path(dataset), shard, items)
    seconds["write"] = lap()
    entry = {"shard": shard.id, **asdict(shard), **counts, "worker": socket.gethostname(), "pid": os.getpid(),
             "seconds": seconds}
    _write_atomically(Path(dataset) / MANIFEST / f"{shard.id}.json",
                      lambda tmp: tmp.write_text(json.dumps(entry), encoding="utf-8"))
    return entry


def write_partitions(dataset: Path, shard: Shard, items: list[Article | Failure]) -> dict:
    """A shard's records as one Parquet file per table, through the store's own tables and rules
    (an article twice in the shard is kept once; a failure twice counts two attempts)."""
    from .store import Store

    with Store(":memory:", memory_limit="256MB") as store:
        store.db.execute("SET threads = 1")
        store.record_failures([i for i in items if isinstance(i, Failure)])
        written = store.write([i for i in items if isinstance(i, Article)])
        for table in ("entities", "actors"):
            store.db.execute(f"CREATE TABLE {table} AS {_LAYER_TABLES_SQL[table]}")
        for table in TABLES:
            extra = f", '{shard.id}' AS shard" + (f", {int(shard.seq)} AS shard_seq" if table == "articles" else "")
            _write_atomically(dataset / table / f"{shard.id}.parquet", lambda tmp: store.db.execute(
                f"COPY (SELECT *{extra} FROM {table}) TO '{tmp}' (FORMAT parquet)"))
        counts = store.counts()
    return {"articles": written.new, "events": counts["events"],
            "failures": sum(1 for i in items if isinstance(i, Failure))}


def _write_atomically(path: Path, write: Callable[[Path], object]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


# --- the run (the driver) ---

def _model_plugin(options: tuple):
    from distributed import WorkerPlugin

    class ModelPlugin(WorkerPlugin):
        """Loads the model (and its tables) once per worker, when the worker starts."""

        name = "dateline-model"

        def __init__(self, options: tuple):
            self.options = options

        def setup(self, worker) -> None:
            from .nlp import load_nlp

            load_nlp(*self.options)

    return ModelPlugin(options)


def client_for(config: Config):
    """A Dask client: to the scheduler at ``config.cluster``, or to a new LocalCluster of
    ``config.local_cluster`` single-threaded worker processes (the model holds the GIL)."""
    from distributed import Client, LocalCluster

    if config.cluster:
        return Client(config.cluster)
    import logging

    # closing the LocalCluster at the end stops its workers; the nanny's notes about that are not news
    logging.getLogger("distributed.nanny").setLevel(logging.ERROR)
    cluster = LocalCluster(n_workers=config.local_cluster, threads_per_worker=1, processes=True,
                           dashboard_address=None)
    return Client(cluster)


def is_dataset(db: str) -> bool:
    """Whether ``--db`` names a Parquet dataset folder (an existing folder, or a path ending in /)."""
    return db.endswith(("/", os.sep)) or Path(db).is_dir()


def ingest_on_cluster(config: Config, paths: Iterable[str], *, published: str | None = None,
                      progress: Callable[[Article | Failure], None] | None = None, client=None):
    """Code every unfinished shard of the inputs on the cluster, then merge across articles."""
    from distributed import as_completed

    from .core import IngestSummary, _published_override

    if not is_dataset(config.db):
        raise ConfigError(f"a cluster run writes a Parquet dataset folder, not a database file: "
                          f"give --db a folder (e.g. --db {Path(config.db).stem}/)")
    published = _published_override(published)
    dataset = Path(config.db)
    dataset.mkdir(parents=True, exist_ok=True)
    done = finished(dataset)
    summary = IngestSummary()
    todo = [s for s in plan_shards(paths, config) if s.id not in done]
    summary.existing = sum(done[s]["articles"] for s in done)
    if client is None and not (config.cluster or config.local_cluster):  # no cluster: shard by shard, here
        for shard in todo:
            summary.new += code_shard(shard, str(dataset), config, published)["articles"]
        return _finish(dataset, config, todo, summary, progress)
    own = client is None
    client = client or client_for(config)
    try:
        options = (tuple(config.actor_files), config.codebook or None, config.events)
        if config.annotate:
            client.register_plugin(_model_plugin(options))
        window = 4 * max(1, sum(client.nthreads().values()))
        pending = iter(todo)
        futures = as_completed()
        by_future: dict = {}

        def submit(n: int) -> None:
            for shard in [s for _, s in zip(range(n), pending)]:
                future = client.submit(code_shard, shard, str(dataset), config, published,
                                       key=f"dateline-shard-{shard.id}-{uuid.uuid4().hex[:8]}", retries=2)
                by_future[future] = shard
                futures.add(future)

        submit(window)
        for future in futures:
            shard = by_future.pop(future)
            try:
                entry = future.result()
                summary.new += entry["articles"]
            except Exception as exc:  # the shard is not in the manifest: the next run codes it again
                failure = Failure(", ".join(shard.paths), f"shard {shard.id} not coded, run again to "
                                                          f"retry: {type(exc).__name__}: {exc}", stage="cluster")
                summary.failures.append(failure)
                if progress:
                    progress(failure)
            submit(1)
    finally:
        if own:  # a LocalCluster started for this run ends with it (a scheduler's address has none)
            cluster = client.cluster
            client.close()
            if cluster is not None:
                cluster.close()
    return _finish(dataset, config, todo, summary, progress)


def _finish(dataset: Path, config: Config, todo: list[Shard], summary, progress):
    """Name the shards' failures, then merge across articles over the whole dataset."""
    for failure in shard_failures(dataset, [s.id for s in todo]):
        summary.failures.append(failure)
        if progress:
            progress(failure)
    merge_dataset(dataset, config.merge_window_days, config.merge_reciprocal_types)
    return summary


def shard_failures(dataset: Path, shard_ids: list[str]) -> list[Failure]:
    """The failures the given shards recorded (to name them on the driver's console)."""
    import duckdb

    files = [str(dataset / "failures" / f"{i}.parquet") for i in shard_ids
             if (dataset / "failures" / f"{i}.parquet").exists()]
    if not files:
        return []
    rows = duckdb.connect().execute("SELECT origin, reason, stage FROM read_parquet(?) ORDER BY origin",
                                    [files]).fetchall()
    return [Failure(*row) for row in rows]


# --- reading the dataset through DuckDB ---

def attach_dataset(db, dataset: Path, duplicates: Path | None = None, merged: bool = True) -> None:
    """Views named as the store's tables over the dataset's finished partitions, each article once
    (less the copies listed in ``duplicates``, by default the last merge's), and the merge's tables."""
    from .store import _SCHEMA_SQL

    entries = finished(dataset)
    db.execute("CREATE TABLE manifest (shard VARCHAR, seq BIGINT)")
    if entries:
        db.execute("INSERT INTO manifest SELECT unnest(?::VARCHAR[]), unnest(?::BIGINT[])",
                   [list(entries), [e["seq"] for e in entries.values()]])
    if not entries or not all(any((dataset / t / f"{s}.parquet").exists() for s in entries) for t in TABLES):
        db.execute(_SCHEMA_SQL)  # no shard finished yet: the store's empty tables stand in
        return
    dups = duplicates or dataset / MERGED / "duplicates.parquet"
    skip = skip_layers = ""
    if dups.exists():
        skip = f"ANTI JOIN read_parquet('{_sql_path(dups)}') d USING (shard, id)"
        skip_layers = (f"ANTI JOIN (SELECT shard, id AS article_id FROM read_parquet('{_sql_path(dups)}')) d "
                       f"USING (shard, article_id)")

    def parts(table: str) -> str:
        return f"read_parquet('{_sql_path(dataset / table)}/*.parquet') p SEMI JOIN manifest USING (shard)"

    db.execute(f"CREATE VIEW articles AS SELECT * EXCLUDE (shard, shard_seq) FROM {parts('articles')} {skip}")
    for table in ("events", "entities", "actors"):
        db.execute(f"CREATE VIEW {table} AS SELECT * EXCLUDE (shard) FROM {parts(table)} {skip_layers}")
    db.execute(f"CREATE VIEW failures AS SELECT origin, stage, reason, min(first_seen) AS first_seen, "
               f"max(last_seen) AS last_seen, sum(attempts)::INTEGER AS attempts FROM {parts('failures')} "
               f"GROUP BY ALL")
    folder = dataset / MERGED
    if merged and all(any((folder / t).glob("*.parquet")) for t in ("event_members", "merged_events")):
        for table in ("event_members", "merged_events"):
            db.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet('{_sql_path(folder / table)}/*.parquet')")


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")


def merge_dataset(dataset: Path, window_days: int = 2, reciprocal: tuple[str, ...] = ("CONSULT", "AGREE", "COOPERATE"),
                  memory_limit: str = "1GB", members_per_file: int = 200_000) -> int:
    """Merge events across articles over the whole dataset and write ``_merged/`` anew: the copies of
    articles that two shards hold, event_members, merged_events. DuckDB sorts the events by dyad and
    date (spilling to disk past ``memory_limit``); Python holds one dyad's time window at a time."""
    import duckdb

    from .merge import _TABLES_SQL, MERGED_ALL_SQL

    work = dataset / f".merge-{uuid.uuid4().hex}"
    (work / "event_members").mkdir(parents=True)
    (work / "merged_events").mkdir()
    dups = work / "duplicates.parquet"
    settings = {"memory_limit": memory_limit, "temp_directory": str(work / "spill"), "preserve_insertion_order": False}
    try:
        with duckdb.connect(config=settings) as db:
            attach_dataset(db, dataset, duplicates=dups, merged=False)
            if not finished(dataset):
                return 0
            # An article in two shards keeps the copy of the first shard in input order, as one machine does.
            db.execute(f"""COPY (SELECT shard, id FROM (
                                 SELECT p.shard, p.id, row_number() OVER (PARTITION BY p.id ORDER BY m.seq, p.origin) AS n
                                 FROM read_parquet('{_sql_path(dataset / 'articles')}/*.parquet') p
                                 JOIN manifest m USING (shard)) WHERE n > 1)
                           TO '{_sql_path(dups)}' (FORMAT parquet)""")
        with duckdb.connect(config=settings) as db:
            attach_dataset(db, dataset, duplicates=dups, merged=False)
            placed = _write_members(db, work / "event_members", window_days, reciprocal, members_per_file)
            db.execute(f"CREATE VIEW event_members AS SELECT * FROM "
                       f"read_parquet('{_sql_path(work / 'event_members')}/*.parquet')")
            db.execute(_TABLES_SQL.replace("event_members", "_event_members_columns"))  # for the column names
            columns = ", ".join(r[0] for r in db.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = 'merged_events' "
                "ORDER BY ordinal_position").fetchall())
            db.execute("DROP TABLE merged_events")
            db.execute(f"COPY (SELECT * FROM ({MERGED_ALL_SQL}) AS merged({columns})) "
                       f"TO '{_sql_path(work / 'merged_events' / 'part-00000.parquet')}' (FORMAT parquet)")
        _remove_tree(work / "spill")
        _swap_in(dataset, work)
        return placed
    finally:
        _remove_tree(work)


def _write_members(db, folder: Path, window_days: int, reciprocal: tuple[str, ...], per_file: int) -> int:
    """event_members as Parquet files of ``per_file`` rows, from the merge's groups as they come."""
    from .merge import blocks_sql, cluster_blocks

    buffer: list[tuple[str, str, int, bool]] = []
    placed, part = 0, 0

    def flush(force: bool = False) -> None:
        nonlocal part
        if buffer or (force and part == 0):  # an empty file keeps the view's columns when there are no events
            db.execute(f"COPY (SELECT unnest(?::VARCHAR[]) AS event_id, unnest(?::VARCHAR[]) AS merged_id, "
                       f"unnest(?::INTEGER[]) AS rank, unnest(?::BOOLEAN[]) AS flip) "
                       f"TO '{_sql_path(folder / f'part-{part:05d}.parquet')}' (FORMAT parquet)",
                       [[m[0] for m in buffer], [m[1] for m in buffer], [m[2] for m in buffer], [m[3] for m in buffer]])
            part += 1
            buffer.clear()

    recip = list(reciprocal)
    reader = db.cursor()  # its own cursor: the flushes write while it streams
    for members in cluster_blocks(reader.execute(blocks_sql("events"), [recip, recip]), window_days, reciprocal):
        buffer += members
        placed += len(members)
        if len(buffer) >= per_file:
            flush()
    flush(force=True)
    return placed


def _swap_in(dataset: Path, work: Path) -> None:
    """Replace ``_merged/`` by the new merge: the old one is moved aside, the new one renamed in."""
    merged, old = dataset / MERGED, dataset / f".old-{uuid.uuid4().hex}"
    if merged.exists():
        os.replace(merged, old)
    os.replace(work, merged)
    _remove_tree(old)


def _remove_tree(path: Path) -> None:
    import shutil

    shutil.rmtree(path, ignore_errors=True)


def refuse_writes(path: str) -> StoreError:
    return StoreError(f"{path}: a Parquet dataset folder is written by a cluster run "
                      "(dateline ingest --cluster ADDRESS or --local-cluster N), not in place")

"""The ``dateline`` command: a thin shell that parses arguments, calls ``Dateline`` and prints."""
from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from .core import Dateline
from .errors import DatelineError
from .model import Article, Failure
from .settings import SETTINGS
from .terminal import event_view, line, plain, table as view_table

app = typer.Typer(
    help="dateline: news in, event data out. Reads news articles (text, HTML, JSON Lines, RSS/Atom, "
         "WARC) and keeps them as sourced, queryable records.",
    no_args_is_help=True, add_completion=False, rich_markup_mode="rich",
)
eval_app = typer.Typer(help="Score dateline against gold data (see docs/quality.md).", no_args_is_help=True)
app.add_typer(eval_app, name="eval")
err = Console(stderr=True, highlight=False)

Paths = Annotated[list[str], typer.Argument(help="Files, directories (read recursively), globs, or - for stdin.")]
Published = Annotated[Optional[str], typer.Option(
    "--published", help="Publication date/time for every input (ISO 8601); overrides what the input says.")]
Db = Annotated[Optional[str], typer.Option("--db", help="DuckDB file (default: $DATELINE_DB, else ./dateline.duckdb).")]
MaxBytes = Annotated[Optional[int], typer.Option("--max-bytes", help="Refuse inputs larger than this many bytes.")]
Format = Annotated[str, typer.Option("--format", "-f", help="table, json (JSON Lines) or csv.")]
Wide = Annotated[bool, typer.Option("--wide", help="Table with every column (ids, URLs, sentences), wrapped.")]


def _dateline(**overrides: Any) -> Dateline:
    try:
        dl = Dateline(**overrides)
        dl.check_actor_files()
        return dl
    except DatelineError as exc:
        _fail(str(exc))


def _fail(message: str, code: int = 2) -> None:
    err.print(line(("dateline:", "red"), " ", message), soft_wrap=True)
    raise typer.Exit(code)


def _skipped(failure: Failure) -> Text:
    return line(("skipped", "yellow"), " ", failure.line())


def _report(failure: Failure) -> None:
    err.print(_skipped(failure), soft_wrap=True)


ActorFiles = Annotated[Optional[list[str]], typer.Option(
    "--actors", help="Your own actor table (TSV) extending the knowledge base; repeat for several.")]
Codebook = Annotated[Optional[str], typer.Option(
    "--codebook", help="A YAML codebook of your own event types (docs/ontology.md).")]
Events = Annotated[Optional[bool], typer.Option("--events/--no-events", help="Code events (on by default).")]
Annotate = Annotated[Optional[bool], typer.Option("--annotate/--no-annotate",
                                         help="Add entities, time expressions and places (off: bare records).")]


@app.command()
def extract(paths: Paths, published: Published = None, max_bytes: MaxBytes = None,
            annotate: Annotate = None, actors: ActorFiles = None, codebook: Codebook = None,
            events: Events = None) -> None:
    """Print one record per article as JSON Lines on stdout (the SCHEMA.md contract); store nothing.

    Bad inputs are named on stderr, one line each; the exit code is 1 if any input failed.
    """
    dl = _dateline(max_bytes=max_bytes, annotate=annotate, actor_files=actors or None, codebook=codebook,
                   events=events)
    failed = 0
    try:
        for item in dl.records(paths, published=published):
            if isinstance(item, Failure):
                failed += 1
                _report(item)
            else:
                sys.stdout.write(json.dumps(item.to_dict(), ensure_ascii=False) + "\n")
    except DatelineError as exc:
        _fail(str(exc))
    raise typer.Exit(1 if failed else 0)


_HELP = {s.name: s.help for s in SETTINGS}
Cluster = Annotated[Optional[str], typer.Option("--cluster", metavar="tcp://HOST:PORT", help=_HELP["cluster"])]
LocalCluster = Annotated[Optional[int], typer.Option("--local-cluster", metavar="N", help=_HELP["local_cluster"])]
ShardSize = Annotated[Optional[int], typer.Option("--shard-size", help=_HELP["shard_size"])]


@app.command()
def ingest(paths: Paths, db: Db = None, published: Published = None, max_bytes: MaxBytes = None,
           annotate: Annotate = None, actors: ActorFiles = None, codebook: Codebook = None,
           events: Events = None, cluster: Cluster = None, local_cluster: LocalCluster = None,
           shard_size: ShardSize = None) -> None:
    """Read articles into the database. Idempotent: an article already stored is not stored again.

    Each batch is one transaction, so an interrupted run loses nothing already written. Failures are
    named on stderr and kept in the database (`dateline failures`); the exit code is 1 if any input failed.
    """
    dl = _dateline(db=db, max_bytes=max_bytes, annotate=annotate, actor_files=actors or None, codebook=codebook,
                   events=events, cluster=cluster, local_cluster=local_cluster, shard_size=shard_size)
    with Progress(TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(), TextColumn("files"),
                  TimeElapsedColumn(), TextColumn("{task.fields[last]}", markup=False), console=err,
                  transient=True) as bar:
        task = bar.add_task("ingest", total=dl.count_inputs(paths), last="")
        seen: set[str] = set()

        def advance(item: Article | Failure) -> None:
            if isinstance(item, Failure):
                bar.console.print(_skipped(item), soft_wrap=True)
            path = item.origin.split("#")[0]
            if path not in seen:
                seen.add(path)
                bar.update(task, advance=1, last=plain(Path(path).name[-40:]))

        try:
            summary = dl.ingest(paths, published=published, progress=advance)
        except DatelineError as exc:
            _fail(str(exc))
    if summary.interrupted:
        err.print(line(("interrupted", "bold"), " (Ctrl-C): stored what was read so far; the same command goes on"))
    replaced = ((str(summary.replaced), "bold"), " replaced (new --published), ") if summary.replaced else ()
    err.print(line((str(summary.new), "bold"), " new, ", (str(summary.existing), "bold"), " already stored, ",
                   *replaced, (str(summary.failed), "bold"), " failed -> ", dl.config.db))
    raise typer.Exit(130 if summary.interrupted else 1 if summary.failed else 0)


@app.command()
def articles(db: Db = None, limit: Annotated[int, typer.Option(help="Show at most this many.")] = 50,
             fmt: Format = "table", wide: Wide = False) -> None:
    """List stored articles, newest first."""
    rows = _query(db, lambda store: store.articles(limit=limit))
    _print_rows(rows, fmt, title="articles", view="articles", wide=wide)


@app.command()
def show(article_id: Annotated[str, typer.Argument(help="Article id, or a unique prefix of it.")],
         db: Db = None) -> None:
    """Print one stored article record as JSON."""
    record = _query(db, lambda store: store.article(article_id))
    if record is None:
        hint = " (for an event: dateline event ID)" if re.search(r"-e\d+$", article_id) else ""
        _fail(f"no single article with id {article_id!r}{hint}", code=1)
    sys.stdout.write(json.dumps(record.to_dict(), ensure_ascii=False, indent=2) + "\n")


@app.command("event")
def show_event(event_id: Annotated[str, typer.Argument(help="Event id (merged, or of one report; a unique prefix).")],
               db: Db = None, fmt: Format = "table") -> None:
    """One event as an analyst reads it: its sentence in each source with the trigger, source, target,
    date and place marked, each article's title and outlet. Ids: `dateline events --wide`."""
    found = _ask(db, lambda dl: dl.event(event_id))
    if found is None:
        _fail(f"no single event with id {event_id!r}", code=1)
    if fmt == "json":
        sys.stdout.write(json.dumps(found, ensure_ascii=False, default=str) + "\n")
    else:
        Console().print(event_view(found), soft_wrap=False)


@app.command("actors")
def list_actors(db: Db = None, limit: Annotated[int, typer.Option(help="Show at most this many.")] = 50,
                fmt: Format = "table", wide: Wide = False) -> None:
    """List the actors of the stored articles: country, roles, articles and named mentions."""
    _print_rows(_query(db, lambda store: store.actors(limit=limit)), fmt, title="actors", wide=wide)


@app.command()
def failures(db: Db = None, fmt: Format = "table", wide: Wide = False) -> None:
    """List the inputs that could not be read, with the reason and how often they were tried."""
    _print_rows(_query(db, lambda store: store.failures()), fmt, title="failures", view="failures", wide=wide)


@app.command()
def settings() -> None:
    """Show every setting: its name, environment variable, default and meaning."""
    table = Table("setting", "environment", "default", "meaning")
    for s in SETTINGS:
        table.add_row(*(Text(plain(v)) for v in (s.name, s.env, s.default, s.help)))
    Console().print(table)


@app.command("serve")
def serve(db: Db = None,
          host: Annotated[Optional[str], typer.Option(help="Address to listen on [default: 127.0.0.1]; "
                                                          "another than this machine's needs --token.")] = None,
          port: Annotated[Optional[int], typer.Option(help="Port [default: 8000].")] = None,
          token: Annotated[Optional[str], typer.Option(
              help="Token every request must carry (Authorization: Bearer TOKEN) [default: $DATELINE_TOKEN].")] = None,
          max_bytes: MaxBytes = None, actors: ActorFiles = None, codebook: Codebook = None) -> None:
    """Serve the HTTP API and web app over the database (docs/api.md). The server holds the database:
    while it runs, store articles through it (POST /api/ingest), not with `dateline ingest`."""
    import uvicorn

    from .web import check_bind, create_app

    dl = _dateline(db=db, host=host, port=port, token=token, max_bytes=max_bytes, actor_files=actors or None,
                   codebook=codebook)
    try:
        check_bind(dl.config.host, dl.config.token)
        application = create_app(dl, token=dl.config.token or None)
    except DatelineError as exc:
        _fail(str(exc))
    err.print(f"dateline: serving {dl.config.db} on http://{dl.config.host}:{dl.config.port}/ (Ctrl+C stops)",
              markup=False, highlight=False)
    uvicorn.run(application, host=dl.config.host, port=dl.config.port, log_level="warning")


GoldFile = Annotated[Path, typer.Argument(help="Gold JSON Lines file (shapes as in ../shared/eval).")]
AsJson = Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")]
Half = Annotated[Optional[str], typer.Option(
    help="Score only one half of the set, split by a hash of each item's id: tune or check (docs/quality.md).")]


@eval_app.command("extraction")
def eval_extraction(gold: GoldFile, as_json: AsJson = False, half: Half = None) -> None:
    """HTML pages: body-text token P/R/F1, title, author and publication-date accuracy, pages/s; over
    the whole set and its tune and check halves."""
    from .evaluation.extraction import score_extraction

    _print_scores(gold, score_extraction, as_json, half)


@eval_app.command("ner")
def eval_ner(gold: GoldFile, as_json: AsJson = False, half: Half = None) -> None:
    """Entity span precision/recall/F1 by label (label mapping: data/ner_label_map.tsv)."""
    from .evaluation.ner import score_ner

    _print_scores(gold, score_ner, as_json, half)


@eval_app.command("time")
def eval_time(gold: GoldFile, as_json: AsJson = False, half: Half = None) -> None:
    """Time expressions: span P/R/F1 (relaxed and strict) and value accuracy on matched spans."""
    from .evaluation.time import score_time

    _print_scores(gold, score_time, as_json, half)


@eval_app.command("geo")
def eval_geo(gold: GoldFile, as_json: AsJson = False, half: Half = None) -> None:
    """Places: toponym P/R, and on matched toponyms accuracy within 161 km and median error."""
    from .evaluation.geo import score_geo

    _print_scores(gold, score_geo, as_json, half)


@eval_app.command("actors")
def eval_actors(gold: GoldFile, as_json: AsJson = False, half: Half = None) -> None:
    """Actors: country and role accuracy of gold source/target actors (e.g. plover_gsr)."""
    from .evaluation.actors import score_actors

    _print_scores(gold, score_actors, as_json, half)


@eval_app.command("events")
def eval_events(gold: GoldFile, as_json: AsJson = False, half: Half = None) -> None:
    """Events: PLOVER type P/R/F1 and actor match, penta-class accuracy, mapped-type F1 or location
    accuracy, by the gold file's scheme (see docs/quality.md)."""
    from .evaluation.events import score_events

    _print_scores(gold, score_events, as_json, half)


def _print_scores(gold: Path, scorer: Any, as_json: bool, half: Optional[str] = None) -> None:
    try:
        scores = scorer(gold, _dateline().config, half=half)
    except DatelineError as exc:
        _fail(str(exc))
    if as_json:
        sys.stdout.write(json.dumps(scores, indent=2) + "\n")
        return
    table = Table("measure", "value", title=line(f"{scorer.__name__.removeprefix('score_')}: {gold.name}"
                                                 + (f" ({half} half)" if half else "")))
    for key, value in _flatten(scores):
        table.add_row(line(key), line(f"{value:.4f}" if isinstance(value, float) else value))
    Console().print(table)


def _flatten(scores: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    rows: list[tuple[str, Any]] = []
    for key, value in scores.items():
        if isinstance(value, dict):
            rows += _flatten(value, f"{prefix}{key} ")
        else:
            rows.append((f"{prefix}{key}", value))
    return rows


def _query(db: Optional[str], ask: Any) -> Any:
    dl = _dateline(db=db)
    try:
        with dl.store() as store:
            return ask(store)
    except DatelineError as exc:
        _fail(str(exc))


def _print_rows(rows: list[dict[str, Any]], fmt: str, title: str, view: Optional[str] = None,
                wide: bool = False) -> None:
    """Rows as JSON Lines or CSV (every column, as stored), or a table for people (see terminal.VIEWS)."""
    if fmt == "json":
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
    elif fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]) if rows else [])
        writer.writeheader()
        writer.writerows(rows)
    elif fmt == "table":
        console = Console()
        console.print(view_table(rows, title, console.width, view, wide))
    else:
        _fail(f"unknown format {fmt!r}: use table, json or csv")


@app.command()
def export(
    fmt: Annotated[str, typer.Argument(metavar="FORMAT", help="csv, jsonl, parquet, gdelt (GDELT 2.0 event TSV) "
                                                               "or plover (PLOVER JSON Lines).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="File to write (replaced if it exists).")],
    db: Db = None,
    types: Annotated[Optional[list[str]], typer.Option("--type", help="Only this event type; repeat for several.")] = None,
    since: Annotated[Optional[str], typer.Option(help="Only events whose dates reach this day (YYYY-MM-DD).")] = None,
    until: Annotated[Optional[str], typer.Option(help="Only events whose dates start by this day (YYYY-MM-DD).")] = None,
    modality: Annotated[str, typer.Option(help="asserted, negated, hypothetical, future or any (all).")] = "asserted",
    actor: Annotated[Optional[str], typer.Option(help="Only events with this actor id as source or target.")] = None,
) -> None:
    """Write the stored events (one row per article event) to a file; column mappings in docs/exports.md."""
    from .export import Filters, export as export_events, parse_day

    dl = _dateline(db=db)
    try:
        filters = Filters(types=tuple(types or ()), since=parse_day(since, "--since"),
                          until=parse_day(until, "--until"),
                          modality=modality, actor=actor)
        count = export_events(dl.config.db, fmt, out, filters)
    except DatelineError as exc:
        _fail(str(exc))
    err.print(line((str(count), "bold"), " events -> ", out))


# --- queries over the event store (see docs/queries.md) ---

Since = Annotated[Optional[str], typer.Option("--since", help="From this date on (YYYY-MM-DD).")]
Until = Annotated[Optional[str], typer.Option("--until", help="Up to and including this date (YYYY-MM-DD).")]
Modality = Annotated[str, typer.Option("--modality", help="asserted, negated, hypothetical, future or any (all).")]
Raw = Annotated[bool, typer.Option("--raw", help="Per-article event rows instead of merged events.")]
EventType = Annotated[Optional[str], typer.Option("--type", help="PLOVER event type, e.g. CONSULT.")]


def _day(value: Optional[str], name: str) -> Any:
    from datetime import date

    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        _fail(f"{name}: not a date: {value!r} (use YYYY-MM-DD)")


def _ask(db: Optional[str], ask: Any) -> Any:
    dl = _dateline(db=db)
    try:
        return ask(dl)
    except DatelineError as exc:
        _fail(str(exc))


@app.command("events")
def list_events(
        db: Db = None, actor: Annotated[Optional[str], typer.Option(help="Actor id or name, country, or COUNTRY:ROLE.")] = None,
        country: Annotated[Optional[str], typer.Option(help="Country (ISO3) of an actor or of the place.")] = None,
        role: Annotated[Optional[str], typer.Option(help="Role code of an actor, e.g. DEF.")] = None,
        type: EventType = None, mode: Annotated[Optional[str], typer.Option(help="PLOVER mode, e.g. phone.")] = None,
        since: Since = None, until: Until = None,
        place: Annotated[Optional[str], typer.Option(help="Place name (part of it).")] = None,
        near: Annotated[Optional[str], typer.Option(help='Centre of a radius search: a place name or "lat,lon".')] = None,
        km: Annotated[float, typer.Option(help="Radius for --near, in km.")] = 50.0,
        precision: Annotated[Optional[str], typer.Option(help="How precisely the place is known, one or more of "
                                                         "place,near,district,region,country,context.")] = None,
        modality: Modality = "asserted", outlet: Annotated[Optional[str], typer.Option(help="Outlet (part of its name).")] = None,
        text: Annotated[Optional[str], typer.Option(help="Words in the event's sentence.")] = None,
        raw: Raw = False, limit: Annotated[int, typer.Option(help="Show at most this many.")] = 100,
        fmt: Format = "table", wide: Wide = False) -> None:
    """List events, merged across articles by default, filtered by actor, date, place, type and more.

    The table shows date, type/mode, source -> target, place and sources; ids, sentences
    and every other column with --wide or --format json|csv. One event: `dateline event ID`.
    """
    centre = None
    if near:
        try:
            lat, lon = (float(x) for x in near.split(","))
            centre = (lat, lon)
        except ValueError:
            from .queries import place_point

            centre = place_point(near)
            if centre is None:
                _fail(f'--near: {near!r} is neither a known place nor "lat,lon"')
    rows = _ask(db, lambda dl: dl.events(
        actor=actor, country=country, role=role, type=type, mode=mode, since=_day(since, "--since"),
        until=_day(until, "--until"), place=place, near=centre, km=km, precision=precision, modality=modality,
        outlet=outlet,
        text=text, raw=raw, limit=limit))
    _print_rows(rows, fmt, title="events", view="events", wide=wide)


@app.command("contacts")
def list_contacts(
        a: Annotated[str, typer.Argument(help='Actor id or name, country (USA) or COUNTRY:ROLE (USA:DEF).')],
        b: Annotated[str, typer.Argument(help="The other party, same forms.")],
        db: Db = None, since: Since = None, until: Until = None,
        before: Annotated[Optional[str], typer.Option("--before", help="Only the last contact before this date.")] = None,
        modality: Modality = "asserted",
        undated: Annotated[bool, typer.Option(help="Include contacts dated only by publication date.")] = False,
        fmt: Format = "table", wide: Wide = False) -> None:
    """Every contact (CONSULT) between A and B, either direction: date, days since the previous one, sources.

    Ids, article ids and URLs with --wide or --format json|csv.
    """
    rows = _ask(db, lambda dl: dl.contacts(a, b, since=_day(since, "--since"), until=_day(until, "--until"),
                                           before=_day(before, "--before"), modality=modality, undated=undated))
    _print_rows(rows, fmt, title=f"contacts {a} – {b}", view="contacts", wide=wide)
    if since and fmt == "table":
        err.print(line(f"{len(rows)} contact(s) since {since}" + (f" up to {until}" if until else "")))


@app.command("timeline")
def actor_timeline(actor: Annotated[str, typer.Argument(help="Actor id or name, country, or COUNTRY:ROLE.")],
                   db: Db = None, since: Since = None, until: Until = None, type: EventType = None,
                   modality: Modality = "asserted", raw: Raw = False, fmt: Format = "table",
                   wide: Wide = False) -> None:
    """Events involving one actor, by date."""
    rows = _ask(db, lambda dl: dl.timeline(actor, since=_day(since, "--since"), until=_day(until, "--until"),
                                           type=type, modality=modality, raw=raw))
    _print_rows(rows, fmt, title=f"timeline {actor}", view="timeline", wide=wide)


@app.command("network")
def actor_network(db: Db = None, type: EventType = None, since: Since = None, until: Until = None,
                  modality: Modality = "asserted", raw: Raw = False,
                  out: Annotated[Optional[Path], typer.Option(
                      "--out", help="Also write the graph: .graphml, .gexf, or JSON (any other name).")] = None,
                  fmt: Format = "table", wide: Wide = False) -> None:
    """Dyad counts (source, target, type, events); with --out also a graph file."""
    from .queries import write_graph

    rows = _ask(db, lambda dl: dl.network(type=type, since=_day(since, "--since"), until=_day(until, "--until"),
                                          modality=modality, raw=raw))
    _print_rows(rows, fmt, title="network", wide=wide)
    if out:
        err.print(line("graph -> ", write_graph(rows, out)))


@app.command("stats")
def store_stats(db: Db = None, top: Annotated[int, typer.Option(help="How many top actors.")] = 10,
                fmt: Format = "table", wide: Wide = False) -> None:
    """Counts of articles, events and merged events; merged events by type and month; top actors."""
    _print_rows(_ask(db, lambda dl: dl.stats(top=top)), fmt, title="stats", wide=wide)


@app.command("merge")
def merge_events(db: Db = None, rebuild: Annotated[bool, typer.Option(
        help="Recompute every merged event (after changing merge settings).")] = False) -> None:
    """Merge reports of the same event across articles (ingest does this; needed after a setting change)."""
    placed = _ask(db, lambda dl: dl.merge(rebuild=rebuild))
    err.print(line((str(placed), "bold"), " events placed in merged events"))


@app.command("check")
def check_statements(article_id: Annotated[str, typer.Argument(help="Article id, or a unique prefix of it.")],
                     db: Db = None, fmt: Format = "table", wide: Wide = False) -> None:
    """Check an article's contact-history statements ("first time in five months") against the database."""
    rows = _ask(db, lambda dl: dl.check(article_id))
    if not rows:
        err.print(line(f"no contact-history statement found in article {article_id!r} (or no such article)"))
    _print_rows(rows, fmt, title=f"check {article_id}", wide=wide)

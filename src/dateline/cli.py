"""The ``dateline`` command: a thin shell that parses arguments, calls ``Dateline`` and prints."""
from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from .core import Dateline
from .errors import DatelineError
from .model import Article, Failure
from .settings import SETTINGS

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
Db = Annotated[Optional[str], typer.Option("--db", help="DuckDB file [default: $DATELINE_DB or ./dateline.duckdb].")]
MaxBytes = Annotated[Optional[int], typer.Option("--max-bytes", help="Refuse inputs larger than this many bytes.")]
Format = Annotated[str, typer.Option("--format", "-f", help="table, json (JSON Lines) or csv.")]


def _dateline(**overrides: Any) -> Dateline:
    try:
        dl = Dateline(**overrides)
        dl.check_actor_files()
        return dl
    except DatelineError as exc:
        _fail(str(exc))


def _fail(message: str, code: int = 2) -> None:
    err.print(f"[red]dateline:[/red] {message}", soft_wrap=True)
    raise typer.Exit(code)


def _report(failure: Failure) -> None:
    err.print(f"[yellow]skipped[/yellow] {failure.origin}: {failure.reason}", soft_wrap=True)


ActorFiles = Annotated[Optional[list[str]], typer.Option(
    "--actors", help="Your own actor table (TSV) extending the knowledge base; repeat for several.")]
Annotate = Annotated[Optional[bool], typer.Option("--annotate/--no-annotate",
                                         help="Add entities, time expressions and places (off: bare records).")]


@app.command()
def extract(paths: Paths, published: Published = None, max_bytes: MaxBytes = None,
            annotate: Annotate = None, actors: ActorFiles = None) -> None:
    """Print one record per article as JSON Lines on stdout (the SCHEMA.md contract); store nothing.

    Bad inputs are named on stderr, one line each; the exit code is 1 if any input failed.
    """
    dl = _dateline(max_bytes=max_bytes, annotate=annotate, actor_files=actors or None)
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


@app.command()
def ingest(paths: Paths, db: Db = None, published: Published = None, max_bytes: MaxBytes = None,
           annotate: Annotate = None, actors: ActorFiles = None) -> None:
    """Read articles into the database. Idempotent: an article already stored is not stored again.

    Each batch is one transaction, so an interrupted run loses nothing already written. Failures are
    named on stderr and kept in the database (`dateline failures`); the exit code is 1 if any input failed.
    """
    dl = _dateline(db=db, max_bytes=max_bytes, annotate=annotate, actor_files=actors or None)
    with Progress(TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(), TextColumn("files"),
                  TimeElapsedColumn(), TextColumn("{task.fields[last]}"), console=err, transient=True) as bar:
        task = bar.add_task("ingest", total=dl.count_inputs(paths), last="")
        seen: set[str] = set()

        def advance(item: Article | Failure) -> None:
            if isinstance(item, Failure):
                bar.console.print(f"[yellow]skipped[/yellow] {item.origin}: {item.reason}", soft_wrap=True)
            path = item.origin.split("#")[0]
            if path not in seen:
                seen.add(path)
                bar.update(task, advance=1, last=Path(path).name[-40:])

        try:
            summary = dl.ingest(paths, published=published, progress=advance)
        except DatelineError as exc:
            _fail(str(exc))
    err.print(f"[bold]{summary.new}[/bold] new, [bold]{summary.existing}[/bold] already stored, "
              f"[bold]{summary.failed}[/bold] failed -> {dl.config.db}")
    raise typer.Exit(1 if summary.failed else 0)


@app.command()
def articles(db: Db = None, limit: Annotated[int, typer.Option(help="Show at most this many.")] = 50,
             fmt: Format = "table") -> None:
    """List stored articles, newest first."""
    rows = _query(db, lambda store: store.articles(limit=limit))
    _print_rows(rows, fmt, title="articles")


@app.command()
def show(article_id: Annotated[str, typer.Argument(help="Article id, or a unique prefix of it.")],
         db: Db = None) -> None:
    """Print one stored article record as JSON."""
    record = _query(db, lambda store: store.article(article_id))
    if record is None:
        _fail(f"no single article with id {article_id!r}", code=1)
    sys.stdout.write(json.dumps(record.to_dict(), ensure_ascii=False, indent=2) + "\n")


@app.command("actors")
def list_actors(db: Db = None, limit: Annotated[int, typer.Option(help="Show at most this many.")] = 50,
                fmt: Format = "table") -> None:
    """List the actors of the stored articles: country, roles, articles and named mentions."""
    _print_rows(_query(db, lambda store: store.actors(limit=limit)), fmt, title="actors")


@app.command()
def failures(db: Db = None, fmt: Format = "table") -> None:
    """List the inputs that could not be read, with the reason and how often they were tried."""
    _print_rows(_query(db, lambda store: store.failures()), fmt, title="failures")


@app.command()
def settings() -> None:
    """Show every setting: its name, environment variable, default and meaning."""
    table = Table("setting", "environment", "default", "meaning")
    for s in SETTINGS:
        table.add_row(s.name, s.env, str(s.default), s.help)
    Console().print(table)


GoldFile = Annotated[Path, typer.Argument(help="Gold JSON Lines file (shapes as in ../shared/eval).")]
AsJson = Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")]


@eval_app.command("extraction")
def eval_extraction(gold: GoldFile, as_json: AsJson = False) -> None:
    """Body-text token precision/recall/F1 and publication-date accuracy of HTML pages."""
    from .evaluation.extraction import score_extraction

    _print_scores(gold, score_extraction, as_json)


@eval_app.command("ner")
def eval_ner(gold: GoldFile, as_json: AsJson = False) -> None:
    """Entity span precision/recall/F1 by label (label mapping: data/ner_label_map.tsv)."""
    from .evaluation.ner import score_ner

    _print_scores(gold, score_ner, as_json)


@eval_app.command("time")
def eval_time(gold: GoldFile, as_json: AsJson = False) -> None:
    """Time expressions: span P/R/F1 (relaxed and strict) and value accuracy on matched spans."""
    from .evaluation.time import score_time

    _print_scores(gold, score_time, as_json)


@eval_app.command("geo")
def eval_geo(gold: GoldFile, as_json: AsJson = False) -> None:
    """Places: toponym P/R, and on matched toponyms accuracy within 161 km and median error."""
    from .evaluation.geo import score_geo

    _print_scores(gold, score_geo, as_json)


@eval_app.command("actors")
def eval_actors(gold: GoldFile, as_json: AsJson = False) -> None:
    """Actors: country and role accuracy of gold source/target actors (e.g. plover_gsr)."""
    from .evaluation.actors import score_actors

    _print_scores(gold, score_actors, as_json)


@eval_app.command("events")
def eval_events(gold: GoldFile, as_json: AsJson = False) -> None:
    """Events: PLOVER type P/R/F1 and actor match, penta-class accuracy, mapped-type F1 or location
    accuracy, by the gold file's scheme (see docs/quality.md)."""
    from .evaluation.events import score_events

    _print_scores(gold, score_events, as_json)


def _print_scores(gold: Path, scorer: Any, as_json: bool) -> None:
    try:
        scores = scorer(gold, _dateline().config)
    except DatelineError as exc:
        _fail(str(exc))
    if as_json:
        sys.stdout.write(json.dumps(scores, indent=2) + "\n")
        return
    table = Table("measure", "value", title=f"{scorer.__name__.removeprefix('score_')}: {gold.name}")
    for key, value in _flatten(scores):
        table.add_row(key, f"{value:.4f}" if isinstance(value, float) else str(value))
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


def _print_rows(rows: list[dict[str, Any]], fmt: str, title: str) -> None:
    if fmt == "json":
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
    elif fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]) if rows else [])
        writer.writeheader()
        writer.writerows(rows)
    elif fmt == "table":
        table = Table(title=f"{title} ({len(rows)})")
        for name in rows[0].keys() if rows else ["(none)"]:
            longest = max((len(str(row.get(name) or "")) for row in rows), default=0)
            table.add_column(name, no_wrap=True, overflow="ellipsis", min_width=min(longest, 25), max_width=60)
        for row in rows:
            table.add_row(*["" if v is None else str(v) for v in row.values()])
        Console().print(table)
    else:
        _fail(f"unknown format {fmt!r}: use table, json or csv")

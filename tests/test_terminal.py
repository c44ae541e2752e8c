"""What people see in a terminal: tables that fit and show who did what to whom, one event read in full,
and text from inputs that is never taken for markup or terminal control codes."""
from __future__ import annotations

import json
import re
from io import StringIO

import pytest
from rich.console import Console
from typer.testing import CliRunner

from dateline.cli import app
from dateline.core import Dateline
from dateline.model import Article
from dateline.terminal import _fit, event_view, marked_sentence, pair, plain, table

runner = CliRunner()
SEED_ID = "1adcb296e2ecebc9"
HOSTILE = "[/bold] [red]Red[/red] \x1b[31mescaped\x1b[0m \x9b2J [/x]"
STORY = "Officials met in Geneva on Monday to discuss the grain deal.\n\nNo agreement was reached, they said.\n"


def _render(renderable, width: int) -> str:
    console = Console(width=width, file=StringIO(), color_system=None)
    console.print(renderable)
    return console.file.getvalue()


def _cli(*args: str, width: int = 80):
    return runner.invoke(app, list(args), env={"COLUMNS": str(width)})


# --- tables that fit ---

@pytest.mark.parametrize("width", [80, 120])
def test_events_table_shows_source_and_target_of_every_row(demo_db, width):
    rows = Dateline(db=demo_db).events(limit=1000)
    lines = _cli("events", "--limit", "1000", "--db", demo_db, width=width).stdout.splitlines()
    body = lines[3:]  # heading, column names, rule
    assert len(body) == len(rows) and all(len(line) <= width for line in lines)
    for row, text in zip(rows, body):
        source, target = text.split(" -> ")[0].split()[-1], text.split(" -> ")[1].split()[0]
        for shown, actor in ((source, row["source_actor"] or "?"), (target, row["target_actor"] or "?")):
            assert shown == actor or (shown.endswith("…") and actor.startswith(shown[:-1]) and len(shown) >= 8)
    seed = [(r, t) for r, t in zip(rows, body) if r["id"].startswith(SEED_ID) and r["target_actor"]]
    assert seed and all(f"{r['source_actor']} -> {r['target_actor']}" in t for r, t in seed
                        if len(r["source_actor"] + r["target_actor"]) <= 25)


@pytest.mark.parametrize("width", [80, 120])
def test_contacts_show_each_call_on_one_line_with_its_gap(demo_db, width):
    result = _cli("contacts", "Lloyd Austin", "Sergei Shoigu", "--db", demo_db, width=width)
    assert result.exit_code == 0, result.output
    rows = Dateline(db=demo_db).contacts("Lloyd Austin", "Sergei Shoigu")
    lines = result.stdout.splitlines()[3:]
    assert len(lines) == len(rows) >= 3
    for row, text in zip(rows, lines):
        assert text.startswith(row["date"]) and len(text) <= width
        assert "lloyd-austin -> sergei-shoigu" in text or "sergei-shoigu -> lloyd-austin" in text
        assert row["gap_days"] is None or f" {row['gap_days']} d " in text
        sources = f" {row['n_sources']} (" if any(row["outlets"]) else f" {row['n_sources']}"  # then the outlets
        assert sources in text


def test_wide_and_json_keep_every_column(demo_db):
    narrow = _cli("contacts", "Lloyd Austin", "Sergei Shoigu", "--db", demo_db, width=120).stdout
    wide = _cli("contacts", "Lloyd Austin", "Sergei Shoigu", "--db", demo_db, "--wide", width=120).stdout
    rows = [json.loads(line) for line in _cli("contacts", "Lloyd Austin", "Sergei Shoigu", "--db", demo_db,
                                              "--format", "json").stdout.splitlines()]
    assert list(rows[0]) == ["n", "date", "date_start", "gap_days", "id", "mode", "source_actor", "target_actor",
                             "n_sources", "outlets", "article_ids", "urls"]
    assert rows[0]["id"] not in narrow and rows[0]["id"] in wide
    assert all(article_id in wide for article_id in rows[0]["article_ids"])


def test_columns_give_way_then_go_but_are_never_squeezed_to_nothing():
    keep, widths = _fit([10, 20, 40, 12], [10, 8, 21, 6], [0, 1, 0, 2], 80, drop=True)
    assert keep == [0, 1, 2, 3] and widths == [10, 15, 40, 6]  # the highest rank gives way first, to its minimum
    keep, widths = _fit([10, 20, 40, 12], [10, 8, 21, 6], [0, 1, 0, 2], 40, drop=True)
    assert keep == [0, 2] and all(widths[k] >= m for k, m in zip(keep, [10, 21]))
    assert _fit([10, 20, 40, 12], [10, 8, 21, 6], [0, 1, 0, 2], 40, drop=False) is None
    assert pair("lloyd-austin", "sergei-shoigu", 29) == "lloyd-austin -> sergei-shoigu"
    assert pair("a-very-long-source-name-indeed", "usa", 21) == "a-very-long-s… -> usa"


def test_wide_rows_become_blocks_when_the_columns_cannot_sit_side_by_side():
    rows = [{f"column_{k}": f"value-{k}-" + "x" * 25 for k in range(6)}]
    out = _render(table(rows, "many", 80, wide=True), 80)
    assert all(f"column_{k}" in out and f"value-{k}-" + "x" * 25 in out for k in range(6))


# --- one event ---

def test_event_shows_every_source_with_its_sentence_marked(demo_db):
    dl = Dateline(db=demo_db)
    call = next(r for r in dl.contacts("Lloyd Austin", "Sergei Shoigu") if r["date"] == "2022-10-21")
    result = _cli("event", call["id"], "--db", demo_db, width=100)
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    for article_id in call["article_ids"]:
        assert article_id in text
    assert "Biden defense secretary holds call with Russian counterpart" in text and "The Harbour Courier" in text
    assert "trigger ‘spoke’" in text and "source ‘Defense Secretary Lloyd Austin’ (lloyd-austin)" in text
    assert "date ‘Friday’ (2022-10-21)" in text
    report = next(r for r in dl.event(call["id"])["reports"] if r["sentence"].startswith("Defense Secretary"))
    marked = marked_sentence(report)
    styled = {marked.plain[s.start:s.end]: str(s.style) for s in marked.spans}
    assert styled["spoke"] == "bold reverse" and styled["his Russian counterpart"] == "bold cyan"
    twin = json.loads(_cli("event", call["id"], "--db", demo_db, "--format", "json").stdout)
    assert {r["article_id"] for r in twin["reports"]} == set(call["article_ids"])
    assert any(r["sentence"][slice(*r["trigger"])] == "spoke" for r in twin["reports"] if r["trigger"])
    missing = _cli("event", "no-such-event", "--db", demo_db)
    assert missing.exit_code == 1 and "no single event" in missing.stderr


# --- outlets ---

def test_an_outlet_is_the_publisher_else_the_host_never_a_file_name(demo_db):
    assert Article("a", "news/story.txt", "x", url="https://www.example.org/a/b", source=None).outlet == "example.org"
    assert Article("a", "news/story.txt", "x", url="https://www.example.org/a", source="The Example").outlet \
        == "The Example"
    assert Article("a", "news/story.txt", "x").outlet is None
    outlets = [o for r in Dateline(db=demo_db).events(limit=1000) for o in r["outlets"]]
    assert None in outlets and "Kestrel News Agency" in outlets
    assert not [o for o in outlets if o and re.search(r"\.(txt|html|jsonl)$", o)]


# --- text from inputs is data ---

def test_plain_replaces_control_characters_but_keeps_the_text():
    assert plain("a\x1b[31mb\x9b2Jc\x07d\ne\tf\x7f") == "a\ufffd[31mb\ufffd2Jc\ufffdd\ne\tf\ufffd"
    assert plain("[/bold] كلمة \u00e9") == "[/bold] كلمة \u00e9"


def test_a_failure_naming_markup_is_printed_and_the_batch_goes_on(tmp_path):
    (tmp_path / "[").mkdir()  # file names that end in markup: .../[/x].txt and .../[/bold].txt
    (tmp_path / "[" / "x].txt").write_bytes(b"")
    (tmp_path / "[" / "bold].txt").write_text(STORY, encoding="utf-8")
    empty, good = str(tmp_path / "[" / "x].txt"), str(tmp_path / "[" / "bold].txt")
    db = str(tmp_path / "d.duckdb")
    ingest = runner.invoke(app, ["ingest", empty, good, "--db", db, "--no-annotate"])
    assert ingest.exception is None or isinstance(ingest.exception, SystemExit), ingest.exception
    assert ingest.exit_code == 1 and "[/x].txt: empty input" in ingest.stderr
    assert "1 new, 0 already stored, 1 failed" in ingest.stderr
    extract = runner.invoke(app, ["extract", empty, good, "--no-annotate"])
    assert extract.exit_code == 1 and "[/x].txt: empty input" in extract.stderr
    assert len(extract.stdout.splitlines()) == 1
    failures = _cli("failures", "--db", db, width=80)
    assert failures.exit_code == 0 and "…" in failures.stdout and "/[/x].txt   empty input" in failures.stdout


def _store_one(tmp_path, title: str, body_tail: str = "") -> str:
    feed = tmp_path / "wire.jsonl"
    feed.write_text(json.dumps({"title": title, "source": title, "url": "https://example.org/a",
                                "published": "2022-10-21", "body": "Defense Secretary Lloyd Austin spoke with "
                                "Russian Defense Minister Sergei Shoigu on Friday" + body_tail + ".\n"}) + "\n",
                    encoding="utf-8")
    db = str(tmp_path / "d.duckdb")
    assert runner.invoke(app, ["ingest", str(feed), "--db", db]).exit_code == 0
    return db


def test_markup_in_a_stored_title_or_sentence_prints_as_text(tmp_path):
    db = _store_one(tmp_path, "[/bold] [red]Red[/red] [/x]", body_tail=", a call [/bold] and [/x] in the text")
    for args in (["articles"], ["events"], ["articles", "--wide"], ["events", "--wide"],
                 ["timeline", "lloyd-austin", "--wide"], ["contacts", "lloyd-austin", "sergei-shoigu"]):
        result = _cli(*args, "--db", db, width=200)
        assert result.exit_code == 0, (args, result.output)
    assert "[/bold] [red]Red[/red] [/x]" in _cli("articles", "--db", db, width=200).stdout
    assert "[/bold] and [/x] in the text" in _cli("events", "--wide", "--db", db, width=200).stdout
    event_id = json.loads(_cli("events", "--db", db, "-f", "json").stdout.splitlines()[0])["id"]
    shown = _cli("event", event_id, "--db", db, width=200)
    assert shown.exit_code == 0 and shown.stdout.count("[/bold] [red]Red[/red] [/x]") == 2  # outlet, title


def test_terminal_codes_in_a_title_are_not_sent_to_the_terminal(tmp_path):
    db = _store_one(tmp_path, "\x1b[31mRed title\x1b[0m \x9b2J", body_tail=" \x1b]0;owned\x07 at night")
    for args in (["articles"], ["articles", "--wide"], ["events", "--wide"]):
        result = _cli(*args, "--db", db, width=200)
        assert result.exit_code == 0 and "\x1b" not in result.stdout and "\x9b" not in result.stdout, args
    assert "\ufffd[31mRed title\ufffd[0m \ufffd2J" in _cli("articles", "--db", db, width=200).stdout


def test_markup_in_arguments_is_printed_as_typed(tmp_path):
    db = str(tmp_path / "d.duckdb")
    story = tmp_path / "s.txt"
    story.write_text(STORY, encoding="utf-8")
    assert runner.invoke(app, ["ingest", str(story), "--db", db, "--no-annotate"]).exit_code == 0
    contacts = _cli("contacts", "[/x]", "[bold]B", "--db", db)
    assert contacts.exit_code == 0 and "contacts [/x] – [bold]B (0)" in contacts.stdout
    show = _cli("show", "[/x]", "--db", db)
    assert show.exit_code == 1 and "no single article with id '[/x]'" in show.stderr
    check = _cli("check", "[/x]\x1b[2J", "--db", db)
    assert check.exit_code == 0 and "\x1b" not in check.output and "[/x]" in check.stderr


def test_event_view_escapes_everything_from_the_store():
    report = {"article_id": "a1", "outlet": HOSTILE, "title": HOSTILE, "sentence": HOSTILE, "source_text": "[red]Red",
              "url": None, "origin": "x[/x].txt", "published": None, "trigger": None}
    out = _render(event_view({"type": "CONSULT", "source_actor": "[/x]", "reports": [report]}), 200)
    assert "\x1b" not in out and out.count("[/bold] [red]Red[/red]") == 3 and "x[/x].txt" in out


def test_the_progress_line_shows_a_file_name_as_it_is(tmp_path, monkeypatch):
    import dateline.cli as cli

    story = tmp_path / "[blink]story[red].txt"
    story.write_text(STORY, encoding="utf-8")
    screen = Console(force_terminal=True, file=StringIO(), width=200, color_system=None)
    monkeypatch.setattr(cli, "err", screen)
    result = runner.invoke(app, ["ingest", str(story), "--db", str(tmp_path / "d.duckdb"), "--no-annotate"])
    assert result.exit_code == 0
    assert "[blink]story[red].txt" in screen.file.getvalue()

"""The `dateline` command: extract prints the contract, ingest is idempotent, bad input is named."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

from typer.testing import CliRunner

from dateline.cli import app

runner = CliRunner()
STORY = "Officials met in Geneva on Monday to discuss the grain deal.\n\nNo agreement was reached, they said.\n"


def _write(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def _bad_inputs(folder: Path) -> list[Path]:
    broken_link = folder / "gone.txt"
    broken_link.symlink_to(folder / "nowhere.txt")
    return [
        _write(folder, "empty.txt", b""),
        _write(folder, "binary.bin", bytes(range(256)) * 4),
        _write(folder, "latin1.txt", "Caf\u00e9 news in Latin-1 encoding, not UTF-8.".encode("latin-1")),
        _write(folder, "menu.html", "<html><body><nav><a href='/'>Home</a></nav></body></html>"),
        _write(folder, "huge.txt", "word " * 3000),
        broken_link,
    ]


def test_extract_prints_one_schema_record_per_article(seed_path):
    result = runner.invoke(app, ["extract", str(seed_path)])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout.splitlines()[0])
    assert record["schema"] == "dateline/1"
    assert record["published"] == "2022-10-21T12:47:00-04:00"
    assert list(record)[:3] == ["schema", "id", "origin"]
    assert {"entities", "timexes", "places", "actors", "events"} <= set(record)


def test_extract_published_option_overrides_the_date(tmp_path):
    path = _write(tmp_path, "story.txt", STORY)
    result = runner.invoke(app, ["extract", str(path), "--published", "2022-10-21T09:00:00+03:00"])
    record = json.loads(result.stdout)
    assert (record["published"], record["published_source"]) == ("2022-10-21T09:00:00+03:00", "given")
    bad = runner.invoke(app, ["extract", str(path), "--published", "someday"])
    assert bad.exit_code != 0 and "not a date" in bad.stderr


def test_every_bad_input_gets_one_line_and_the_batch_goes_on(tmp_path):
    good = _write(tmp_path, "good.txt", STORY)
    bad = _bad_inputs(tmp_path)
    result = runner.invoke(app, ["extract", "--max-bytes", "10000", *map(str, bad), str(good)])
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 1  # the good article still comes out
    reasons = result.stderr
    for needle in ("empty.txt: empty input", "binary.bin: binary file", "latin1.txt: invalid UTF-8",
                   "menu.html: no article text", "huge.txt: too large", "gone.txt: cannot read"):
        assert needle in " ".join(reasons.split()), needle


def test_ingest_is_idempotent_and_keeps_failures(tmp_path):
    db = str(tmp_path / "news.duckdb")
    good = _write(tmp_path, "good.txt", STORY)
    empty = _write(tmp_path, "empty.txt", b"")
    first = runner.invoke(app, ["ingest", str(good), str(empty), "--db", db])
    assert first.exit_code == 1 and "1 new, 0 already stored, 1 failed" in first.stderr
    again = runner.invoke(app, ["ingest", str(good), "--db", db])
    assert again.exit_code == 0 and "0 new, 1 already stored, 0 failed" in again.stderr
    listed = runner.invoke(app, ["articles", "--db", db, "--format", "json"])
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert len(rows) == 1
    shown = runner.invoke(app, ["show", rows[0]["id"][:8], "--db", db])
    assert json.loads(shown.stdout)["body"].startswith("Officials met in Geneva")
    failed = runner.invoke(app, ["failures", "--db", db, "--format", "json"])
    assert "empty input" in failed.stdout
    event_id = runner.invoke(app, ["show", rows[0]["id"] + "-e0", "--db", db])
    assert event_id.exit_code == 1 and "dateline event ID" in event_id.stderr


def test_ingest_reads_directories_recursively_and_gzip(tmp_path):
    nested = tmp_path / "in" / "deeper"
    nested.mkdir(parents=True)
    _write(nested, "a.txt.gz", gzip.compress(STORY.encode()))
    _write(tmp_path / "in", "b.txt", STORY.replace("Geneva", "Vienna"))
    _write(tmp_path / "in", "notes.py", "print('not an article')")
    result = runner.invoke(app, ["ingest", str(tmp_path / "in"), "--db", str(tmp_path / "d.duckdb")])
    assert result.exit_code == 0, result.stderr
    assert "2 new" in result.stderr


def test_stdin_is_read_with_a_dash():
    result = runner.invoke(app, ["extract", "-"], input=STORY)
    assert json.loads(result.stdout)["origin"] == "<stdin>"


def test_help_explains_each_verb():
    result = runner.invoke(app, ["--help"])
    for verb in ("extract", "ingest", "articles", "show", "event", "failures", "eval"):
        assert verb in result.stdout
    # help text is Rich markup: a bracketed default would vanish from it
    assert "$DATELINE_DB" in runner.invoke(app, ["events", "--help"], env={"COLUMNS": "120"}).stdout


def test_actors_lists_stored_actors_and_a_user_table_overrides(tmp_path):
    db = str(tmp_path / "a.duckdb")
    story = _write(tmp_path, "call.txt", "Defense Secretary Lloyd Austin spoke with Russian Defense Minister "
                                         "Sergey Shoygu on Friday, the Pentagon said.\n")
    holders = tmp_path / "my-holders.tsv"
    header = (Path(__file__).resolve().parents[1] / "src/dateline/data/actors/holders.tsv").read_text(
        encoding="utf-8").splitlines()
    columns = next(line for line in header if line.startswith("# id")).lstrip("# ").split("\t")
    row = {c: "" for c in columns}
    row.update({"id": "jane-roe", "name": "Jane Roe", "country": "GBR", "office": "defence_minister",
                "roles": "GOV DEF", "title": "Defence Secretary", "start": "2030-01-01"})
    holders.write_text("\t".join(row[c] for c in columns) + "\n", encoding="utf-8")
    assert runner.invoke(app, ["ingest", str(story), "--db", db]).exit_code == 0
    listed = runner.invoke(app, ["actors", "--db", db, "--format", "json"])
    rows = {r["id"]: r for r in map(json.loads, listed.stdout.splitlines())}
    assert rows["lloyd-austin"]["country"] == "USA" and rows["sergei-shoigu"]["mentions"] >= 1
    custom = runner.invoke(app, ["extract", "-", "--actors", str(holders), "--published", "2030-02-01"],
                           input="Jane Roe visited troops in Estonia on Monday.\n")
    actors = {a["id"]: a for a in json.loads(custom.stdout)["actors"]}
    assert actors["jane-roe"]["country"] == "GBR" and "DEF" in actors["jane-roe"]["roles"]
    missing = runner.invoke(app, ["extract", "-", "--actors", str(tmp_path / "nope.tsv")], input="x\n")
    assert missing.exit_code == 2 and "no such file" in missing.stderr

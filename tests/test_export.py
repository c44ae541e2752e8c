"""Exports: CSV, JSON Lines, Parquet, GDELT 2.0 TSV and PLOVER JSON of a small store built by ingest."""
from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import duckdb
import pytest

from dateline import Dateline
from dateline.events.ontology import load_ontology
from dateline.export import (GDELT_COLUMNS, ExportError, Filters, cameo_actor_code, event_number, export)

ROOT = Path(__file__).resolve().parents[1]
LEDGER = ROOT / "examples" / "text" / "2022-10-21-capital-ledger-austin-shoigu.txt"
SEEDS = ROOT.parent / "shared" / "seeds"  # the shared seed articles; left out when absent
COL = {name: i for i, name in enumerate(GDELT_COLUMNS)}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding the Capital Ledger example and, when /work/shared is here, the seed article."""
    db = tmp_path_factory.mktemp("export") / "events.duckdb"
    paths = [str(LEDGER)] + sorted(str(p) for p in SEEDS.glob("*.txt"))
    summary = Dateline(db=str(db), workers=1).ingest(paths)
    assert summary.failed == 0 and summary.new == len(paths)
    return db


def _count(db: Path, where: str = "modality = 'asserted'") -> int:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(f"SELECT count(*) FROM events WHERE {where}").fetchone()[0]


def test_gdelt_has_61_columns_and_codes_the_phone_call(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.tsv"
    assert export(store, "gdelt", out) == _count(store)
    rows = [line.split("\t") for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(GDELT_COLUMNS) == 61 and rows and all(len(row) == 61 for row in rows)
    calls = [r for r in rows if r[COL["EventCode"]] == "041" and r[COL["Actor1Name"]] == "LLOYD AUSTIN"
             and r[COL["Actor2Name"]] == "SERGEI SHOIGU"]
    assert calls, "the Austin-Shoigu phone call is exported"
    call = calls[0]
    assert call[COL["Day"]] == "20221021" and call[COL["MonthYear"]] == "202210" and call[COL["Year"]] == "2022"
    assert call[COL["Actor1Code"]] == "USAGOV" and call[COL["Actor1CountryCode"]] == "USA"
    assert call[COL["Actor2Code"]] == "RUSGOV" and call[COL["Actor1Type1Code"]] == "GOV"
    assert (call[COL["EventBaseCode"]], call[COL["EventRootCode"]]) == ("041", "04")
    assert call[COL["QuadClass"]] == "1"
    assert float(call[COL["GoldsteinScale"]]) == load_ontology().goldstein("041")
    assert call[COL["NumArticles"]] == call[COL["NumMentions"]] == "1" and call[COL["AvgTone"]] == ""
    assert int(call[COL["GlobalEventID"]]) > 0 and len(call[COL["DATEADDED"]]) == 14


def test_gdelt_action_geo_from_the_event_location(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.tsv"
    export(store, "gdelt", out, Filters(modality=None))
    placed = [r for r in (line.split("\t") for line in out.read_text(encoding="utf-8").splitlines())
              if r[COL["ActionGeo_FullName"]]]
    for row in placed:
        assert row[COL["ActionGeo_Type"]] in {"1", "2", "3", "4", "5"}
        assert row[COL["ActionGeo_Lat"]] and row[COL["ActionGeo_Long"]]
        assert len(row[COL["ActionGeo_CountryCode"]]) in (0, 2)  # FIPS 10-4


def test_gdelt_from_merged_rows_uses_their_counts(store: Path, tmp_path: Path) -> None:
    with duckdb.connect(str(store), read_only=True) as con:
        cursor = con.execute("SELECT * FROM events WHERE cameo = '041' AND modality = 'asserted' LIMIT 1")
        names = [d[0] for d in cursor.description]
        row = dict(zip(names, cursor.fetchone()))
    merged = {**row, "num_mentions": 5, "num_sources": 3, "num_articles": 4}
    out = tmp_path / "merged.tsv"
    assert export(store, "gdelt", out, rows=[merged]) == 1
    cells = out.read_text(encoding="utf-8").rstrip("\n").split("\t")
    assert (cells[COL["NumMentions"]], cells[COL["NumSources"]], cells[COL["NumArticles"]]) == ("5", "3", "4")


def test_plover_records_carry_the_plover_fields(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.plover.jsonl"
    assert export(store, "plover", out) == _count(store)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    for record in records:
        for name in ("id", "date", "source", "recipient", "event", "mode", "context", "event_loc", "quad_code",
                     "event_scale", "text", "cite_info", "coder", "modality"):
            assert name in record
        assert isinstance(record["source"], list) and isinstance(record["event"], list)
    call = next(r for r in records if r["cameo"] == "041" and r["source"]
                and r["source"][0]["identifier_id"] == "lloyd-austin")
    assert call["event"] == ["CONSULT"] and call["mode"] == "phone" and call["quad_code"] == 1
    assert call["source"][0]["code"] == "USA" and call["source"][0]["sector"] == "GOV"
    assert call["recipient"][0]["identifier_id"] == "sergei-shoigu"
    assert call["date"] == "2022-10-21" and call["cite_info"]["citation"]


def test_csv_has_a_header_and_one_row_per_event(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    assert export(store, "csv", out, Filters(modality=None)) == _count(store, "true")
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == _count(store, "true")
    assert {"id", "article_id", "type", "cameo", "source_actor", "source_roles", "date", "modality",
            "outlet", "url"} <= set(rows[0])
    assert any(r["source_roles"] == "GOV DEF" for r in rows)
    # ACLED-style geo_precision: 1 the named place, 2 near it or its district, 3 region, country, context
    assert {r["geo_precision"] for r in rows if r["location_precision"]} <= {"1", "2", "3"}
    assert all(r["geo_precision"] == "1" for r in rows if r["location_precision"] == "place")
    assert any(r["location_precision"] for r in rows)


def test_jsonl_records_have_the_schema_shape(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    assert export(store, "jsonl", out) == _count(store)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert all(r["schema"] == "dateline/1" and r["article_id"] and "outlet" in r for r in records)
    call = next(r for r in records if r["cameo"] == "041" and (r["source"] or {}).get("actor") == "lloyd-austin")
    assert call["source"]["roles"] == ["GOV", "DEF"] and call["target"]["country"] == "RUS"
    assert isinstance(call["span"], list) and call["modality"] == "asserted"


def test_parquet_is_readable_by_duckdb(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.parquet"
    assert export(store, "parquet", out) == _count(store)
    with duckdb.connect() as con:
        count, types = con.execute(f"SELECT count(*), count(DISTINCT type) FROM '{out}'").fetchone()
        roles = con.execute(f"SELECT source_roles FROM '{out}' WHERE source_actor = 'lloyd-austin' "
                            "LIMIT 1").fetchone()[0]
    assert count == _count(store) and types >= 1 and roles == ["GOV", "DEF"]


def test_filters_select_type_dates_and_modality(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "f.csv"
    consult = export(store, "csv", out, Filters(types=("consult",)))
    assert consult == _count(store, "type = 'CONSULT' AND modality = 'asserted'")
    assert export(store, "csv", out, Filters(since=date(2100, 1, 1))) == 0
    in_range = export(store, "csv", out, Filters(since=date(2022, 10, 21), until=date(2022, 10, 21), modality=None))
    assert in_range == _count(store, "date_end >= DATE '2022-10-21' AND date_start <= DATE '2022-10-21'")


def test_bad_requests_raise_export_errors(store: Path, tmp_path: Path) -> None:
    with pytest.raises(ExportError):
        export(store, "xml", tmp_path / "x")
    with pytest.raises(ExportError):
        export(store, "csv", tmp_path / "x.csv", Filters(modality="maybe"))
    with pytest.raises(ExportError):
        export(store, "csv", tmp_path / "x.csv", Filters(types=("CONSULT'; DROP TABLE events; --",)))
    with pytest.raises(ExportError):
        export(store, "csv", tmp_path / "no" / "such" / "x.csv")


def test_actor_codes_and_event_numbers() -> None:
    assert cameo_actor_code("USA", ["GOV", "DEF"]) == "USAGOV"
    assert cameo_actor_code("RUS", ["MIL"]) == "RUSMIL"
    assert cameo_actor_code("SDN", ["GOV", "HEAD", "MIL"]) == "SDNGOVMIL"
    assert cameo_actor_code("IGO", ["IGO"], "nato") == "IGONAT"
    assert cameo_actor_code(None, ["CVL"]) == "CVL"
    assert event_number("cff7a971af4924a6-e3") == int("cff7a971af49", 16) * 1000 + 3
    assert event_number("not-a-dateline-id") > 0


def test_cli_export_writes_the_file(store: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from dateline.cli import app

    out = tmp_path / "cli.tsv"
    result = CliRunner().invoke(app, ["export", "gdelt", "--out", str(out), "--db", str(store), "--type", "CONSULT"])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").count("\n") == _count(store, "type = 'CONSULT' AND modality = 'asserted'")
    bad = CliRunner().invoke(app, ["export", "gdelt", "--out", str(out), "--db", str(store), "--since", "soon"])
    assert bad.exit_code == 2

"""The Python API checks its arguments; one modality vocabulary for the CLI, the API and export."""
from __future__ import annotations

from pathlib import Path

import pytest

import dateline
from dateline import ConfigError, Dateline
from dateline.model import modality_filter

ROOT = Path(__file__).resolve().parents[1]


def test_a_string_where_paths_are_expected_is_one_path(tmp_path):
    db = tmp_path / "one.duckdb"
    summary = Dateline(db=str(db), annotate=False).ingest(str(ROOT / "examples" / "text"))
    assert summary.new == len(list((ROOT / "examples" / "text").glob("*.txt"))) and not summary.failures
    assert Dateline(annotate=False).count_inputs(str(ROOT / "examples" / "text")) == summary.new
    assert len(list(Dateline(annotate=False).records(ROOT / "examples" / "text"))) == summary.new  # a Path too


@pytest.mark.parametrize("call, name", [
    (lambda: dateline.extract(None), "text_or_html"),
    (lambda: dateline.read(None), "paths"),
    (lambda: dateline.read(), "path"),
    (lambda: Dateline(annotate=False).ingest(None), "paths"),
    (lambda: Dateline(annotate=False).records([None]), "paths"),
    (lambda: Dateline(annotate=False).count_inputs(3), "paths"),
    (lambda: dateline.extract("Talks in Paris went on.", published=20221021), "published"),
    (lambda: Dateline(annotate=False).extract("Talks in Paris went on.", url=7), "url"),
])
def test_a_wrong_argument_is_a_type_error_naming_it(call, name, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(TypeError, match=name):
        call()
    assert not list(tmp_path.iterdir())  # nothing created before the check


def test_lone_surrogates_become_replacement_characters():
    article = Dateline(annotate=False).extract("Ministers met in Paris \ud800on Friday to talk about trade.")
    assert "\ufffd" in article.body and "\ud800" not in article.body
    article.body.encode("utf-8")


@pytest.mark.parametrize("value, kept", [("any", None), ("all", None), (None, None), ("negated", "negated")])
def test_any_and_all_are_one_modality_filter(value, kept):
    assert modality_filter(value) == kept


def test_an_unknown_modality_is_refused_by_name(demo_db):
    with pytest.raises(ConfigError, match="unknown modality 'sure'"):
        Dateline(db=demo_db).events(modality="sure")
    every = Dateline(db=demo_db).events(modality="any", limit=10_000)
    assert every and Dateline(db=demo_db).events(modality="all", limit=10_000) == every


def test_export_takes_any_as_well_as_all(demo_db, tmp_path):
    from dateline.export import ExportError, Filters, export

    counts = {m: export(demo_db, "csv", tmp_path / f"{m}.csv", Filters(modality=m)) for m in ("any", "all")}
    assert counts["any"] == counts["all"] > 0
    with pytest.raises(ExportError, match="unknown modality"):
        export(demo_db, "csv", tmp_path / "x.csv", Filters(modality="sure"))

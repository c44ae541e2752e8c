"""Extraction scores: body, title, author and date against gold, over the whole set and its halves."""
from __future__ import annotations

import hashlib
import json

import pytest
from typer.testing import CliRunner

from dateline.cli import app
from dateline.errors import DatelineError
from dateline.evaluation.extraction import half_of, score_extraction
from dateline.settings import Config

STORY = "".join(f"<p>Paragraph {n}: the council agreed the new budget for the town's three schools.</p>"
                for n in range(6))


def _page(day: str) -> str:
    return (f"<html><head><title>Budget agreed</title><meta name='author' content='Lena Ortiz'>"
            f"<meta property='article:published_time' content='{day}'></head>"
            f"<body><h1>Budget agreed</h1><div class='story'>{STORY}</div></body></html>")


@pytest.fixture
def gold(tmp_path):
    (tmp_path / "html").mkdir()
    items = []
    for n, (day, gold_day) in enumerate([("2021-05-04", "2021-05-04"), ("2021-05-06", "2021-05-05"),
                                         ("2021-05-07", "2021-05-07"), ("2021-05-08", "2021-05-08")]):
        (tmp_path / "html" / f"{n}.html").write_text(_page(day), encoding="utf-8")
        items.append({"id": f"set:{n}", "html_path": f"html/{n}.html", "url": None,
                      "gold": {"text": STORY.replace("<p>", "").replace("</p>", "\n\n"), "title": "Budget agreed",
                               "author": "Lena Ortiz" if n else "Someone Else", "date": gold_day}})
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(json.dumps(item) for item in items), encoding="utf-8")
    return path


def test_halves_are_fixed_by_a_hash_of_the_item_id():
    for item_id in ("set:0", "set:1", "htmldate-mediacloud2020:1783862633"):
        even = hashlib.sha1(item_id.encode()).digest()[0] % 2 == 0
        assert half_of(item_id) == ("tune" if even else "check")


def test_scores_cover_the_whole_set_and_each_half(gold):
    scores = score_extraction(gold, Config())
    whole = scores["all"]
    assert whole["items"] == 4 and whole["body_f1"] > 0.99
    assert whole["title_accuracy"] == 1.0
    assert whole["author_accuracy"] == 0.75  # one gold author differs
    assert whole["date_accuracy"] == 0.75  # one page states another day than its gold
    assert whole["date_by_source"] == {"meta": "3/4"}
    assert whole["pages_per_second"] > 0
    halves = {name: sum(half_of(f"set:{n}") == name for n in range(4)) for name in ("tune", "check")}
    assert {name: scores[name]["items"] for name in ("tune", "check")} == halves
    assert list(score_extraction(gold, Config(), half="check")) == ["check"]
    with pytest.raises(DatelineError, match="--half"):
        score_extraction(gold, Config(), half="test")


def test_eval_extraction_command_scores_one_half(gold):
    result = CliRunner().invoke(app, ["eval", "extraction", str(gold), "--half", "tune", "--json"])
    assert result.exit_code == 0, result.output
    assert list(json.loads(result.output)) == ["tune"]

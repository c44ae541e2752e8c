"""The time scorer on a tiny hand-written gold file."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from dateline.evaluation.time import score_time


def test_score_time_counts_and_values(tmp_path: Path) -> None:
    pytest.importorskip("spacy")
    text = "Austin spoke with Shoigu on Friday. The war began in February. It rained."
    gold = {"id": "tiny:1", "text": text, "dct": "2022-10-21", "timex": [
        {"start": 28, "end": 34, "text": "Friday", "type": "DATE", "value": "2022-10-21"},
        {"start": 50, "end": 61, "text": "in February", "type": "DATE", "value": "2022-03"},
        {"start": 63, "end": 65, "text": "It", "type": "DATE", "value": "PRESENT_REF"},
    ]}
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(gold) + "\n", encoding="utf-8")
    try:
        result = score_time(path, None)
    except OSError:
        pytest.skip("the spaCy model is not installed")
    assert result["gold"] == 3 and result["predicted"] == 2
    assert result["matched"] == 2 and result["matched_strict"] == 1
    assert result["value_correct"] == 1 and result["value_accuracy"] == 0.5
    assert result["relaxed"]["precision"] == 1.0
    assert result["relaxed"]["recall"] == pytest.approx(0.6667, abs=1e-3)
    assert result["strict"]["f1"] == pytest.approx(0.4, abs=1e-3)


def test_meantime_figures(shared_eval: Path) -> None:
    result = score_time(shared_eval / "time" / "meantime_en.jsonl", None)
    assert result["value_accuracy"] >= 0.80
    assert result["relaxed"]["f1"] >= 0.85

"""Geo scoring on a tiny gold file, through the real annotation pipeline."""
from __future__ import annotations

import json
from pathlib import Path

from dateline.evaluation.geo import haversine_km, score_geo


def test_score_geo(tmp_path: Path) -> None:
    gold = tmp_path / "geo.jsonl"
    items = [{"id": "a", "text": "Troops left Kyiv for Lyman in Ukraine.",
              "places": [{"start": 12, "end": 16, "name": "Kyiv", "lat": 50.45, "lon": 30.52, "geonameid": None},
                         {"start": 21, "end": 26, "name": "Lyman", "lat": 48.99, "lon": 37.80, "geonameid": None},
                         {"start": 30, "end": 37, "name": "Ukraine", "lat": 49.0, "lon": 32.0, "geonameid": None}]},
             {"id": "b", "text": "Mr Smith visited Paris.", "places": [
                 {"start": 17, "end": 22, "name": "Paris", "lat": 10.0, "lon": 10.0, "geonameid": None}]}]
    gold.write_text("\n".join(json.dumps(i) for i in items) + "\n", encoding="utf-8")
    result = score_geo(gold, None)
    assert result["gold"] == 4 and result["matched"] == 4 and result["predicted"] == 4
    assert result["recall"] == 1.0 and result["precision"] == 1.0
    assert result["acc_161km"] == 0.75


def test_haversine() -> None:
    assert abs(haversine_km(0, 0, 0, 1) - 111.2) < 0.5


def test_country_scored_by_code() -> None:
    """A country toponym is right when the country is: the gold's point for Canada lies 1,000 km from
    the predicted one, yet it counts; a wrong country still counts as its distance."""
    from dateline.evaluation.geo import score_items

    text = "Geese flew from Canada to Georgia."
    gold = [{"start": 16, "end": 22, "name": "Canada", "lat": 60.0, "lon": -95.0},
            {"start": 26, "end": 33, "name": "Georgia", "lat": 33.0, "lon": -83.5}]
    predicted = [{"start": 16, "end": 22, "lat": 56.1, "lon": -106.3, "country": "CAN", "feature": "country"},
                 {"start": 26, "end": 33, "lat": 42.3, "lon": 43.4, "country": "GEO", "feature": "country"}]
    result = score_items([{"text": text, "places": gold}], [predicted])
    assert result["acc_161km"] == 0.5  # Canada right by its code; Georgia the state, not the country
    assert result["acc_161km_points"] == 0.0 and result["country_toponyms"] == 1

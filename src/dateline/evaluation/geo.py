"""Toponym scores: span precision/recall against gold places, distance errors on matched ones."""
from __future__ import annotations

import math
import statistics
from pathlib import Path
from typing import Any, Iterable

from ..settings import Config
from . import load_gold

KM_THRESHOLD = 161.0


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def _overlaps(a: dict, b: dict) -> bool:
    """Whether two character spans overlap."""
    return a["start"] < b["end"] and b["start"] < a["end"]


def match_places(predicted: list[dict], gold: list[dict]) -> list[tuple[dict, dict]]:
    """One-to-one pairs of overlapping predicted and gold spans, in text order."""
    pairs, used = [], set()
    for g in sorted(gold, key=lambda x: x["start"]):
        for i, p in enumerate(predicted):
            if i not in used and _overlaps(p, g):
                pairs.append((p, g))
                used.add(i)
                break
    return pairs


def gold_country(gold: dict, text: str = "") -> str | None:
    """The ISO alpha-3 code of a gold toponym that names a country: its name is a country's name (or
    alias) in the gazetteer, and the gold point lies nearer that country's point than any other place
    of the name ("Georgia" at Atlanta's latitude is the state)."""
    from ..gazetteer import load_gazetteer

    name = gold.get("name") or text[gold["start"]:gold["end"]]
    if gold.get("lat") is None or not name:
        return None
    cands = load_gazetteer().candidates(name)
    if not any(p.feature == "country" for p in cands):
        return None
    nearest = min(cands, key=lambda p: haversine_km(p.lat, p.lon, gold["lat"], gold["lon"]))
    return nearest.country if nearest.feature == "country" else None


def pair_error(pred: dict, gold: dict, text: str = "") -> float:
    """Distance error of a matched toponym; a country toponym is scored by its code: 0 km when the
    predicted country is right, the distance between the points otherwise."""
    country = gold_country(gold, text)
    if country is not None and pred.get("country") == country and pred.get("feature") == "country":
        return 0.0
    return haversine_km(pred["lat"], pred["lon"], gold["lat"], gold["lon"])


def score_items(items: Iterable[dict], predictions: Iterable[list[dict]]) -> dict[str, Any]:
    """Precision, recall, F1 of toponym spans and accuracy@161 km / median km on matched ones, countries
    scored by their code (``acc_161km``; ``acc_161km_points`` measures every toponym by distance)."""
    n_pred = n_gold = n_match = n_country = 0
    errors: list[float] = []
    point_errors: list[float] = []
    for item, predicted in zip(items, predictions):
        gold = item.get("places", [])
        pairs = [(p, g) for p, g in match_places(predicted, gold)]
        n_pred, n_gold, n_match = n_pred + len(predicted), n_gold + len(gold), n_match + len(pairs)
        located = [(p, g) for p, g in pairs if g.get("lat") is not None and g.get("lon") is not None]
        errors += [pair_error(p, g, item.get("text", "")) for p, g in located]
        point_errors += [haversine_km(p["lat"], p["lon"], g["lat"], g["lon"]) for p, g in located]
        n_country += sum(gold_country(g, item.get("text", "")) is not None for _, g in located)
    precision = n_match / n_pred if n_pred else 0.0
    recall = n_match / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"gold": n_gold, "predicted": n_pred,
            "matched": n_match, "precision": round(precision, 4), "recall": round(recall, 4),
            "f1": round(f1, 4),
            "acc_161km": round(sum(e <= KM_THRESHOLD for e in errors) / len(errors), 4) if errors else 0.0,
            "median_km": round(statistics.median(errors), 1) if errors else None,
            "acc_161km_points": round(sum(e <= KM_THRESHOLD for e in point_errors) / len(point_errors), 4)
            if point_errors else 0.0,
            "country_toponyms": n_country}


def score_geo(gold_path: Path, config: Config | None = None, half: str | None = None) -> dict[str, Any]:
    """Run the annotation pipeline over a geo gold file and score its places layer."""
    from ..nlp import load_nlp

    items = load_gold(Path(gold_path), half)
    nlp = load_nlp(events=False)  # this layer needs no event coding
    predictions = [doc._.dateline_places for doc in nlp.pipe(item["text"] for item in items)]
    result = score_items(items, predictions)
    result["items"] = len(items)
    return result

"""Actor coding scores: country and role of each gold source/target actor.

For every gold actor (text, country code, sector) of an event sentence, dateline's actor for that text
span is found (the mention covering it, else the span read as a phrase) and compared: country accuracy
over all gold actors with a code; role accuracy over those with a sector, counted right when the gold
sector is among dateline's roles. Gold codes that other schemes write differently are mapped by
``data/gold_code_map.tsv``; unmapped sectors ("***", ELI, EDU, ...) are not scored.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from ..data import tsv_rows
from ..settings import Config
from . import load_gold


@lru_cache(maxsize=None)
def code_maps() -> tuple[dict[str, str], dict[str, str]]:
    """(country code map, sector map) from gold schemes to dateline's codes."""
    countries = {r[1]: r[2] for r in tsv_rows("gold_code_map.tsv") if r[0] == "country"}
    sectors = {r[1]: r[2] for r in tsv_rows("gold_code_map.tsv") if r[0] == "sector"}
    return countries, sectors


def gold_sector(sector: str | None) -> str | None:
    """A gold sector in dateline's role codes; None when it is absent or not scored."""
    if not sector:
        return None
    mapped = code_maps()[1].get(sector) or code_maps()[1].get(sector[:3])
    return None if mapped in (None, "-") else mapped


def score_actors(gold_path: Path, config: Config, half: str | None = None) -> dict[str, Any]:
    """Country accuracy and role accuracy of the gold events' source and target actors."""
    from ..actors.kb import load_kb
    from ..actors.resolve import actor_for_span
    from ..nlp import load_nlp

    items = load_gold(gold_path, half)
    nlp, kb = load_nlp(events=False), load_kb()
    country_hits = country_total = role_hits = role_total = found = 0
    for item, doc in zip(items, nlp.pipe(_docs(nlp, items))):
        for gold in _gold_actors(item):
            start = doc.text.find(gold["text"])
            if start < 0:
                continue
            actor = actor_for_span(doc, doc._.dateline_mentions, doc._.dateline_actors, start,
                                   start + len(gold["text"]), kb, doc._.dateline_places) or {}
            found += bool(actor)
            code = code_maps()[0].get(gold["code"], gold["code"])
            country_total += 1
            country_hits += actor.get("country") == code
            sector = gold_sector(gold.get("sector"))
            if sector:
                role_total += 1
                role_hits += sector in (actor.get("roles") or [])
    return {"items": len(items), "gold_actors": country_total, "resolved": found,
            "country_accuracy": round(country_hits / country_total, 4) if country_total else None,
            "role_items": role_total,
            "role_accuracy": round(role_hits / role_total, 4) if role_total else None}


def _docs(nlp, items: list[dict]):
    for item in items:
        doc = nlp.make_doc(item["text"])
        doc._.published = item.get("date")
        yield doc


def _gold_actors(item: dict) -> list[dict]:
    return [a for event in item.get("events", []) for key in ("source_actors", "target_actors")
            for a in event.get(key) or [] if a.get("text") and a.get("code")]

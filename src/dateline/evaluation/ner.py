"""Named-entity scores: span precision / recall / F1 by label group, exact spans.

Gold sets name their labels differently; ``data/ner_label_map.tsv`` maps both sides to shared groups
(dateline's GPE, LOC and FAC all count as LOC). Gold labels with no mapping (Weapon, Quantity, ...)
are left out of the score, and so are dateline entities in groups the gold set does not use.
Some gold sets (re3d) also mark pronouns and common-noun phrases ("we", "the families"); ``named``
repeats the score on gold mentions that are proper names (they start with a capital letter and are
not pronouns), which is what a named-entity layer sets out to find.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from ..data import tsv_rows
from . import load_gold
from ..settings import Config


def label_map() -> dict[str, str]:
    return {row[0]: row[1] for row in tsv_rows("ner_label_map.tsv")}


def score_ner(gold_path: Path, config: Config, half: str | None = None) -> dict[str, Any]:
    """P/R/F1 per label group and micro-averaged, exact span match, over a gold JSON Lines file."""
    from ..entities import find_entities
    from ..nlp import load_nlp

    items = load_gold(gold_path, half)
    mapping = label_map()
    gold_groups = {mapping[e["label"]] for item in items for e in item["entities"] if e["label"] in mapping}
    every: dict[str, Counter] = {}
    named: dict[str, Counter] = {}
    nlp = load_nlp(events=False)  # this layer needs no event coding
    for item, doc in zip(items, nlp.pipe(item["text"] for item in items)):
        gold = [e for e in item["entities"] if e["label"] in mapping]
        found = {(e["start"], e["end"], mapping[e["label"]]) for e in find_entities(doc)
                 if mapping.get(e["label"]) in gold_groups}
        _count(every, {(e["start"], e["end"], mapping[e["label"]]) for e in gold}, found, gold_groups)
        proper = {(e["start"], e["end"], mapping[e["label"]]) for e in gold if _is_proper_name(e["text"])}
        _count(named, proper, found, gold_groups)
    scores: dict[str, Any] = {"items": len(items)}
    scores.update(_summary(every))
    scores["named"] = _summary(named)
    return scores


def _is_proper_name(text: str) -> bool:
    return text[:1].isupper() and text.casefold() not in _PRONOUNS


_PRONOUNS = frozenset({"i", "we", "you", "he", "she", "it", "they", "me", "us", "him", "her", "them"})


def _count(counts: dict[str, Counter], gold: set, found: set, groups: set[str]) -> None:
    for group in groups:
        c = counts.setdefault(group, Counter())
        g = {s for s in gold if s[2] == group}
        f = {s for s in found if s[2] == group}
        c["tp"] += len(g & f)
        c["fp"] += len(f - g)
        c["fn"] += len(g - f)


def _summary(counts: dict[str, Counter]) -> dict[str, Any]:
    scores: dict[str, Any] = {}
    total: Counter = Counter()
    for group, c in sorted(counts.items()):
        scores[group] = _prf(c)
        total.update(c)
    scores["micro"] = _prf(total)
    return scores


def _prf(c: Counter) -> dict[str, float | int]:
    p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
    r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r) if p + r else 0.0, 4),
            "gold": c["tp"] + c["fn"]}

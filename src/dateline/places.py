"""Resolve place mentions (GPE/LOC/FAC entities) to gazetteer entries, using the article as context."""
from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
import re
from collections import Counter

from dateline.gazetteer import ADMIN_WORDS, Gazetteer, Place, admin_key, load_gazetteer, name_key

__all__ = ["Gazetteer", "Place", "load_gazetteer", "resolve_places"]

REGION_WORDS = r"(?:region|province|oblast|state|governorate|prefecture|krai|territory|county|district)"
CITY_WORDS = r"(?:city|town|village|port|capital|suburb|township|municipality)"
REGION_BEFORE = re.compile(REGION_WORDS + r"s?\s+of\s+(?:the\s+)?$", re.I)
CITY_BEFORE = re.compile(CITY_WORDS + r"\s+of\s+(?:the\s+)?$", re.I)
REGION_AFTER = re.compile(r"^(?:'s)?\s+" + REGION_WORDS + r"\b", re.I)
CITY_AFTER = re.compile(r"^\s+city\b", re.I)
FEATURE_PRIOR = {"country": 2.0, "admin": -0.4, "city": 0.0, "other": 1.0}
CUE_BONUS = 3.0
CONTEXT_COUNTRY = 2.5
CONTEXT_ADMIN = 1.5
CAPITAL_BONUS = 0.8
# Place names listed together ("British Columbia, Alberta, Manitoba, Ontario") share a country and a
# kind; the names within this many characters weigh on each other beyond the article-wide context.
NEIGHBOUR_CHARS = 120
NEIGHBOUR_COUNTRY = 2.0
NEIGHBOUR_KIND = 1.5
ALT_NAME_PENALTY = 1.0


def _cue(text: str, start: int, end: int, mention: str) -> str:
    """'admin', 'city' or '' from the words in and around a mention."""
    key = name_key(mention)
    if ADMIN_WORDS.search(key) and admin_key(mention) != key:
        return "admin"
    before, after = text[max(0, start - 40):start], text[end:end + 20]
    if REGION_BEFORE.search(before) or REGION_AFTER.match(after):
        return "admin"
    if CITY_BEFORE.search(before) or CITY_AFTER.match(after) or key.endswith(" city"):
        return "city"
    return ""


def _lookup(gaz: Gazetteer, mention: str, cue: str) -> list[tuple[Place, bool]]:
    """Candidates for a mention as (place, matched-by-alternate-name) pairs."""
    text = re.sub(r"(?:'s|\u2019s)$", "", mention.strip())
    key = name_key(text)
    for variant in (key, admin_key(text) if cue == "admin" else "", key[:-5] if key.endswith(" city") else ""):
        if not variant or variant in gaz.not_places:
            continue
        primary = gaz.index.get(variant, [])
        alts = [p for p in gaz.alt_index.get(variant, []) if p not in primary]
        if primary or alts:
            return [(p, False) for p in primary] + [(p, True) for p in alts]
    return []


def _prior(place: Place, alt: bool, cue: str) -> float:
    """Context-free score of a candidate: size, kind, capital status, cue words."""
    score = math.log10(place.population + 10) + FEATURE_PRIOR[place.feature]
    score += CAPITAL_BONUS if place.capital else 0.0
    score -= ALT_NAME_PENALTY if alt else 0.0
    if cue == "admin":
        score += CUE_BONUS if place.feature == "admin" else -CUE_BONUS
    elif cue == "city":
        score += CUE_BONUS if place.feature == "city" else -CUE_BONUS
    return score


def _drop_shadowed(cands: list[tuple[Place, bool]], cue: str) -> list[tuple[Place, bool]]:
    """Between a region and its own same-named city, keep the city unless the text says region."""
    city_admins = {p.admin1 for p, _ in cands if p.feature == "city"}
    admins = {p.admin1 for p, _ in cands if p.feature == "admin"}
    shared = city_admins & admins
    if not shared:
        return cands
    if cue == "admin":
        return [(p, a) for p, a in cands if not (p.feature == "city" and p.admin1 in shared)]
    return [(p, a) for p, a in cands if not (p.feature == "admin" and p.admin1 in shared)]


def _context(picks: dict[str, list[tuple[Place, bool]]], skip: str) -> tuple[Counter, Counter]:
    """Country and admin-1 weights of the article's other place names."""
    countries: Counter = Counter()
    admins: Counter = Counter()
    for key, cands in picks.items():
        if key == skip or not cands:
            continue
        nations = {p.country for p, _ in cands}
        weight = 1.0 if len(nations) == 1 else 0.3
        best = cands[0][0]
        if best.country:
            countries[best.country] += weight * (2.0 if best.feature == "country" else 1.0)
        if best.admin1 and len({p.admin1 for p, _ in cands}) == 1:
            admins[best.admin1] += 1.0
    return countries, admins


def resolve_places(text: str, mentions: list[dict], gazetteer: Gazetteer | None = None) -> list[dict]:
    """SCHEMA ``places`` items for the mentions that resolve, sorted by start."""
    gaz = gazetteer or load_gazetteer()
    found = []
    for m in mentions:
        cue = _cue(text, m["start"], m["end"], m["text"])
        cands = _drop_shadowed(_lookup(gaz, m["text"], cue), cue)
        if cands:
            cands.sort(key=lambda pa: -_prior(pa[0], pa[1], cue))
            found.append((m, cue, cands))
    picks: dict[str, list[tuple[Place, bool]]] = {}
    for m, cue, cands in found:
        picks.setdefault(name_key(m["text"]) + "|" + cue, cands)
    out = []
    keys = {id(m): name_key(m["text"]) for m, _, _ in found}
    # the mentions by start, so each finds its neighbours by bisection (linear in long articles)
    by_start = sorted(range(len(found)), key=lambda k: found[k][0]["start"])
    starts = [found[k][0]["start"] for k in by_start]
    contexts: dict[str, tuple[Counter, Counter]] = {}
    for m, cue, cands in found:
        key = keys[id(m)]
        if key + "|" + cue not in contexts:  # the same for every mention of a name: worked out once
            contexts[key + "|" + cue] = _context(picks, key + "|" + cue)
        countries, admins = contexts[key + "|" + cue]
        total = sum(countries.values()) or 1.0
        near_ones = sorted(by_start[bisect_right(starts, m["start"] - NEIGHBOUR_CHARS):
                                    bisect_left(starts, m["start"] + NEIGHBOUR_CHARS)])
        neighbours = [found[k][2][0][0] for k in near_ones if keys[id(found[k][0])] != key]

        def score(pa: tuple[Place, bool]) -> float:
            place, alt = pa
            share = countries.get(place.country, 0.0) / total if place.country else 0.0
            near = CONTEXT_ADMIN if place.feature == "city" and admins.get(place.admin1) else 0.0
            if neighbours:
                near += NEIGHBOUR_COUNTRY * sum(n.country == place.country for n in neighbours) / len(neighbours)
                if place.feature in ("admin", "city"):
                    near += NEIGHBOUR_KIND * sum(n.feature == place.feature for n in neighbours) / len(neighbours)
            return _prior(place, alt, cue) + CONTEXT_COUNTRY * share + near

        best = max(cands, key=score)[0]
        out.append({"start": m["start"], "end": m["end"], "text": m["text"], "geonameid": best.geonameid,
                    "lat": round(best.lat, 4), "lon": round(best.lon, 4), "country": best.country or None,
                    "feature": best.feature})
    return sorted(out, key=lambda d: (d["start"], d["end"]))

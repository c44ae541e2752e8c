"""Resolve place mentions (GPE/LOC/FAC entities) to gazetteer entries, using the article as context."""
from __future__ import annotations

import difflib
import math
from bisect import bisect_left, bisect_right
import re
from collections import Counter
from functools import lru_cache

from dateline.data import tsv_rows
from dateline.entities import entity_words
from dateline.gazetteer import (ADMIN_WORDS, SMALL_TOWN, Gazetteer, Place, admin_key, load_gazetteer, name_key,
                                skeleton)

__all__ = ["Gazetteer", "Place", "load_gazetteer", "resolve_places"]


def _alternation(name: str) -> str:
    """A regular-expression group matching any word of one list of ``data/entity_words.tsv``."""
    return "(?:" + "|".join(sorted(entity_words(name), key=lambda w: (-len(w), w))) + ")"


REGION_WORDS = _alternation("region_words")
CITY_WORDS = _alternation("city_words")
REGION_BEFORE = re.compile(REGION_WORDS + r"s?\s+of\s+(?:the\s+)?$", re.I)
CITY_BEFORE = re.compile(CITY_WORDS + r"\s+of\s+(?:the\s+)?$", re.I)
REGION_AFTER = re.compile(r"^(?:'s)?\s+" + REGION_WORDS + r"\b", re.I)
DISTRICT_WORD = re.compile(rf"\b{_alternation('district_words')}\b", re.I)
CITY_AFTER = re.compile(rf"^\s+{_alternation('city_after')}\b", re.I)
FEATURE_PRIOR = {"country": 2.0, "admin": -0.4, "district": -1.0, "city": 0.0, "other": 1.0}
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
# A name spelled unlike any in the gazetteer but transliterating a well-known one ("Kharkov") must also
# look like it: this similar at least, six letters or more ("Kwari" is no "Kwara"), with a skeleton of three
# consonants or more ("Earth" is not "Rath").
VARIANT_SIMILARITY = 0.8
# A candidate that lies in the place the text says encloses it ("Pandi, Bulacan", "X village (District,
# Region)", "a town in Y province") beats its namesakes; so does the enclosing candidate that holds it.
ENCLOSED_BONUS = 6.0
BARE_ALT_TOWN = 500_000  # a town matched by an alternate name needs support below this size ("Bombay" needs none)
SMALL_DISTRICT = 100_000  # a district with fewer people (in its towns) needs the text's support, as a small town
NEAR_KM = 40.0  # "a town near Y", "Y" a town: the named place lies this close to it
_DIVISION = _alternation("division_words")
NAME_ARTICLES = entity_words("name_articles")
# The "alternate" flag of a candidate found by its name less its Arabic article, or with one ("al-Shadadi"
# -> Ash Shaddadah, "Qamishli" -> Al Qamishli), or less a compass word ("Southern Hasaka"): true like an
# alternate name, and such a place needs its country named in the text or an enclosing name.
BY_ARTICLE = "article"
COMPASS_WORDS = {w for w in entity_words("compass_adjectives") if w.endswith("ern") or w == "central"}
_SETTLEMENT = _alternation("settlement_kinds")
# What stands between a place and the name of what encloses it: "X, Y", "X (Y", "X village (Y", "X district
# of Y", "X, a town in Y", "X, a farming village near the Y".
ENCLOSER_GAP = re.compile(
    rf"^(?:\s*[,(]|\s+(?:{_SETTLEMENT}|{_DIVISION})\s*(?:[,(]|\s(?:of|in)\s+(?:the\s+)?)"
    rf"|(?:\s+(?:{_SETTLEMENT}|{_DIVISION}))?,?\s+(?:an?|the)\s+(?:[a-z-]+\s+){{0,2}}(?:{_SETTLEMENT}|{_DIVISION})"
    rf"\s+(?:in|of|near)\s+(?:the\s+)?(?:(?:north|south|east|west|central)[a-z-]*\s+)?)\s*$", re.I)
# What separates the names of a list: "Armenia, Azerbaijan, Georgia and Iran" is no chain of enclosures.
LIST_GAP = re.compile(r"^\s*(?:,|,?\s+(?:and|or|&))\s*$", re.I)
# "Maywand District of Kandahar", "Dhangadi city in Kailali": the kind word is inside the first name.
NAMED_KIND = re.compile(rf"\s(?:{_SETTLEMENT}|{_DIVISION})$", re.I)
OF_GAP = re.compile(r"^\s+(?:of|in)\s+(?:the\s+)?$", re.I)
# Between two enclosing names: "(District, Region)", "Y province, Z".
ENCLOSER_CHAIN = re.compile(rf"^(?:\s+{_DIVISION})?\s*,\s*$", re.I)
# Words before a place that put the event beside it rather than in it: "near Kabul", "outside Mosul",
# "20 km north of Homs", "on the outskirts of Aleppo".
NEAR_BEFORE = re.compile(
    r"\b(?:near|nearby|outside|close\s+to|next\s+to|(?:km|kms|kilometers?|kilometres?|miles?)\s+(?:from|of|outside)"
    r"|(?:north|south|east|west)(?:[- ]?(?:east|west))?(?:ern)?\s+of|outskirts\s+of|vicinity\s+of|edge\s+of)"
    r"\s+(?:the\s+)?(?:(?:city|town|village|hamlet)\s+of\s+)?$", re.I)
PRECISION_RANK = {"place": 0, "near": 1, "district": 2, "region": 3, "country": 4, "context": 5}


@lru_cache(maxsize=1)
def us_state_abbreviations() -> dict[str, str]:
    """ "Ill." -> "IL": US states as newspapers abbreviate them after a town."""
    return {abbr: code for abbr, code in tsv_rows("places_us_state_abbreviations.tsv")}


def _cue(text: str, start: int, end: int, mention: str) -> str:
    """'district' (county, district, parish: a first- or second-level division), 'admin' (region,
    province, state: first-level), 'city' or '' from the words in and around a mention."""
    key = name_key(mention)
    if ADMIN_WORDS.search(key) and admin_key(mention) != key:
        return "district" if DISTRICT_WORD.search(key) else "admin"
    before, after = text[max(0, start - 40):start], text[end:end + 20]
    if REGION_BEFORE.search(before) or REGION_AFTER.match(after):
        return "district" if DISTRICT_WORD.search(before[-25:] + " " + after[:12]) else "admin"
    if CITY_BEFORE.search(before) or CITY_AFTER.match(after) or key.endswith(" city"):
        return "city"
    return ""


def _lookup(gaz: Gazetteer, mention: str, cue: str) -> list[tuple[Place, bool | str]]:
    """Candidates for a mention as (place, matched-by-alternate-name) pairs; failing an exact name, the
    well-known places it transliterates ("Muqdisho" -> Mogadishu)."""
    text = re.sub(r"(?:'s|\u2019s)$", "", mention.strip())
    key = name_key(text)
    stripped = admin_key(text) if cue in ("admin", "district") else ""
    for variant in (key, stripped, key[:-5] if key.endswith(" city") else ""):
        if not variant or variant in gaz.not_places:
            continue
        primary = gaz.primary(variant)
        alts = [p for p in gaz.alternates(variant) if p not in primary]
        if primary or alts:
            return [(p, False) for p in primary] + [(p, True) for p in alts]
    for variant in dict.fromkeys((key, stripped)):  # "Lower Shabelle Region": the region spelled otherwise
        if len(variant) >= 6 and variant not in gaz.not_places and variant[:1].isalpha() \
                and len(skeleton(variant)) >= 3:
            found = [(p, True) for p in gaz.variants(variant)
                     if (difflib.SequenceMatcher(None, name_key(p.name), variant).ratio() >= VARIANT_SIMILARITY
                         or p.feature == "admin" and difflib.SequenceMatcher(
                             None, admin_key(p.name), variant).ratio() >= VARIANT_SIMILARITY)
                     # a division spelled otherwise is a division: "Saripul province" is no Sarapul of Russia
                     and (cue not in ("admin", "district") or p.feature in ("admin", "district"))]
            if found:
                return found
    head, _, rest = key.partition(" ")
    if head in COMPASS_WORDS and rest:  # "Southern Hasaka", "Eastern Idlib": a part of a region or town
        found = [(p, BY_ARTICLE) for p, _ in _lookup(gaz, rest, cue)
                 if p.feature not in ("other", "district") and rest in name_key(p.name)]
        if found:
            return found
    if head in NAME_ARTICLES and len(rest) >= 4:  # "al-Shadadi": the gazetteer writes the article otherwise
        found = _lookup(gaz, rest, cue)
        if found:
            return [(p, BY_ARTICLE) for p, _ in found]
    if head not in NAME_ARTICLES and len(key) >= 4 and key not in gaz.not_places:
        # "Qamishli": the gazetteer's "Al Qamishli" (only its own names, not its alternates)
        found = [(p, BY_ARTICLE) for article in sorted(NAME_ARTICLES) for p in gaz.primary(f"{article} {key}")]
        if found:
            return found
    return []


def _encloses(outer: Place, inner: Place, relation: str) -> bool:
    """Whether ``outer`` holds ``inner`` (a country, region or district), or lies near it (a town)."""
    if outer is inner or not outer.country or outer.country != inner.country:
        return False
    if outer.feature == "country":
        return inner.feature != "country"
    if outer.feature == "admin":
        return inner.feature in ("city", "district") and inner.admin1 == outer.admin1
    if outer.feature == "district":
        return inner.feature == "city" and inner.admin1 == outer.admin1 and inner.admin2 == outer.admin2
    if outer.feature == "city" and relation == "near" and inner.feature == "city":
        return _km(outer, inner) <= NEAR_KM
    return False


def _km(a: Place, b: Place) -> float:
    """Great-circle distance between two places."""
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(b.lon - a.lon) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _enclosers(text: str, mentions: list[dict]) -> dict[int, list[tuple[dict, str]]]:
    """For each mention (by position in ``mentions``), the later mentions that the text says enclose it
    or lie near it, as (mention, 'in' | 'near'): "Pandi, Bulacan", "X village (District, Region)",
    "X, a town in Y province", "X district of Y"."""
    order = sorted(range(len(mentions)), key=lambda i: mentions[i]["start"])
    listed = _listed(text, [mentions[i] for i in order])
    out: dict[int, list[tuple[dict, str]]] = {}
    for pos, i in enumerate(order):
        inner = mentions[i]
        if pos in listed:
            continue
        chain: list[tuple[dict, str]] = []
        end = inner["end"]
        for j in order[pos + 1:pos + 4]:
            outer = mentions[j]
            gap = text[end:outer["start"]]
            if not chain:
                match = ENCLOSER_GAP.match(gap) or NAMED_KIND.search(inner["text"]) and OF_GAP.match(gap)
                if not match:
                    break
                chain.append((outer, "near" if re.search(r"\snear\s", gap, re.I) else "in"))
            elif ENCLOSER_CHAIN.match(gap):
                chain.append((outer, "in"))
            else:
                break
            end = outer["end"]
        if chain:
            out[i] = chain
    return out


def _listed(text: str, ordered: list[dict]) -> set[int]:
    """Positions (in text order) of the mentions in a list of names joined by commas and an 'and'."""
    listed: set[int] = set()
    run = [0]
    for pos in range(1, len(ordered) + 1):
        gap = text[ordered[pos - 1]["end"]:ordered[pos]["start"]] if pos < len(ordered) else ""
        if pos < len(ordered) and LIST_GAP.match(gap):
            run.append(pos)
            continue
        joined = [text[ordered[a]["end"]:ordered[b]["start"]] for a, b in zip(run, run[1:])]
        if any(re.search(r"\b(?:and|or)\b|&", g) for g in joined):
            listed.update(run)
        run = [pos]
    return listed


def _state_after(gaz: Gazetteer, text: str, end: int) -> Place | None:
    """The US state abbreviated right after a town: "Springfield, Ill.", "Dayton, OH"."""
    match = re.match(r",\s*([A-Z][A-Za-z.]{1,5}\.|[A-Z]{2}\b)", text[end:end + 10])
    code = match and (us_state_abbreviations().get(match.group(1))
                      or match.group(1) in us_state_abbreviations().values() and match.group(1))
    return gaz.by_admin.get(("US", code)) if code else None


def _prior(place: Place, alt: bool, cue: str) -> float:
    """Context-free score of a candidate: size, kind, capital status, cue words."""
    score = math.log10(place.population + 10) + FEATURE_PRIOR[place.feature]
    score += CAPITAL_BONUS if place.capital else 0.0
    score -= ALT_NAME_PENALTY if alt else 0.0
    if cue == "admin":
        score += CUE_BONUS if place.feature == "admin" else -CUE_BONUS
    elif cue == "district":
        score += CUE_BONUS if place.feature in ("admin", "district") else -CUE_BONUS
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
    if cue in ("admin", "district"):
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


def locate(name: str, gazetteer: Gazetteer | None = None) -> Place | None:
    """The best-known place of a name typed by a user (no context): the highest-scoring candidate."""
    gaz = gazetteer or load_gazetteer()
    cue = _cue(name, 0, len(name), name)
    cands = _drop_shadowed(_lookup(gaz, name, cue), cue)
    return max(cands, key=lambda pa: _prior(pa[0], pa[1], ""))[0] if cands else None


def resolve_places(text: str, mentions: list[dict], gazetteer: Gazetteer | None = None) -> list[dict]:
    """SCHEMA ``places`` items for the mentions that resolve, sorted by start. Each carries ``precision``:
    'place' (the named place itself), 'near' (beside a named town: "near Kabul"), or, for a country,
    region or district named as such or for an unknown name placed by what encloses it ("Ceel Xamar
    village, Hiraan region"), 'country', 'region' or 'district'."""
    gaz = gazetteer or load_gazetteer()
    enclosers = _enclosers(text, mentions)
    cands_of: dict[int, list[tuple[Place, bool]]] = {}
    cues: dict[int, str] = {}
    for i, m in enumerate(mentions):
        cue = cues[i] = _cue(text, m["start"], m["end"], m["text"])
        if m["text"] in us_state_abbreviations() and text[max(0, m["start"] - 2):m["start"]].strip() == ",":
            state = gaz.by_admin.get(("US", us_state_abbreviations()[m["text"]]))
            cands_of[i] = [(state, False)] if state else []
            continue
        cands = _drop_shadowed(_lookup(gaz, m["text"], cue), cue)
        cands.sort(key=lambda pa: -_prior(pa[0], pa[1], cue))
        cands_of[i] = cands
    # what encloses each mention, as candidate places; and which candidates of the enclosers hold one
    # of the enclosed mention's candidates
    outer_places: dict[int, list[tuple[list[Place], str]]] = {}
    holding: set[int] = set()
    divisions: dict[int, set[str]] = {}
    for i, chain in enclosers.items():
        for outer, relation in chain:
            j = mentions.index(outer)
            places = [p for p, _ in cands_of[j]]
            outer_places.setdefault(i, []).append((places, relation))
            # what the text names as a division ("Sahel Region") or a country, of one country only ("Georgia"
            # is a country and a state)
            nations = {p.country for p, alt in cands_of[j] if p.country and (
                p.feature == "country" and not alt or cues[j] in ("admin", "district")
                and p.feature in ("admin", "district"))}
            if len(nations) == 1 and all(p.country in nations for p, _ in cands_of[j]
                                         if p.feature in ("country", "admin", "district")):
                divisions.setdefault(i, set()).update(nations)
            for p in places:
                if any(_encloses(p, q, relation) for q, _ in cands_of[i]):
                    holding.add(id(p))
    for i, m in enumerate(mentions):
        state = _state_after(gaz, text, m["end"])
        if state is not None:
            outer_places.setdefault(i, []).append(([state], "in"))
    found = [(m, cues[i], cands_of[i], i) for i, m in enumerate(mentions) if cands_of[i]]
    picks: dict[str, list[tuple[Place, bool]]] = {}
    for m, cue, cands, _ in found:
        picks.setdefault(name_key(m["text"]) + "|" + cue, cands)
    out = []
    chosen: dict[int, Place] = {}
    given: dict[int, str] = {}  # the precision each chosen mention was recorded at
    keys = {id(m): name_key(m["text"]) for m, _, _, _ in found}
    # the mentions by start, so each finds its neighbours by bisection (linear in long articles)
    by_start = sorted(range(len(found)), key=lambda k: found[k][0]["start"])
    starts = [found[k][0]["start"] for k in by_start]
    contexts: dict[str, tuple[Counter, Counter]] = {}
    for m, cue, cands, i in found:
        key = keys[id(m)]
        if key + "|" + cue not in contexts:  # the same for every mention of a name: worked out once
            contexts[key + "|" + cue] = _context(picks, key + "|" + cue)
        countries, admins = contexts[key + "|" + cue]
        total = sum(countries.values()) or 1.0
        near_ones = sorted(by_start[bisect_right(starts, m["start"] - NEIGHBOUR_CHARS):
                                    bisect_left(starts, m["start"] + NEIGHBOUR_CHARS)])
        neighbours = [found[k][2][0][0] for k in near_ones if keys[id(found[k][0])] != key]
        # a country's own name means the country, whatever the text puts around it
        outers = [] if any(p.feature == "country" and not alt for p, alt in cands) else outer_places.get(i, [])

        def score(pa: tuple[Place, bool]) -> float:
            place, alt = pa
            share = countries.get(place.country, 0.0) / total if place.country else 0.0
            near = CONTEXT_ADMIN if place.feature in ("city", "district") and admins.get(place.admin1) else 0.0
            if neighbours:
                near += NEIGHBOUR_COUNTRY * sum(n.country == place.country for n in neighbours) / len(neighbours)
                if place.feature in ("admin", "city"):
                    near += NEIGHBOUR_KIND * sum(n.feature == place.feature for n in neighbours) / len(neighbours)
            enclosed = sum(ENCLOSED_BONUS for places, relation in outers
                           if any(_encloses(o, place, relation) for o in places))
            enclosed += ENCLOSED_BONUS if id(place) in holding else 0.0
            small = place.feature == "city" and place.population < SMALL_TOWN and not enclosed
            return _prior(place, alt, cue) + CONTEXT_COUNTRY * share + near + enclosed - (1.0 if small else 0.0)

        if outers and _namesakes_abroad(cands, divisions.get(i, set())):
            continue  # placed below by what encloses it
        ranked = sorted(cands, key=score, reverse=True)
        best = next((p for p, alt in ranked if _supported(p, alt, cue, countries, outers, text, m)), None)
        if best is None:
            continue
        chosen[i] = best
        precision = best.precision
        if best.feature == "city" and cue in ("district", "admin") and _names_division(text, m):
            # "Afgooye District", "Al Hudaydah Governorate": a division the gazetteer lacks, at its namesake seat
            precision = "district" if cue == "district" else "region"
        if precision == "place" and (NEAR_BEFORE.search(text[max(0, m["start"] - 40):m["start"]])
                                     or name_key(m["text"]).partition(" ")[0] in COMPASS_WORDS):
            precision = "near"
        given[i] = precision
        out.append(_record(m, best, precision))
    # an unknown name that the text places inside known ones keeps its name and takes the smallest, as
    # the text graded it ("Dangamacha village (Mashegu LGA, ...)": Mashegu's district); a town holding it
    # puts it near that town
    for i, m in enumerate(mentions):
        if i in chosen or i not in outer_places or m.get("label") == "FAC":
            continue  # a facility ("the Royal Free Hospital, London") is no settlement to place
        held = [(chosen[j], given[j]) for j in (mentions.index(outer) for outer, _ in enclosers.get(i, []))
                if j in chosen]
        held += [(places[0], places[0].precision) for places, _ in outer_places[i][len(enclosers.get(i, [])):]
                 if places]
        if held:
            best, precision = min(held, key=lambda pp: PRECISION_RANK[pp[1]])
            out.append(_record(m, best, "near" if precision == "place" else precision, own=False))
    return sorted(out, key=lambda d: (d["start"], d["end"]))


def _names_division(text: str, m: dict) -> bool:
    """The mention's own words say it is a division: "Afgooye District", "Menaka region" (not "several
    districts of Mosul", where Mosul holds them)."""
    return bool(ADMIN_WORDS.search(name_key(m["text"]))) or bool(REGION_AFTER.match(text[m["end"]:m["end"] + 20]))


def _namesakes_abroad(cands: list[tuple[Place, bool]], countries: set[str]) -> bool:
    """The text says what division or country encloses a name, and every place of that name lies in
    another country: "Solhan (Seno Province, Sahel Region)" is no town of Turkey but an unknown village
    of Burkina Faso."""
    return bool(countries) and not any(p.country in countries for p, _ in cands)


def _supported(place: Place, alt: bool | str, cue: str, countries: Counter, outers: list, text: str, m: dict) -> bool:
    """Whether the text bears out a lesser place: a town of under SMALL_TOWN people, a district of under
    SMALL_DISTRICT, or a town of under BARE_ALT_TOWN found by an alternate name ("Zafaraniya" is a
    spelling of a town in Egypt, and of a Baghdad district). Such a place needs an enclosing name, or
    another place of the article in its country, or, in an article naming no country, a place word
    ("Swine village", "Atlantic County"). "Ebola", "Atlantic" alone are no places."""
    if any(_encloses(o, place, relation) for places, relation in outers for o in places) and len(m["text"]) >= 3:
        return True  # "Ilocos Sur, Philippines": the text says where it lies
    if place.feature == "district" and alt or len(m["text"]) < 3 and place.feature in ("city", "district"):
        return cue == "district" and (not countries or bool(countries.get(place.country)))
    lesser = (place.feature == "district" and place.population < SMALL_DISTRICT) or place.feature == "city" and (
        place.population < SMALL_TOWN or alt and place.population < BARE_ALT_TOWN)
    if alt == BY_ARTICLE:  # "Al-Nasiriyah" of a Syrian text is no Nasiriyah of Iraq
        return any(_encloses(o, place, relation) for places, relation in outers for o in places) \
            or bool(countries.get(place.country))
    if not lesser or place.feature == "district" and DISTRICT_WORD.search(m["text"]) and not alt:
        return True  # "St. Tammany Parish", "Queen Anne's County": the name says what it is
    if any(_encloses(o, place, relation) for places, relation in outers for o in places):
        return True
    if countries:
        return bool(countries.get(place.country))
    if cue:
        return True
    around = text[max(0, m["start"] - 25):m["start"]] + " " + text[m["end"]:m["end"] + 15]
    return bool(re.search(rf"\b{_SETTLEMENT}\b", around, re.I))


def _record(mention: dict, place: Place, precision: str, own: bool = True) -> dict:
    """A places-layer item: the mention, the place's point, its GeoNames population and what the point
    stands for. A name placed by what encloses it (``own`` False) has no GeoNames id, kind or population
    of its own."""
    return {"start": mention["start"], "end": mention["end"], "text": mention["text"],
            "geonameid": place.geonameid if own else None, "lat": round(place.lat, 4), "lon": round(place.lon, 4),
            "country": place.country or None, "feature": place.feature if own else None,
            "population": place.population if own else None, "precision": precision}


# What lies between a name the gazetteer does not know and a known place the sentence puts it in: "in
# Batpora in Shopian district", "the village of Kaddura, located in the south-eastern countryside of Idlib
# province", "Bani Atban village of Arhab district", "Kohistanat district in northern Saripul province",
# "Nowshera's Shopian district", "Tse-Ajaver (Guma, Benue)".
HELD_GAP = re.compile(
    rf"^(?:\s*(?:{_SETTLEMENT}|{_DIVISION})s?\b)?\s*,?\s*(?:(?:located|situated|lying)\s+)?(?:in|of|near|outside)\s+"
    rf"(?:the\s+)?(?:[\w\u2019'-]+\s+){{0,4}}$|^(?:'s|\u2019s)\s+$|^\s*[(,]\s*$", re.I)
# A bracket of names after a place, the known one after names nothing knows: "Tse-Ajaver (Guma, Benue)".
BRACKET_GAP = re.compile(r"^\s*\((?:\s*[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,3}\s*,)*\s*$")


def held_by(text: str, place: dict, places: list[dict]) -> dict | None:
    """A name without a point (a village the gazetteer does not know) placed by the known place the text
    puts it in, over names as unknown as itself and through possessives, the most specific of them ("in
    Batpora in South Nowshera's Shopian district" -> Shopian, "Nguetchewe in Cameroon's Far North Region"
    -> the region): that place's point, its precision ("near" for a town), the name's own text; else None."""
    end, held = place["end"], []
    for later in sorted((p for p in places if p["start"] >= place["end"]), key=lambda p: p["start"])[:4]:
        gap = text[end:later["start"]]
        if "." in gap or not (HELD_GAP.match(gap) or BRACKET_GAP.match(gap) if not held
                              else re.match(r"^(?:'s|\u2019s)\s+$", gap)):
            break
        if later.get("lat") is not None:
            held.append(later)
        end = later["end"]
    if not held:
        return None
    best = min(held, key=lambda p: PRECISION_RANK.get(p.get("precision") or "place", 0))
    precision = best.get("precision") or "place"
    return {**place, "lat": best["lat"], "lon": best["lon"], "country": best.get("country"),
            "precision": "near" if precision == "place" else precision}


# An article's dateline: "KHERSON, Ukraine (Reuters) -", "MOGADISHU --": the place it was filed from.
DATELINE_AFTER = re.compile(r"^(?:,\s*[A-Z][\w. ]{1,30})?\s*(?:\([^)]{1,40}\)\s*)?(?:-{1,2}|\u2013|\u2014|:)\s")


def context_place(text: str, places: list[dict]) -> dict | None:
    """Where an article as a whole is, for an event whose sentence names no place: the place of its
    dateline, else the settlement or district it names most often (else its most-named region or
    country); flagged ``precision: context``."""
    located = [p for p in places if p.get("lat") is not None]
    if not located:
        return None
    first = min(located, key=lambda p: p["start"])
    if first["start"] < 5 and DATELINE_AFTER.match(text[first["end"]:first["end"] + 60]):
        return {**first, "precision": "context"}
    counts = Counter((p["lat"], p["lon"]) for p in located)
    rank = {"place": 0, "near": 0, "district": 0, "region": 1, "country": 2}

    def weight(p: dict) -> tuple:
        return rank.get(p.get("precision") or "", 3), -counts[(p["lat"], p["lon"])], p["start"]
    return {**min(located, key=weight), "precision": "context"}


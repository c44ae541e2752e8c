"""``dateline check``: test an article's contact-history statements against the event database.

"the first time in more than five months", "only the second time since the war began", "the first call
since May 13": find the pair and the contact the statement is about (the article's CONSULT events),
compute the same quantity from the merged events, and say whether the database agrees.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from .data import tsv_rows
from .queries import contacts
from .store import Store

DAYS_PER_MONTH = 30.44
_NUMBERS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())}
_ORDINALS = {w: i for i, w in enumerate(
    "zeroth first second third fourth fifth sixth seventh eighth ninth tenth".split())}
_GAP = re.compile(r"\bfirst\b[^.]{0,100}?\bin (more than |over |nearly |almost |about |at least )?"
                  r"(\w+) months?\b", re.I)
_COUNT = re.compile(r"\bthe (\w+) time\b[^.]{0,100}?\bsince ([^.,;]+)", re.I)
_FIRST_SINCE = re.compile(r"\bfirst\b(?:\W+\w+){0,8}?\W+since ([^.,;]+)", re.I)


@dataclass(frozen=True)
class Anchor:
    phrase: str
    day: date
    countries: tuple[str, ...]
    conflict: str


@lru_cache(maxsize=1)
def anchors() -> tuple[Anchor, ...]:
    """The anchor phrases of data/anchors.tsv ("the war began" -> 2022-02-24, Russia-Ukraine)."""
    return tuple(Anchor(r[0].strip().lower(), date.fromisoformat(r[1].strip()), tuple(r[2].strip().split("|")),
                        r[3].strip() if len(r) > 3 else "") for r in tsv_rows("anchors.tsv"))


def find_anchor(text: str, countries: set[str]) -> Anchor | None:
    """The anchor a phrase names, choosing the conflict by the pair's countries when several fit."""
    found = [a for a in anchors() if a.phrase in text.lower()]
    fitting = [a for a in found if countries & set(a.countries)]
    if fitting:
        return fitting[0]
    return found[0] if len({a.day for a in found}) == 1 else None


def _number(word: str, table: dict[str, int]) -> int | None:
    word = word.lower()
    if word in table:
        return table[word]
    digits = re.match(r"\d+", word)
    return int(digits.group()) if digits else None


def statements(body: str) -> list[dict[str, Any]]:
    """Contact-history statements in a text: kind, the matched text, its offsets, and the claim's numbers."""
    found: list[dict[str, Any]] = []
    for m in _GAP.finditer(body):
        months = _number(m.group(2), _NUMBERS)
        if months is not None:
            found.append({"kind": "gap", "text": m.group(), "start": m.start(), "end": m.end(), "months": months,
                          "qualifier": (m.group(1) or "").strip()})
    for m in _COUNT.finditer(body):
        nth = _number(m.group(1), _ORDINALS)
        if nth:
            found.append({"kind": "count", "text": m.group(), "start": m.start(), "end": m.end(), "nth": nth,
                          "anchor": m.group(2), "anchor_start": m.start(2)})
    for m in _FIRST_SINCE.finditer(body):
        if not any(f["start"] <= m.start() < f["end"] for f in found):
            found.append({"kind": "first since", "text": m.group(), "start": m.start(), "end": m.end(), "nth": 1,
                          "anchor": m.group(1), "anchor_start": m.start(1)})
    return sorted(found, key=lambda f: f["start"])


def _article_contacts(store: Store, article_id: str) -> list[dict[str, Any]]:
    cursor = store.db.execute(
        "SELECT source_actor, target_actor, source_country, target_country, date_precision, date_start, "
        "span_start, span_end FROM events WHERE article_id = ? AND type = 'CONSULT' AND modality != 'negated' "
        "AND source_actor IS NOT NULL AND target_actor IS NOT NULL ORDER BY span_start, id", [article_id])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def _subject(found: dict[str, Any], events: list[dict[str, Any]]) -> tuple[dict[str, Any], date | None] | None:
    """The pair a statement is about (its sentence's contact, else the article's first) and that contact's date."""
    inside = [e for e in events if (e["span_start"] or 0) <= found["start"] < (e["span_end"] or 0)]
    if not (inside or events):
        return None
    pair = (inside or events)[0]
    same = [e for e in events if {e["source_actor"], e["target_actor"]} == {pair["source_actor"], pair["target_actor"]}
            and e["date_start"] is not None]
    dated = [e["date_start"] for e in same if e["date_precision"] == "day"]
    return pair, max(dated) if dated else pair["date_start"]


def _evidence(rows: list[dict[str, Any]]) -> list[str]:
    return [f"{r['date']} {r['id']} ({r['n_sources']} sources: {', '.join(o or '?' for o in r['outlets'])})"
            for r in rows]


def check_article(store: Store, article_id: str) -> list[dict[str, Any]]:
    """Each contact-history statement of a stored article, with what the database says and whether it agrees."""
    article = store.article(article_id)
    if article is None:
        return []
    events = _article_contacts(store, article.id)
    timexes = article.timexes or []
    results = []
    for found in statements(article.body):
        subject = _subject(found, events)
        row: dict[str, Any] = {"statement": found["text"], "kind": found["kind"], "pair": None, "event_date": None,
                               "claim": None, "database": None, "agrees": None, "evidence": []}
        results.append(row)
        if subject is None or subject[1] is None:
            row["database"] = "no contact between two known actors in this article"
            continue
        pair, when = subject
        a, b = pair["source_actor"], pair["target_actor"]
        row.update(pair=f"{a} – {b}", event_date=when.isoformat())
        if found["kind"] == "gap":
            _check_gap(store, row, found, a, b, when)
        else:
            countries = {c for c in (pair["source_country"], pair["target_country"]) if c}
            _check_count(store, row, found, a, b, when, countries, timexes)
    return results


def _check_gap(store: Store, row: dict[str, Any], found: dict[str, Any], a: str, b: str, when: date) -> None:
    n, qualifier = found["months"], found["qualifier"]
    row["claim"] = f"no contact in the {qualifier + ' ' if qualifier else ''}{n} months before {when}"
    previous = contacts(store, a, b, before=when)
    if not previous:
        row["database"] = "no earlier contact on record"
        return
    days = (when - previous[0]["date_start"]).days
    months = days / DAYS_PER_MONTH
    row["database"] = f"previous contact {previous[0]['date']}, {days} days ({months:.1f} months) earlier"
    if qualifier in ("more than", "over", "at least"):
        row["agrees"] = months > n if qualifier != "at least" else months >= n
    elif qualifier in ("nearly", "almost"):
        row["agrees"] = n - 1 <= months < n
    else:
        row["agrees"] = n <= months < n + 1
    row["evidence"] = _evidence(previous)


def _check_count(store: Store, row: dict[str, Any], found: dict[str, Any], a: str, b: str, when: date,
                 countries: set[str], timexes: list[dict[str, Any]]) -> None:
    anchor = find_anchor(found["anchor"], countries)
    start, end = found["anchor_start"], found["anchor_start"] + len(found["anchor"])
    day = next((t for t in timexes if start <= t.get("start", -1) < end and t.get("precision") == "day"
                and re.fullmatch(r"\d{4}-\d\d-\d\d", str(t.get("value")))), None)
    nth = found["nth"]
    if anchor is not None:
        since = anchor.day
        row["claim"] = f"contact number {nth} since {anchor.phrase} ({since}, {anchor.conflict})"
        history = contacts(store, a, b, since=since, until=when)
        row["database"] = f"{len(history)} contact(s) from {since} to {when}"
        row["agrees"] = len(history) == nth
        row["evidence"] = _evidence(history)
    elif day is not None and nth == 1:
        since = date.fromisoformat(day["value"])
        row["claim"] = f"previous contact on {since}, none between then and {when}"
        previous = contacts(store, a, b, before=when)
        row["database"] = f"previous contact {previous[0]['date']}" if previous else "no earlier contact on record"
        row["agrees"] = bool(previous) and previous[0]["date_start"] == since
        row["evidence"] = _evidence(previous)
    else:
        row["claim"] = f"contact number {nth} since {found['anchor'].strip()}"
        row["database"] = "cannot tell: the anchor is not a known date (add it to data/anchors.tsv)"

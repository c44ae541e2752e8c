"""Time expressions (TIMEX3) in an article body, normalised against the publication time."""
from __future__ import annotations

import re
from bisect import bisect_left, insort
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any, Callable

from dateline.data import tsv_rows
from dateline.nlp import text_of

Resolved = tuple[str | None, str | None]
FUTURE_AUX = {"will", "shall", "'ll", "wo", "going"}
PAST_AUX = {"was", "were", "had", "did"}
FULL_MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september",
               "october", "november", "december"}
AGE = re.compile(r"\d+[- ]?(?:years?|months?)[- ]old|\bage[sd]?\b|\byears?\s+old\b", re.I)


@lru_cache(maxsize=None)
def words() -> dict[str, dict[str, str]]:
    """Word tables from timex_words.tsv: kind -> {word: value} (read-only)."""
    table: dict[str, dict[str, str]] = {}
    for row in tsv_rows("timex_words.tsv"):
        table.setdefault(row[0], {})[row[1]] = row[2]
    return table


def alt(*kinds: str) -> str:
    """A regex alternation of the words of some tables, longest first."""
    items = {w for k in kinds for w in words()[k]}
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(items, key=len, reverse=True))


@lru_cache(maxsize=None)
def patterns() -> list[tuple[str, re.Pattern[str]]]:
    """The recognisers, each a (kind, compiled regex) whose optional `span` group is the extent."""
    many = "|".join(w for w in alt("number").split("|") if w not in ("a", "an", "single"))
    num = rf"(?:\d+(?:\.\d+)?|a\s+(?:few|couple\s+of)|(?:{many})(?:[- ](?:{many}))?(?:\s+and\s+a\s+half)?|an?|single)"
    unit, shift, mod, month, wd = alt("unit"), alt("shift"), alt("modifier"), alt("month"), alt("weekday")
    part = r"(?:(?P<part>early|mid|late|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of)[- ]?\s*)?"
    end = r"(?![\w-])"
    src = [
        ("date", rf"\b(?:(?P<wd>{wd}),?\s+)?{part}(?:(?P<m1>{month})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?{end}"
                 rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{month})\.?{end}|(?P<m3>{month})\.?{end})"
                 rf"(?:,?\s+(?P<y>(?:1[5-9]|20)\d\d){end})?"),
        ("numeric", r"\b(?:(?P<iso>\d{4}-\d\d-\d\d)|(?P<slash>\d{1,2}/\d{1,2}/(?:\d\d|\d{4})))\b"),
        ("weekday", rf"\b(?:(?P<shift>{shift})\s+)?(?P<wd>{wd})(?:\s+(?P<pd>morning|afternoon|evening|night))?{end}"),
        ("year", rf"\b(?:(?P<shift>{shift})\s+)?{part}(?P<y>(?:1[5-9]|20)\d\d)(?P<dec>s)?{end}"),
        ("year", rf"(?<![\w'])'?(?P<y>[1-9]0)(?P<dec>s){end}"),
        ("anaphor", rf"\b(?:{part}(?:the\s+(?:same\s+|entire\s+|whole\s+)?|that\s+)(?P<unit>day|month|year))\b(?!\s+(?:after|before|of|when|that))"),
        ("quarter", rf"\b(?:the\s+)?(?P<ord>{alt('ordinal')})[- ]quarter(?:\s+of\s+(?:(?P<y>\d{{4}})|(?P<shift>{shift})\s+year))?\b"),
        ("season", rf"\b(?:(?P<shift>{shift})\s+|the\s+)?(?P<season>{alt('season')})(?:\s+(?:of\s+)?(?P<y>\d{{4}}))?\b"),
        ("deictic", rf"\b(?P<dx>{alt('deictic')}|(?P<this>this|last))(?:\s+(?P<pd>morning|afternoon|evening|night))?\b"),
        ("ref", rf"\b(?P<ref>{alt('ref')})(?!-)(?:\s+(?P<few>few\s+)?(?P<unit>{unit})s\b)?\b"),
        ("relative", rf"\b(?:(?P<pos>earlier|later)\s+)?{part}(?P<the>the\s+)?(?P<shift>{shift}|recent)\s+(?:(?P<n>{num})\s+)?"
                     rf"(?:trading\s+|business\s+)?(?P<unit>{unit})(?P<pl>s)?\b"),
        ("ago", rf"\b(?P<span>(?:(?P<mod>{mod})\s+)?(?P<n>{num})\s+(?:(?:straight|consecutive|successive|full|trading|business)\s+)?(?P<unit>{unit})s?(?:\s+(?P<anchor>ago|earlier|later|afterwards?|from\s+now|hence))?)"
                rf"(?:\s+(?P<rel>after|before))?\b"),
        ("duration", rf"\b(?:(?P<mod>{mod})\s+)?(?:the\s+)?(?P<n>{num})[- ](?P<unit>{unit})s?(?P<old>[- ]old)?\b"),
        ("bare", rf"\b(?:for|over|within|in)\s+(?P<span>(?:the\s+)?(?P<unit>{unit})s)\b"),
        ("time", r"\b(?:(?P<h>\d{1,2})(?:[:.](?P<mi>\d\d))?\s*(?P<ap>[ap]\.?m\.?)(?![\w])|(?P<h2>[01]?\d|2[0-3]):(?P<mi2>[0-5]\d)(?!\d)"
                 rf"|(?P<h3>[01]\d|2[0-3])(?P<mi3>[0-5]\d)(?=\s+(?:utc|gmt))|(?P<clock>{alt('clock')}))(?:\s+(?P<zone>utc|gmt|[ecmp][sd]?t|local\s+time)\b)?"),
        ("frequency", rf"\b(?P<freq>{alt('frequency')})\b"),
    ]
    return [(kind, re.compile(rx.replace(r"\s", r"[^\S\n]"))) for kind, rx in src]


@lru_cache(maxsize=None)
def trigger() -> re.Pattern[str]:
    """Words that every time expression contains at least one of: a fast pre-filter."""
    return re.compile(rf"\d|\b(?:{alt('unit', 'month', 'weekday', 'season', 'ref', 'deictic', 'partday', 'clock', 'frequency')})")


def windows(lower: str) -> list[tuple[int, int]]:
    """Stretches of text around trigger words, merged, starting at word starts."""
    spans: list[tuple[int, int]] = []
    for m in trigger().finditer(lower):
        start = lower.rfind(" ", 0, max(0, m.start() - 50)) + 1
        end = min(len(lower), m.end() + 50)
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
        else:
            spans.append((start, end))
    return spans


def parse_published(published: str | None) -> datetime | None:
    """The publication time as a naive local datetime, or None."""
    if not published:
        return None
    try:
        return datetime.fromisoformat(published.replace("Z", "+00:00")).replace(tzinfo=None)
    except ValueError:
        return None


def lookup(kind: str, word: str | None) -> str | None:
    """The table value of a word (case- and space-insensitive)."""
    return words()[kind].get(" ".join(word.lower().rstrip(".").split())) if word else None


def number(text: str | None) -> str | None:
    """A spelled or written quantity as a TIMEX3 number ('5', '2.5', 'X')."""
    if not text:
        return "1"
    text = text.lower().replace("-", " ")
    if text.endswith(" and a half"):
        whole = number(text[: -len(" and a half")])
        return None if whole is None or whole == "X" else f"{float(whole) + 0.5:g}"
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return text
    if "few" in text or "couple" in text and not text.startswith("a couple"):
        return "X"
    total = 0.0
    for word in re.findall(r"[a-z]+", text):
        if word in ("and", "of"):
            continue
        value = lookup("number", word)
        if value is None:
            return None
        if value == "X":
            return "X"
        total = total * float(value) if word in ("hundred", "dozen") and total else total + float(value)
    return f"{total:g}"


def duration(n: str | None, unit_word: str) -> str | None:
    """A TIMEX3 duration value like P5M or PT30M."""
    unit = lookup("unit", unit_word)
    if unit is None or n is None or unit == "WE":
        return None
    if unit[:-1].isdigit():
        n, unit = (f"{float(n) * int(unit[:-1]):g}" if n != "X" else "X"), unit[-1]
    return f"PT{n}{unit}" if unit in "HS" or unit_word.lower().startswith("minute") else f"P{n}{unit}"


def week(d: date) -> str:
    """The ISO week of a day as 2022-W42."""
    year, num, _ = d.isocalendar()
    return f"{year}-W{num:02d}"


def shift_months(year: int, month: int, delta: int) -> tuple[int, int]:
    """Year and month delta months away."""
    index = year * 12 + month - 1 + delta
    return index // 12, index % 12 + 1


def at_granularity(d: date, unit: str, delta: int) -> Resolved:
    """The calendar unit containing d, moved delta units."""
    if unit == "D":
        return (d + timedelta(days=delta)).isoformat(), "day"
    if unit in ("W", "WE"):
        moved = d + timedelta(weeks=delta)
        return (week(moved) + "-WE", "range") if unit == "WE" else (week(moved), "week")
    if unit == "M":
        return "%04d-%02d" % shift_months(d.year, d.month, delta), "month"
    if unit == "Q":
        q = (d.month - 1) // 3 + delta
        return f"{d.year + q // 4}-Q{q % 4 + 1}", "range"
    if unit in ("Y", "10Y", "100Y"):
        step = {"Y": 1, "10Y": 10, "100Y": 100}[unit]
        year = d.year + delta * step
        return (str(year), "year") if step == 1 else (str(year)[: 4 - len(str(step)) + 1], "range")
    return None, None


def tense(doc: Any, start: int, end: int) -> int:
    """Temporal direction of the clause holding a span: -1 past, 1 future, 0 present/unknown."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return 0
    if doc.has_annotation("DEP"):
        verb = span.root
        for _ in range(4):
            if verb.tag_.startswith("VB") or verb.tag_ == "MD" or verb.dep_ == "ROOT":
                break
            verb = verb.head
        group = [verb] + [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
        if verb.tag_.startswith("VB"):
            return verb_tense(group)
    return nearest_tense(span)


def verb_tense(group: list[Any]) -> int:
    """The direction of a verb group (main verb and auxiliaries)."""
    lowers = {t.lower_ for t in group}
    if lowers & FUTURE_AUX or any(t.lower_ == "to" for t in group):
        return 1
    if any(t.tag_ == "VBD" for t in group) or lowers & PAST_AUX:
        return -1
    if any(t.tag_ == "VBN" for t in group) and (lowers & {"has", "have", "'s", "'ve"} or len(group) == 1):
        return -1
    return 0


def nearest_tense(span: Any) -> int:
    """Direction of the nearest verb group in the sentence (left first), without a parse."""
    sent = span.sent
    left = list(reversed(span.doc[sent.start:span.start]))
    right = list(span.doc[span.end:sent.end])
    for side in (left, right):
        group: list[Any] = []
        for tok in side:
            if tok.tag_.startswith("VB") or tok.tag_ in ("MD", "TO", "RB"):
                group.append(tok)
            elif group and any(t.tag_.startswith("VB") for t in group):
                break
            elif tok.tag_ in (".", ":"):
                break
        if any(t.tag_.startswith("VB") for t in group):
            return verb_tense(group)
    return 0


def pick_year(month: int, day: int, dct: date, direction: int) -> int:
    """The year of a month (and day) without one, by tense: past backwards, future forwards."""
    here, there = (dct.month, dct.day), (month, day)
    if direction < 0:
        return dct.year if there <= here else dct.year - 1
    if direction > 0:
        return dct.year if there >= here else dct.year + 1
    gap = (month - dct.month) * 31 + day - dct.day
    return dct.year + (gap < -183) - (gap > 183)


def pick_weekday(wd: int, dct: date, direction: int, shift: int | None) -> date:
    """The date of a weekday: last one on or before dct in past context, next one otherwise."""
    if shift == 0:
        return dct + timedelta(days=wd - dct.weekday())
    if direction > 0 or (shift or 0) > 0:
        return dct + timedelta(days=(wd - dct.weekday()) % 7 or (7 if shift else 0))
    return dct - timedelta(days=(dct.weekday() - wd) % 7 or (7 if shift else 0))


def resolve_date(m: re.Match[str], dct: date | None, direction: int) -> Resolved:
    """Month names with optional day, year and weekday."""
    month = int(lookup("month", m["m1"] or m["m2"] or m["m3"]) or 0)
    day = int(m["d1"] or m["d2"] or 0)
    if day > 31:
        return None, None
    year = int(m["y"]) if m["y"] else None
    if year is None and dct is not None:
        year = pick_year(month, day or 1 if direction else 15, dct, direction)
    text = f"{year:04d}" if year else "XXXX"
    if not day:
        return f"{text}-{month:02d}", "month"
    try:
        return (date(year, month, day).isoformat() if year else f"XXXX-{month:02d}-{day:02d}"), "day"
    except ValueError:
        return None, None


@lru_cache(maxsize=4096)
def parse_absolute(text: str) -> Resolved:
    """An absolute date string (with its year) through dateparser, cached by text."""
    data = date_parser().get_date_data(text)
    if data is None or data.date_obj is None:
        return None, None
    d, period = data.date_obj.date(), data.period or "day"
    if period == "year":
        return str(d.year), "year"
    return (d.strftime("%Y-%m"), "month") if period == "month" else (d.isoformat(), "day")


@lru_cache(maxsize=1)
def date_parser() -> Any:
    """One English dateparser instance, built once."""
    from dateparser.date import DateDataParser
    return DateDataParser(languages=["en"], settings={"DATE_ORDER": "MDY", "PREFER_DAY_OF_MONTH": "first"})


def resolve_numeric(m: re.Match[str], dct: date | None, direction: int) -> Resolved:
    """ISO and slashed numeric dates."""
    if m["iso"]:
        try:
            return date.fromisoformat(m["iso"]).isoformat(), "day"
        except ValueError:
            return None, None
    return parse_absolute(m["slash"])


def resolve_weekday(m: re.Match[str], dct: date | None, direction: int) -> Resolved:
    """Weekday names, by tense or an explicit last/next/this."""
    if dct is None:
        return None, None
    shift = lookup("shift", m["shift"])
    if m["shift"] and m["shift"].lower() in ("same", "following", "preceding"):
        return None, None
    day = pick_weekday(int(lookup("weekday", m["wd"]) or 0), dct, direction, None if shift is None else int(shift))
    part = lookup("partday", m["pd"])
    return (f"{day.isoformat()}T{part}", "time") if part else (day.isoformat(), "day")


def resolve_year(m: re.Match[str], dct: date | None, direction: int) -> Resolved:
    """Years and decades."""
    if m.groupdict().get("shift"):
        return None, None
    if m["dec"]:
        return ("19" + m["y"][0] if len(m["y"]) == 2 else m["y"][:3]), "range"
    return m["y"], "year"


def resolve_quarter(m: re.Match[str], dct: date | None, direction: int) -> Resolved:
    """Quarters of a year."""
    ordinal = int(lookup("ordinal", m["ord"]) or 0)
    if m["y"]:
        return (f"{m['y']}-Q{4 if ordinal < 0 else ordinal}", "range") if ordinal <= 4 else (None, None)
    if dct is None or ordinal > 4:
        return None, None
    if ordinal < 0:
        return at_granularity(dct, "Q", -1)
    year = dct.year + int(lookup("shift", m["shift"]) or 0)
    if not m["shift"] and direction < 0 and ordinal > (dct.month - 1) // 3 + 1:
        year -= 1
    return f"{year}-Q{ordinal}", "range"


def resolve_season(m: re.Match[str], dct: date | None, direction: int) -> Resolved:
    """Seasons, by year or by tense."""
    code = lookup("season", m["season"])
    if m["y"]:
        return f"{m['y']}-{code}", "range"
    if dct is None or (m["season"].lower() == "fall" and not m["shift"]):
        return None, None
    shift = int(lookup("shift", m["shift"]) or 0)
    return f"{dct.year + shift}-{code}", "range"


def resolve_deictic(m: re.Match[str], dct: date | None, direction: int) -> Resolved:
    """today, yesterday, tomorrow, tonight, this morning, last night."""
    if m["this"] and not m["pd"]:
        return None, None
    if dct is None:
        return None, None
    offset = -1 if (m["this"] or "").lower() == "last" else int(lookup("deictic", m["dx"]) or 0)
    part = lookup("partday", m["pd"] or ("tonight" if m["dx"].lower() == "tonight" else None))
    day = (dct + timedelta(days=offset)).isoformat()
    return (f"{day}T{part}", "time") if part else (day, "day")


def resolve_ref(m: re.Match[str], dct: date | None, direction: int) -> Resolved:
    """now, recently, soon, the past, recent weeks."""
    return lookup("ref", m["ref"]), "ref"


def resolve_relative(m: re.Match[str], dct: date | None, direction: int) -> Resolved:
    """last month, this week, the past five months, the coming weeks, earlier this year."""
    unit_word, shift_word = m["unit"].lower(), m["shift"].lower()
    if m["n"] or (m["the"] and (m["pl"] or shift_word in ("past", "last", "next", "coming"))):
        return duration(number(m["n"]) if m["n"] else ("X" if m["pl"] else "1"), unit_word), "duration"
    if m["pl"]:
        return ("FUTURE_REF" if lookup("shift", shift_word) == "1" else "PAST_REF"), "ref"
    if shift_word in ("same", "following", "preceding", "recent") or dct is None:
        return None, None
    return at_granularity(dct, lookup("unit", unit_word) or "", int(lookup("shift", shift_word) or 0))


def resolve_ago(m: re.Match[str], dct: date | None, direction: int) -> Resolved:
    """N units ago (a date); N units later/after (anchored elsewhere: unresolved); N units (a duration)."""
    anchor = (m["anchor"] or "").lower()
    if m["rel"] or anchor not in ("", "ago", "hence", "from now"):
        return None, None
    n, unit = number(m["n"]), lookup("unit", m["unit"]) or ""
    if not anchor:
        return duration(n, m["unit"]), "duration"
    if dct is None or n in (None, "X") or "." in n or unit in ("H", "S") or m["unit"].lower().startswith("minute"):
        return None, None
    sign = -1 if anchor == "ago" else 1
    if unit == "D":
        return at_granularity(dct, "D", sign * int(n))
    return at_granularity(dct, unit, sign * int(n))


def resolve_duration(m: re.Match[str], dct: date | None, direction: int) -> Resolved:
    """Hyphenated durations like fifty-year; ages (50-year-old) are dropped before this."""
    return duration(number(m["n"]), m["unit"]), "duration"


def resolve_bare(m: re.Match[str], dct: date | None, direction: int) -> Resolved:
    """Plural units without a number: for years, over the years."""
    return duration("X", m["unit"]), "duration"


def resolve_time(m: re.Match[str], dct: date | None, direction: int) -> Resolved:
    """Clock times, on the publication day unless a date precedes them."""
    if m["clock"]:
        hhmm = lookup("clock", m["clock"]) or ""
    else:
        hour, minute = int(m["h"] or m["h2"] or m["h3"]), int(m["mi"] or m["mi2"] or m["mi3"] or 0)
        if m["ap"]:
            if not 1 <= hour <= 12:
                return None, None
            hour = hour % 12 + (12 if m["ap"].lower().startswith("p") else 0)
        hhmm = f"{hour:02d}:{minute:02d}"
    zone = "Z" if m["zone"] and m["zone"].upper() in ("UTC", "GMT") else ""
    return (f"{dct.isoformat()}T{hhmm}{zone}" if dct else f"XXXX-XX-XXT{hhmm}{zone}"), "time"


def resolve_frequency(m: re.Match[str], dct: date | None, direction: int) -> Resolved:
    """daily, weekly, annual: listed as their period."""
    return lookup("frequency", m["freq"]), "duration"


def resolve_anaphor(m: re.Match[str], dct: date | None, direction: int) -> Resolved:
    """the same day, that year: placeholder, filled from the last dated expression (see anaphora)."""
    return "ANAPHOR", m["unit"].lower()


RESOLVERS: dict[str, Callable[[re.Match[str], date | None, int], Resolved]] = {
    "date": resolve_date, "numeric": resolve_numeric, "weekday": resolve_weekday, "year": resolve_year,
    "quarter": resolve_quarter, "season": resolve_season, "deictic": resolve_deictic, "ref": resolve_ref,
    "relative": resolve_relative, "ago": resolve_ago, "duration": resolve_duration, "bare": resolve_bare,
    "time": resolve_time, "anaphor": resolve_anaphor, "frequency": resolve_frequency,
}


def plausible(kind: str, m: re.Match[str], doc: Any, text: str) -> bool:
    """Reject matches that are not time expressions: lower-case months, modal May, counts, ages."""
    if kind in ("date", "weekday"):
        groups = m.groupdict()
        first = next((m.start(g) for g in ("m1", "m2", "m3", "wd") if groups.get(g)), m.start())
        if not text[first].isupper():
            return False
        tok = doc.char_span(m.start("m3"), m.end("m3"), alignment_mode="expand") if groups.get("m3") else None
        if tok is not None and (tok[0].tag_ in ("MD", "VB", "VBP") or tok[0].ent_type_ in ("PERSON", "ORG")):
            return False
    if kind == "year":
        tok = doc.char_span(m.start("y"), m.end("y"), alignment_mode="expand")
        if tok is None or tok[0].ent_type_ in ("MONEY", "QUANTITY", "PERCENT", "CARDINAL", "ORG", "PRODUCT", "LAW"):
            return False
    if kind in ("ago", "duration") and m["unit"].lower() in ("second", "quarter") and m["n"].lower() in ("a", "an"):
        return False
    if kind in ("ago", "duration") and (m.groupdict().get("old") or AGE.search(text[m.start():m.end() + 6])):
        return False
    if kind == "season" and m["season"].lower() == "fall" and not (m["shift"] or m["y"]):
        return False
    return not (kind == "deictic" and m["this"] and not m["pd"])


def temporal(text: str) -> bool:
    """Whether an entity's text names a time at all (a unit, month, day, season or year), and no age."""
    if AGE.search(text):
        return False
    if re.search(r"\b(?:1[5-9]|20)\d\d\b|\d0s\b", text):
        return True
    tokens = set(re.findall(r"[a-z]+", text.lower()))
    stems = {t[:-1] if t.endswith("s") else t for t in tokens} | tokens
    return any(stems & set(words()[k]) for k in ("unit", "month", "weekday", "season", "deictic", "partday", "ref"))


def candidates(doc: Any) -> list[tuple[int, int, str, re.Match[str] | None]]:
    """Pattern matches (longest first, no overlaps) plus spaCy DATE/TIME entities they miss."""
    found = []
    text = text_of(doc)
    lowered = text.lower()
    lower = lowered if len(lowered) == len(text) else text
    stretches = windows(lower)
    for kind, rx in patterns():
        for m in (m for a, b in stretches for m in rx.finditer(lower, a, b)):
            if plausible(kind, m, doc, text):
                span = "span" if "span" in rx.groupindex and m["span"] else 0
                end = m.end(span) - (m.group(span).lower().rstrip(".").split()[-1] in FULL_MONTHS
                                     and m.group(span).endswith("."))
                found.append((m.start(span), end, kind, m))
    found.sort(key=lambda c: (c[0] - c[1], c[0]))
    chosen: list[tuple[int, int, str, re.Match[str] | None]] = []
    taken = _Taken()
    for cand in found:
        if taken.free(cand[0], cand[1]):
            taken.add(cand[0], cand[1])
            chosen.append(cand)
    for ent in doc.ents:
        if ent.label_ in ("DATE", "TIME") and temporal(ent.text) and taken.free(ent.start_char, ent.end_char):
            taken.add(ent.start_char, ent.end_char)
            chosen.append((ent.start_char, ent.end_char, "entity", None))
    return sorted(chosen, key=lambda c: c[0])


class _Taken:
    """Character spans that overlap none of each other, sorted: whether a span is free of them is found
    by bisection (testing every span taken made a long text's candidates quadratic)."""

    def __init__(self) -> None:
        self.spans: list[tuple[int, int]] = []  # sorted by (start, end): their ends are sorted too

    def free(self, start: int, end: int) -> bool:
        """Whether every span taken ends by ``start`` or starts at or after ``end``: of those that start
        before ``end``, the last ends latest."""
        k = bisect_left(self.spans, (end,))
        return k == 0 or self.spans[k - 1][1] <= start

    def add(self, start: int, end: int) -> None:
        insort(self.spans, (start, end))


def anaphora(items: list[dict[str, Any]]) -> None:
    """Resolve 'the same day', 'that year' to the last expression dated that finely, or leave them None."""
    sizes = {"day": 10, "month": 7, "year": 4}
    last = None
    for item in items:
        if item["value"] == "ANAPHOR":
            size = sizes[item["precision"]]
            ok = last is not None and len(last) >= size
            item["value"] = last[:size] if ok else None
            item["precision"] = item["precision"] if ok else None
        elif item["value"] and re.match(r"\d{4}(?:-\d\d){0,2}$", item["value"]):
            last = item["value"]


def anchor_times(items: list[dict[str, Any]], text: str) -> None:
    """Give clock times the day of a dated expression just before them."""
    for i, item in enumerate(items):
        if item["precision"] != "time" or not item["value"] or "T" not in item["value"]:
            continue
        near = [o for o in items[max(0, i - 1):i] + items[i + 1:i + 2] if o["precision"] == "day"
                and "\n" not in text[min(o["end"], item["end"]):max(o["start"], item["start"])]
                and abs(o["start"] - item["start"]) < 60]
        if near:
            item["value"] = near[0]["value"] + item["value"][item["value"].index("T"):]


def find_timexes(doc: Any, published: str | None) -> list[dict[str, Any]]:
    """Every time expression in doc, with its TIMEX3 value normalised against the publication time."""
    base = parse_published(published)
    dct = base.date() if base else None
    items, text = [], text_of(doc)
    for start, end, kind, m in candidates(doc):
        if m is None:
            value, precision = None, None
        else:
            direction = tense(doc, start, end) if kind in ("date", "weekday", "quarter") else 0
            value, precision = RESOLVERS[kind](m, dct, direction)
        items.append({"start": start, "end": end, "text": text[start:end],
                      "value": value, "precision": precision if value else None})
    anaphora(items)
    anchor_times(items, text)
    return items

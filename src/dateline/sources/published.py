"""Publication dates as readers find them -> ISO 8601 with the offset the source implies.

Nothing is invented: a date with no time of day stays a date, a time with no zone stays naive.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

from ..data import time_zones

_ZONE_WORD = re.compile(r"\b([A-Z]{1,4})\s*$")
_HAS_TIME = re.compile(r"\d{1,2}[:.h]\d{2}|\d\s*[ap]\.?m\b", re.I)
_HAS_YEAR = re.compile(r"\b\d{4}\b|\b\d{1,2}/\d{1,2}/\d{2}\b")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def normalise_published(value: str | None) -> str | None:
    """Any publication date string -> ISO 8601 (``2022-10-21T12:47:00-04:00``, ``2022-10-21``) or None."""
    if value is None:
        return None
    text = " ".join(str(value).split())
    if not text:
        return None
    return _from_iso(text) or _from_rfc2822(text) or _from_words(text)


def _from_iso(text: str) -> str | None:
    if re.fullmatch(r"(19|20)\d{2}", text):
        return text  # a year alone stays a year
    if re.fullmatch(r"(19|20)\d{6}", text):
        text = f"{text[:4]}-{text[4:6]}-{text[6:]}"
    if _ISO_DATE.match(text):
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            return None
    # Some pages write one-digit seconds ("23:15:0Z"); pad them so the value is ISO 8601.
    text = re.sub(r"(T\d{2}:\d{2}):(\d)(?=\D|$)", r"\1:0\2", text)
    try:
        moment = datetime.fromisoformat(re.sub(r"Z$", "+00:00", text).replace(" ", "T", 1))
    except ValueError:
        return None
    return moment.isoformat()


def _from_rfc2822(text: str) -> str | None:
    if not re.match(r"^([A-Z][a-z]{2},\s*)?\d{1,2} [A-Z][a-z]{2} \d{4} \d", text):
        return None
    try:
        return parsedate_to_datetime(text).isoformat()
    except (TypeError, ValueError):
        return None


def _from_words(text: str) -> str | None:
    """Bylines such as ``10/21/22 12:47 PM ET`` or ``Updated 3:45 PM EDT, Fri October 21, 2022``."""
    import dateparser  # slow to import; only text bylines need it

    text = re.sub(r"^(updated|published|posted|last updated|first published)(\s+on|\s+at)?:?\s*",
                  "", text, flags=re.I)
    zone_name = None
    for word in re.findall(r"\b[A-Z]{1,4}\b", text):
        if word in time_zones():
            zone_name = time_zones()[word]
            text = re.sub(rf"\b{word}\b", " ", text)
            break
    text = re.sub(r"\s*[,|]\s*", " ", text).strip()
    if not _HAS_YEAR.search(text):
        return None  # a bare "Friday" is not a publication date
    parsed = dateparser.parse(text, languages=["en"], settings={"RETURN_AS_TIMEZONE_AWARE": False,
                                                                 "PREFER_DAY_OF_MONTH": "first"})
    if parsed is None:
        return None
    if not _HAS_TIME.search(text):
        return parsed.date().isoformat()
    if zone_name:
        parsed = parsed.replace(tzinfo=ZoneInfo(zone_name))
    return parsed.replace(microsecond=0).isoformat()


def plausible(value: str | None, earliest_year: int = 1995) -> bool:
    """A publication date of a web article lies between the early web and tomorrow."""
    if not value:
        return False
    try:
        day = date.fromisoformat(value[:10])
    except ValueError:
        return False
    return date(earliest_year, 1, 1) <= day <= date.today() + timedelta(days=1)


def published_date(value: str | None) -> str | None:
    """The calendar date (``YYYY-MM-DD``) of a normalised publication time."""
    return value[:10] if value and len(value) >= 10 else None

"""Publication dates as readers find them -> ISO 8601 with the offset the source implies.

Nothing is invented: a date with no time of day stays a date, a time with no zone stays naive.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Callable
from email.utils import parsedate_to_datetime
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

from ..data import generic_tlds, publisher_zones, time_zones

_ZONE_WORD = re.compile(r"(?<![A-Za-z])[A-Z]{1,4}\b")  # "EST", also right after the time ("16:02:50CDT")
_HAS_TIME = re.compile(r"\d{1,2}[:.h]\d{2}|\d\s*[ap]\.?m\b", re.I)
_HAS_YEAR = re.compile(r"\b\d{4}\b|\b\d{1,2}/\d{1,2}/\d{2}\b")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_OFFSET = re.compile(r"[+-]\d{2}:\d{2}$")


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
    for word in _ZONE_WORD.findall(text):
        if word in time_zones():
            zone_name = time_zones()[word]
            text = re.sub(rf"(?<![A-Za-z]){word}\b", " ", text)
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


_URL_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})[/_-]?(0[1-9]|1[0-2])[/_-]?(0[1-9]|[12]\d|3[01])(?!\d)")


def choose_published(stated: list[tuple[str, str]], url: str | None = None, locale: str | None = None, *,
                     shown: Callable[[], str | None] = lambda: None) -> tuple[str | None, str | None]:
    """The publication time of a page and how it was found, from what the page says.

    ``stated``: the page's machine-readable publication times as (value, source), best first;
    ``shown``: gives the first date the page shows a reader after its headline (``YYYY-MM-DD``), asked
    only when needed. The first plausible stated time is kept, in its publisher's zone when stated in
    UTC; with none, the date in the URL, then the shown date.
    """
    # the first plausible one (read lazily: a page may list dozens of <time>s of other stories)
    first = next(((moment, source) for value, source in stated
                  if plausible(moment := normalise_published(value)) and moment is not None), None)
    if first is None:
        url_day = _url_date(url)
        if url_day:
            return url_day, "url"
        day = shown()
        return (day, "text") if day else (None, None)
    moment, source = first
    if _is_naive_time(moment):
        moment, source = _with_zone(moment, source, stated)
    local = in_publisher_zone(moment, url, locale, shown=shown()) if _is_utc(moment) else moment
    # a UTC time whose local day only the URL tells is the URL's date
    return local, ("url" if len(local) < len(moment) else source)


def _with_zone(moment: str, source: str, stated: list[tuple[str, str]]) -> tuple[str, str]:
    """A time stated without a zone, stated elsewhere on the page at the same clock reading with one
    (``2019-11-20T01:53:14`` in a meta tag, ``...T01:53:14Z`` in JSON-LD, ``2019-11-20 01:53:14 UTC`` in
    a ``<time>``): the zoned statement, which says the same and more. Only values that begin with the
    same minute are normalised."""
    clock = moment[:16]
    for value, value_source in stated:
        if value and value.strip()[:16].replace(" ", "T") == clock:
            zoned = normalise_published(value)
            if zoned and zoned[:19] == moment[:19] and not _is_naive_time(zoned):
                return zoned, value_source
    return moment, source


def _is_naive_time(moment: str) -> bool:
    """A time of day with no offset (``2019-11-20T01:53:14``)."""
    return len(moment) > 10 and "T" in moment and not _OFFSET.search(moment)


def in_publisher_zone(moment: str, url: str | None = None, locale: str | None = None, *,
                      shown: str | None = None) -> str:
    """A time the page states in UTC, re-expressed in its publisher's zone: same instant, local day.

    Pages often state UTC ("...T02:18:11Z") while a reader, and the date in the page's own URL, go by
    the publisher's day. The zone comes from the host's country domain, else the page's locale
    ("en_US"). The day the page shows its reader (``shown``), then a full date in the URL, have the
    last word: the expression whose day matches is kept; when none does but the URL's day is a day off
    the UTC day, the local day is known and its offset is not, so the URL's date is returned alone.
    """
    if not _is_utc(moment):
        return moment
    try:
        instant = datetime.fromisoformat(moment)
    except ValueError:
        return moment
    candidates = [moment]
    zone = publisher_zones().get(_publisher_country(url, locale) or "")
    if zone:
        candidates.insert(0, instant.astimezone(ZoneInfo(zone)).isoformat())
    url_day = _url_date(url)
    for day in (shown, url_day):
        for candidate in candidates:
            if day and candidate[:10] == day:
                return candidate
    if url_day and abs((date.fromisoformat(url_day) - instant.date()).days) == 1:
        return url_day
    return candidates[0]


def _is_utc(moment: str) -> bool:
    return moment.endswith("+00:00") and "T" in moment


def _publisher_country(url: str | None, locale: str | None) -> str | None:
    host = (urlparse(url).hostname or "") if url else ""
    tld = host.rsplit(".", 1)[-1].lower() if "." in host else ""
    if len(tld) == 2 and tld not in generic_tlds():
        return "GB" if tld == "uk" else tld.upper()
    region = re.search(r"[-_]([A-Za-z]{2})\b", locale or "")
    return region.group(1).upper() if region else None


def _url_date(url: str | None) -> str | None:
    """The date a URL's path carries (``/2020/02/17/``, ``-20200217-``), if a real one."""
    if not url:
        return None
    found = _URL_DATE.search(urlparse(url).path)
    if not found:
        return None
    try:
        return date(*map(int, found.groups())).isoformat()
    except ValueError:
        return None


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

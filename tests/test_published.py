"""Publication dates keep the offset the source implies, and invent nothing."""
from __future__ import annotations

import pytest

from dateline.sources.published import choose_published, in_publisher_zone, normalise_published, plausible


@pytest.mark.parametrize("given, expected", [
    ("10/21/22 12:47 PM ET", "2022-10-21T12:47:00-04:00"),       # EDT in October
    ("01/10/23 9:05 AM ET", "2023-01-10T09:05:00-05:00"),        # EST in January
    ("Fri, 21 Oct 2022 16:47:00 +0300", "2022-10-21T16:47:00+03:00"),
    ("2022-10-21T12:47:00Z", "2022-10-21T12:47:00+00:00"),
    ("2020-12-05T23:15:0Z", "2020-12-05T23:15:00+00:00"),        # one-digit seconds seen on real pages
    ("October 21, 2022", "2022-10-21"),                           # no time of day: stays a date
    ("2022-10-21 12:47", "2022-10-21T12:47:00"),                  # no zone: stays naive
    ("2020-09-25T16:02:50CDT", "2020-09-25T16:02:50-05:00"),     # a zone's name right after the time
    ("2022", "2022"),                                             # a year stays a year
    ("20221021", "2022-10-21"),
    ("Friday", None),                                             # not a publication date
    ("", None),
])
def test_normalise_published(given, expected):
    assert normalise_published(given) == expected


def test_implausible_publication_dates_are_refused():
    assert plausible("2022-10-21")
    assert not plausible("1399-02-21T18:59:00")  # a Solar Hijri year read as Gregorian
    assert not plausible("2999-01-01")


@pytest.mark.parametrize("moment, url, locale, expected", [
    # A country domain names the zone: 23:15 UTC is already the next day in Italy.
    ("2020-12-05T23:15:00+00:00", "https://www.example.it/news/1", None, "2020-12-06T00:15:00+01:00"),
    # A generic domain: the page's locale names the country.
    ("2020-05-02T02:54:29+00:00", "https://abc.example.com/a/6144149/", "en_US", "2020-05-01T22:54:29-04:00"),
    # The URL's own date has the last word; no zone gives that day, so the day alone is kept.
    ("2020-02-18T02:18:11+00:00", "https://example.com/2020/02/17/story/", "es_ES", "2020-02-17"),
    # ...and the zone's expression is kept when its day is the URL's.
    ("2020-02-17T22:18:11+00:00", "https://example.com/2020/02/17/story/", "es_ES", "2020-02-17T23:18:11+01:00"),
    ("2020-02-17T22:18:11+00:00", "https://example.com/2020/02/17/story/", None, "2020-02-17T22:18:11+00:00"),
    # A stated non-UTC offset is the publisher's own: left alone.
    ("2020-06-29T00:16:15+03:00", "https://example.ru/a", None, "2020-06-29T00:16:15+03:00"),
    # Nothing to go on: UTC stays; ".tv" says nothing about where a site is.
    ("2020-06-29T00:16:15+00:00", "https://news.example.tv/a", None, "2020-06-29T00:16:15+00:00"),
    # A date without a time has no zone to change.
    ("2020-06-29", "https://www.example.it/a", None, "2020-06-29"),
])
def test_utc_times_are_re_expressed_in_the_publishers_zone(moment, url, locale, expected):
    assert in_publisher_zone(moment, url, locale) == expected


@pytest.mark.parametrize("stated, url, shown, expected", [
    # the first plausible stated time, and where it came from
    ([("1899-01-01", "meta"), ("2021-03-01T10:00:00+01:00", "json-ld")], None, None,
     ("2021-03-01T10:00:00+01:00", "json-ld")),
    # nothing stated: the URL's date, then the date the page shows
    ([], "https://example.com/2021/03/02/story/", "2021-03-03", ("2021-03-02", "url")),
    ([("not a date", "meta")], "https://example.com/story/", "2021-03-03", ("2021-03-03", "text")),
    ([], None, None, (None, None)),
    # a UTC time whose local day only the URL's date tells: that date, found in the URL
    ([("2020-02-18T02:18:11Z", "meta")], "https://example.com/2020/02/17/story/", None, ("2020-02-17", "url")),
])
def test_choose_published(stated, url, shown, expected):
    assert choose_published(stated, url, shown=lambda: shown) == expected


def test_the_day_a_page_shows_picks_between_the_utc_and_the_local_day():
    moment, url = "2020-05-02T02:54:29+00:00", "https://abc.example.com/a/6144149/"
    assert in_publisher_zone(moment, url, "en_US", shown="2020-05-01") == "2020-05-01T22:54:29-04:00"
    assert in_publisher_zone(moment, url, "en_US", shown="2020-05-02") == moment
    # a shown day that is neither leaves the zone's reading
    assert in_publisher_zone(moment, url, "en_US", shown="2019-01-01") == "2020-05-01T22:54:29-04:00"


@pytest.mark.parametrize("stated, expected", [
    # the same clock reading stated without a zone and with one: the zoned statement
    ([("2019-11-20T01:53:14.418", "meta"), ("2019-11-20T01:53:14.418Z", "json-ld")],
     ("2019-11-20T01:53:14.418000+00:00", "json-ld")),
    ([("2019-11-19T05:45:00", "meta"), ("2019-11-19T05:45:00-08:00", "json-ld")],
     ("2019-11-19T05:45:00-08:00", "json-ld")),
    ([("2019-11-19 02:24:00", "meta"), ("2019-11-19 02:24:00 UTC", "time")],
     ("2019-11-19T02:24:00+00:00", "time")),
    # another time with a zone is another moment: the naive time stays as stated
    ([("2019-11-19T05:45:00", "meta"), ("2019-11-19T07:10:00-08:00", "json-ld")],
     ("2019-11-19T05:45:00", "meta")),
    # a stated UTC time is not traded for the same clock reading with another offset (the page may
    # write its UTC time with the zone's offset by mistake, or the other way round)
    ([("2019-11-20T02:15:49+00:00", "meta"), ("2019-11-20T02:15:49-06:00", "json-ld")],
     ("2019-11-20T02:15:49+00:00", "meta")),
])
def test_a_time_without_a_zone_takes_the_zone_stated_elsewhere_for_the_same_clock(stated, expected):
    assert choose_published(stated) == expected

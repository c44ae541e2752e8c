"""Publication dates keep the offset the source implies, and invent nothing."""
from __future__ import annotations

import pytest

from dateline.sources.published import normalise_published, plausible


@pytest.mark.parametrize("given, expected", [
    ("10/21/22 12:47 PM ET", "2022-10-21T12:47:00-04:00"),       # EDT in October
    ("01/10/23 9:05 AM ET", "2023-01-10T09:05:00-05:00"),        # EST in January
    ("Fri, 21 Oct 2022 16:47:00 +0300", "2022-10-21T16:47:00+03:00"),
    ("2022-10-21T12:47:00Z", "2022-10-21T12:47:00+00:00"),
    ("2020-12-05T23:15:0Z", "2020-12-05T23:15:00+00:00"),        # one-digit seconds seen on real pages
    ("October 21, 2022", "2022-10-21"),                           # no time of day: stays a date
    ("2022-10-21 12:47", "2022-10-21T12:47:00"),                  # no zone: stays naive
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

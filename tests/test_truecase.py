"""Text as it comes: caseless text is given its case back before the model reads it."""
from __future__ import annotations

import pytest

from dateline import Dateline
from dateline.nlp import load_nlp


def _truecase(text: str) -> str:
    return load_nlp().tokenizer.truecase(text)


def test_ordinary_text_is_left_as_it_is():
    text = "The minister met union leaders in Leeds on Tuesday.\nPrices rose."
    assert _truecase(text) is text


@pytest.mark.parametrize("caseless", [
    "troops from russia entered the town of lyman on friday, the united nations said.",
    "TROOPS FROM RUSSIA ENTERED THE TOWN OF LYMAN ON FRIDAY, THE UNITED NATIONS SAID.",
])
def test_sentence_starts_and_known_names_get_their_capitals_and_offsets_stay(caseless):
    cased = _truecase(caseless)
    assert len(cased) == len(caseless) and cased.lower() == caseless.lower()
    assert cased.startswith("Troops from Russia") and "United Nations" in cased and "Friday" in cased
    assert " town of " in cased  # common words stay lower case


def test_a_name_that_is_also_a_word_stays_a_word():
    cased = _truecase("protesters march on the capital and may return in march, officials said.")
    assert " march on " in cased and " may " in cased


@pytest.mark.parametrize("text", [
    "police in pakistan arrested three journalists in karachi on monday.",
    "RUSSIAN FORCES SHELLED THE UKRAINIAN CITY OF KHARKIV ON SUNDAY",
    "the government of kenya expelled two diplomats from somalia on friday.",
])
def test_events_in_caseless_text_have_countries(text):
    events = Dateline(workers=1).extract(text, published="2022-03-02").events
    countries = {(e[side] or {}).get("country") for e in events for side in ("source", "target")}
    assert events and countries & {"PAK", "RUS", "UKR", "KEN", "SOM"}


def test_regions_and_places_a_place_noun_names_get_their_capitals():
    cased = _truecase("clashes broke out in khyber pakhtunkhwa province, near the village of kafr zayta "
                      "and in san bernardino county on friday.")
    assert "Khyber Pakhtunkhwa province" in cased and "the village of Kafr Zayta" in cased
    assert "San Bernardino County" in cased and "clashes broke out" in cased.lower()


def test_common_words_are_the_same_without_the_lemmatizer():
    # the pipeline without event coding leaves the lemmatizer out; its word tables still decide
    text = "the nice attack left the man and the mobile unit in bath on monday."
    assert load_nlp(events=False).tokenizer.truecase(text) == _truecase(text)
    assert " nice " in _truecase(text) and " man " in _truecase(text)


def test_possessives_hyphenated_names_the_us_and_abbreviations():
    cased = _truecase("as of monday the us had 593 cases. let us see: a u.s. mining firm, china's provinces "
                      "and sydney-based jockeys.")
    assert "the US had" in cased and "Let us see" in cased
    assert "a U.S. mining firm" in cased  # the dots of an abbreviation end no sentence
    assert "China's provinces" in cased and "Sydney-based" in cased

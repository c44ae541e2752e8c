"""Place resolution: seed expectations, context, demonyms, region vs city."""
from __future__ import annotations

import re

import pytest

from dateline.places import load_gazetteer, resolve_places


def mentions(text: str, names: list[str]) -> list[dict]:
    """Entity dicts for every occurrence of the given names."""
    found = []
    for name in names:
        for m in re.finditer(r"\b" + re.escape(name) + r"\b", text):
            found.append({"start": m.start(), "end": m.end(), "text": name, "label": "GPE"})
    return found


def by_text(text: str, names: list[str]) -> dict[str, dict]:
    """Resolved places keyed by mention text (first occurrence)."""
    out: dict[str, dict] = {}
    for place in resolve_places(text, mentions(text, names)):
        out.setdefault(place["text"], place)
    return out


UKRAINE = ("Russian forces pulled out of Kharkiv after Ukraine's counteroffensive. Kyiv said its troops "
           "retook the city of Lyman in the annexed region of Donetsk, and may move on the city of Kherson. "
           "Russia denied it.")


def test_seed_places_resolve() -> None:
    got = by_text(UKRAINE, ["Kharkiv", "Ukraine", "Kyiv", "Lyman", "Donetsk", "Kherson", "Russia"])
    assert got["Ukraine"]["feature"] == "country" and got["Ukraine"]["country"] == "UKR"
    assert got["Russia"]["country"] == "RUS"
    assert got["Kyiv"]["feature"] == "city" and got["Kyiv"]["country"] == "UKR"
    assert got["Kharkiv"]["geonameid"] == 706483
    lyman = got["Lyman"]
    assert lyman["country"] == "UKR" and abs(lyman["lat"] - 48.97) < 0.2 and abs(lyman["lon"] - 37.80) < 0.2
    assert got["Donetsk"]["feature"] == "admin" and got["Donetsk"]["geonameid"] is None
    assert got["Kherson"]["feature"] == "city"


def test_region_vs_city_cues() -> None:
    assert by_text("Shelling hit Donetsk on Monday.", ["Donetsk"])["Donetsk"]["feature"] == "city"
    assert by_text("Fighting in Donetsk oblast went on.", ["Donetsk"])["Donetsk"]["feature"] == "admin"
    assert by_text("Fighting in the Donetsk region.", ["Donetsk"])["Donetsk"]["feature"] == "admin"
    text = "Troops entered Donetsk Oblast."
    assert resolve_places(text, mentions(text, ["Donetsk Oblast"]))[0]["feature"] == "admin"


def test_ambiguity_decided_by_context() -> None:
    us = by_text("Senators in Washington passed the U.S. budget.", ["Washington", "U.S."])
    assert us["Washington"]["country"] == "USA" and abs(us["Washington"]["lon"] + 77.0) < 0.5
    geo = by_text("Georgia's president spoke in Tbilisi.", ["Georgia", "Tbilisi"])
    assert geo["Georgia"]["country"] == "GEO" and geo["Georgia"]["feature"] == "country"
    usa = by_text("Storms hit Georgia, Florida and Alabama.", ["Georgia", "Florida", "Alabama"])
    assert usa["Georgia"]["country"] == "USA" and usa["Georgia"]["feature"] == "admin"


def test_demonyms_are_not_places() -> None:
    gaz = load_gazetteer()
    assert not gaz.is_place("Russian") and not gaz.is_place("Ukrainian")
    assert gaz.is_place("Kyiv") and gaz.is_place("Lyman") and gaz.is_place("Ukraine")
    assert resolve_places("Russian forces", [{"start": 0, "end": 7, "text": "Russian", "label": "NORP"}]) == []


@pytest.mark.parametrize("name", ["US", "U.S.", "UK", "Britain"])
def test_country_aliases(name: str) -> None:
    assert load_gazetteer().candidates(name)[0].feature == "country"


def test_output_shape_sorted() -> None:
    places = resolve_places(UKRAINE, mentions(UKRAINE, ["Russia", "Kharkiv", "Nowhereville"]))
    assert [p["start"] for p in places] == sorted(p["start"] for p in places)
    assert set(places[0]) == {"start", "end", "text", "geonameid", "lat", "lon", "country", "feature", "population",
                              "precision"}
    assert all(p["text"] != "Nowhereville" for p in places)


def test_names_listed_together_share_country_and_kind() -> None:
    # The article is mostly about the United States, but Ontario is listed among Canadian provinces.
    text = ("Cases were confirmed in the United States, in California, Texas, Ohio and New Jersey, and "
            "the United States reported more. Canada reported cases in Alberta, Manitoba, Ontario and "
            "Nova Scotia.")
    names = ["United States", "California", "Texas", "Ohio", "New Jersey", "Canada", "Alberta", "Manitoba",
             "Ontario", "Nova Scotia"]
    ontario = by_text(text, names)["Ontario"]
    assert ontario["country"] == "CAN" and ontario["feature"] == "admin"


# Issue 18: every populated place, hierarchy from context, precision.

def test_gazetteer_holds_every_populated_place() -> None:
    gaz = load_gazetteer()
    # Innisfail, Queensland (about 7,000 people) was not in the 15,000-people city table
    assert any(p.country == "AUS" and p.feature == "city" for p in gaz.candidates("Innisfail"))
    assert any(p.feature == "district" and p.country == "USA" for p in gaz.candidates("Cook County"))
    assert not gaz.candidates("Hope")  # small towns named like common words are not indexed


def test_transliteration_variants() -> None:
    got = by_text("Gunmen struck in Muqdisho, and later a convoy was hit in Qandahar.", ["Muqdisho", "Qandahar"])
    assert got["Muqdisho"]["geonameid"] == 53654  # Mogadishu
    assert got["Qandahar"]["country"] == "AFG" and abs(got["Qandahar"]["lat"] - 31.6) < 0.2


def test_enclosing_names_pick_the_namesake() -> None:
    illinois = by_text("The council of Springfield, Ill., voted on Tuesday.", ["Springfield"])
    missouri = by_text("Flooding closed roads in Springfield, Missouri, overnight.", ["Springfield", "Missouri"])
    assert abs(illinois["Springfield"]["lat"] - 39.8) < 0.2
    assert abs(missouri["Springfield"]["lat"] - 37.2) < 0.2


def test_small_town_needs_the_texts_support() -> None:
    assert "Innisfail" not in by_text("Innisfail spoke at length about the budget.", ["Innisfail"])
    got = by_text("Storms flattened banana farms near Innisfail, Queensland.", ["Innisfail", "Queensland"])
    assert got["Innisfail"]["country"] == "AUS" and got["Innisfail"]["precision"] == "near"


def test_unknown_village_takes_the_smallest_enclosing_place() -> None:
    text = "Gunmen raided Qoorgaab village (Hiiraan, Somalia) at dawn."
    got = by_text(text, ["Qoorgaab", "Hiiraan", "Somalia"])
    village = got["Qoorgaab"]
    assert village["geonameid"] is None and village["precision"] == "region" and village["country"] == "SOM"
    assert (village["lat"], village["lon"]) == (got["Hiiraan"]["lat"], got["Hiiraan"]["lon"])
    town = by_text("Police sealed off Zaraqdan, a town in Kandahar province.", ["Zaraqdan", "Kandahar"])
    assert town["Zaraqdan"]["precision"] == "region" and town["Zaraqdan"]["country"] == "AFG"


def test_list_of_names_is_no_enclosure() -> None:
    got = by_text("Flights were cut to Armenia, Azerbaijan, Georgia, Iraq, Iran and Syria.",
                  ["Armenia", "Azerbaijan", "Georgia", "Iraq", "Iran", "Syria"])
    assert got["Iraq"]["feature"] == "country" and got["Georgia"]["country"] == "GEO"


def test_precision_of_each_kind() -> None:
    got = by_text("Shelling hit villages near Kharkiv, in Donetsk region, in Cook County and in Ukraine.",
                  ["Kharkiv", "Donetsk", "Cook County", "Ukraine"])
    assert got["Kharkiv"]["precision"] == "near"
    assert got["Donetsk"]["precision"] == "region"
    assert got["Cook County"]["precision"] == "district" and got["Cook County"]["country"] == "USA"
    assert got["Ukraine"]["precision"] == "country"
    assert by_text("A bomb went off in Kabul.", ["Kabul"])["Kabul"]["precision"] == "place"


def test_context_place_is_the_dateline_else_the_most_named_place() -> None:
    from dateline.places import context_place

    text = "KHERSON, Ukraine (Reuters) - Shelling went on overnight. Officials in Kyiv said more."
    places = resolve_places(text, mentions(text, ["KHERSON", "Ukraine", "Kyiv"]))
    assert context_place(text, places)["text"] == "KHERSON"
    assert context_place(text, places)["precision"] == "context"
    text = "Officials in Kyiv met. Later Kyiv said the talks in Ukraine went well; Lviv agreed."
    places = resolve_places(text, mentions(text, ["Kyiv", "Ukraine", "Lviv"]))
    assert context_place(text, places)["text"] == "Kyiv"
    assert context_place("No places here.", []) is None


def test_parish_and_saint_spelled_either_way() -> None:
    got = by_text("Flood water reached homes in St. Tammany Parish on Monday.", ["St. Tammany Parish"])
    assert got["St. Tammany Parish"]["precision"] == "district" and got["St. Tammany Parish"]["country"] == "USA"
    got = by_text("Protests spread from Moscow to St. Petersburg.", ["Moscow", "St. Petersburg"])
    assert got["St. Petersburg"]["country"] == "RUS" and got["St. Petersburg"]["population"] > 4_000_000


def test_district_of_a_province_places_the_unknown_district() -> None:
    got = by_text("A mine exploded in Zhari Sarkand District of Kandahar Province on Sunday.",
                  ["Zhari Sarkand District", "Kandahar Province"])
    district = got["Zhari Sarkand District"]
    assert district["country"] == "AFG" and district["precision"] == "region" and district["geonameid"] is None


def test_division_spellings_and_seats() -> None:
    """Issue 18: a region spelled otherwise ("Lower Shabelle" for Lower Shabeelle), regions joined by a
    hyphen ("Sistan-Baluchestan" for Sistan and Baluchestan), a district named after its seat."""
    got = by_text("Fighting spread across Lower Shabelle Region and Sistan-Baluchestan province.",
                  ["Lower Shabelle Region", "Sistan-Baluchestan"])
    assert got["Lower Shabelle Region"]["feature"] == "admin" and got["Lower Shabelle Region"]["country"] == "SOM"
    assert got["Sistan-Baluchestan"]["country"] == "IRN" and got["Sistan-Baluchestan"]["precision"] == "region"
    seat = by_text("Troops entered Jilib District, in Somalia, at dawn.", ["Jilib District", "Somalia"])
    assert seat["Jilib District"]["precision"] == "district" and seat["Jilib District"]["country"] == "SOM"


def test_namesake_abroad_yields_to_the_enclosing_division() -> None:
    """ "Solhan (Seno Province, Sahel Region)" is no town of Turkey; "Atlanta, Georgia" stays the city
    (Georgia is also a country, so it places nothing by itself)."""
    text = "Gunmen raided Solhan (Seno Province, Sahel Region) at night."
    got = by_text(text, ["Solhan", "Seno Province", "Sahel Region"])
    assert got["Solhan"]["country"] == "BFA" and got["Solhan"]["geonameid"] is None
    atlanta = by_text("Storms hit Atlanta, Georgia, on Monday.", ["Atlanta", "Georgia"])
    assert atlanta["Atlanta"]["country"] == "USA" and atlanta["Atlanta"]["geonameid"] is not None


def test_arabic_article_spellings_need_the_country() -> None:
    """ "al-Shadadi" is the gazetteer's Ash Shaddadah, "Qamishli" its Al Qamishli, in a text naming Syria;
    "Al-Nasiriyah" of a text naming no country is not taken for the Iraqi city by its article alone."""
    got = by_text("Clashes in Syria reached al-Shadadi and Qamishli.", ["Syria", "al-Shadadi", "Qamishli"])
    assert got["al-Shadadi"]["country"] == "SYR" and got["Qamishli"]["country"] == "SYR"
    assert "Al-Nasiriyah" not in by_text("Fighters attacked the village of Al-Nasiriyah at dawn.", ["Al-Nasiriyah"])


@pytest.mark.parametrize("text, name", [
    ("Troops recaptured Kohistanat district in northern Saripul province on Friday.", "Saripul province"),
    ("Clashes spread across Saripul province overnight.", "Saripul province"),
    ("The governor of Saripul province resigned.", "Saripul province"),
])
def test_division_spelled_otherwise_is_no_far_town(text, name) -> None:
    """A skeleton match of a name the text calls a province must be a division: not Russia's Sarapul."""
    got = by_text(text, [name])
    assert name not in got or got[name]["country"] != "RUS"

"""Entity corrections over spaCy's small model: places tagged as people, title words as organisations."""
from __future__ import annotations

import pytest

from dateline.nlp import load_nlp


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def _labels(nlp, text: str) -> dict[str, str]:
    return {e["text"]: e["label"] for e in nlp(text)._.dateline_entities}


def test_seed_places_tagged_person_become_places(nlp, seed_path):
    import dateline

    record = dateline.extract(seed_path.read_text(encoding="utf-8"))
    labels = {e["text"]: e["label"] for e in record.entities}
    assert labels["Kyiv"] == "GPE" and labels["Lyman"] == "GPE"
    assert labels["Lloyd Austin"] == "PERSON" and labels["Austin"] == "PERSON"  # a surname, not the city
    assert "Defense" not in labels and "Friday" not in labels


def test_title_word_before_a_name_is_not_an_organisation(nlp):
    labels = _labels(nlp, "Defense Secretary Lloyd Austin spoke with reporters in Brussels on Friday.")
    assert "Defense" not in labels and labels.get("Lloyd Austin") == "PERSON"


def test_untagged_place_after_a_locative_word_is_found(nlp):
    labels = _labels(nlp, "Troops left Kyiv for Lyman in Ukraine.")
    assert labels.get("Kyiv") == "GPE" and labels.get("Lyman") == "GPE"


def test_a_person_who_speaks_stays_a_person(nlp):
    labels = _labels(nlp, "Lt. Col. Davis said the convoy would move at night.")
    assert labels.get("Davis") == "PERSON"


def test_entities_carry_offsets_into_the_text(nlp):
    text = "Russian forces withdrew from Kharkiv in September."
    for e in nlp(text)._.dateline_entities:
        assert text[e["start"]:e["end"]] == e["text"]


def test_a_place_noun_makes_an_unknown_name_a_place():
    from dateline import Dateline

    record = Dateline(workers=1).extract("Militants fired mortars at the settlement of Jaba and raided the al-Ja'ouneh area.",
                                         published="2016-01-01")
    labels = {e["text"]: e["label"] for e in record.entities}
    assert labels.get("Jaba") == "GPE"


def test_an_untagged_name_before_a_place_noun_is_a_place():
    from dateline import Dateline

    record = Dateline(workers=1).extract("Insurgents laid an ambush on a road in Srisakorn district on Friday.",
                                         published="2007-01-01")
    assert any(e["label"] == "GPE" and "Srisakorn" in e["text"] for e in record.entities)


def test_a_name_ending_in_what_the_place_is_is_a_place(nlp):
    labels = _labels(nlp, "Government troops stormed the Kindi Hospital on Tuesday. Rebels shelled the Bani Zaid Quarter overnight.")
    assert labels.get("the Kindi Hospital") == "FAC"  # the model says ORG
    assert labels.get("Bani Zaid Quarter") == "GPE"  # the model finds nothing


def test_an_unknown_name_after_a_locative_preposition_is_a_place(nlp):
    labels = _labels(nlp, "Coast guard vessels circled around Perejil as two helicopters hovered above.")
    assert labels.get("Perejil") == "GPE"  # the model says PERSON
    labels = _labels(nlp, "Reporters spoke with Lloyd Austin in Brussels.")
    assert labels.get("Lloyd Austin") == "PERSON"


def test_a_name_in_a_place_slot_is_a_place(nlp):
    # direction words, a conquered object, extra spaces after the preposition (the model: PERSON/LANGUAGE)
    assert _labels(nlp, "Army units pressed on with their push south west of Mallah on Thursday.").get("Mallah") \
        == "GPE"
    assert _labels(nlp, "The two warring parties fought in northeastern Aleppo.").get("Aleppo") == "GPE"
    assert _labels(nlp, "Four civilians were hurt further north in  Tal Afar.").get("Tal Afar") == "GPE"
    assert _labels(nlp, "Government troops were getting ready to enter Qusayr from three sides.") \
        .get("Qusayr") == "GPE"
    # an organisation's premises stay the organisation
    assert _labels(nlp, "Police arrested John Smith at Google on Friday.").get("Google") == "ORG"


def test_names_listed_with_a_place_or_after_plural_place_nouns_are_places(nlp):
    labels = _labels(nlp, "Militants stormed the small towns of Al-Eis and Tal Hadiya.")
    assert labels.get("Al-Eis") == "GPE" and labels.get("Tal Hadiya") == "GPE"
    assert _labels(nlp, "A migrant was stabbed in the arm in downtown Dunkirk.").get("Dunkirk") == "GPE"
    assert _labels(nlp, "Rangers and police were patrolling Korangi late on Tuesday.").get("Korangi") == "GPE"
    # a person listed with a place stays a person when the knowledge base knows them
    assert _labels(nlp, "Lloyd Austin and Kyiv officials met on Friday.").get("Lloyd Austin") == "PERSON"


def test_place_name_starts_movement_objects_and_seized_organisations_are_places(nlp):
    assert _labels(nlp, "Government forces liberated the mountaintop of Jabal al-Arbaeen.") \
        .get("Jabal al-Arbaeen") == "GPE"
    assert _labels(nlp, "The insurgents withdrew from Kafr Zita after two days of fighting.").get("Kafr Zita") == "GPE"
    assert _labels(nlp, "Militia fighters captured Ndele on Dec. 4.").get("Ndele") == "GPE"
    assert _labels(nlp, "Rebels set off explosives at the District Forest Office in Rolpa.").get("Rolpa") == "GPE"
    assert _labels(nlp, "The minister sent a letter to John Smith.").get("John Smith") == "PERSON"


def test_names_ending_in_an_administrative_unit_or_a_site_are_places(nlp):
    labels = _labels(nlp, "Militants began a fresh attack in the Raqqa Governorate on Wednesday.")
    assert labels.get("Raqqa Governorate") == "GPE"
    assert _labels(nlp, "Rebels fought near the Tahtani Roundabout on Monday.").get("the Tahtani Roundabout") == "FAC"


def test_held_names_possessors_of_streets_and_communities_are_places(nlp):
    text = ("In Serb-held Vogosca, an Italian officer was shot. Demonstrators walked along Tbilisi's central "
            "Rustaveli Avenue. Residents of Agasha community said 23 people were killed.")
    labels = _labels(nlp, text)
    assert labels.get("Vogosca") == "GPE"
    assert labels.get("Tbilisi") == "GPE"
    assert labels.get("Agasha") == "GPE"
    labels = _labels(nlp, "Twelve villagers died in Bokkos local government area on Sunday.")
    assert labels.get("Bokkos") == "GPE"


def test_weekdays_ages_and_group_adjectives_are_not_places(nlp):
    labels = _labels(nlp, "Tariq was stabbed while walking to market Easter Sunday outside the village of Kot Nihang.")
    assert labels.get("Easter Sunday") == "DATE" and labels.get("Kot Nihang") == "GPE"
    labels = _labels(nlp, "The 31-year-old Herrera and three other comrades were seized in a raid.")
    assert labels.get("Herrera") == "PERSON"
    assert _labels(nlp, "A 54-year-old Hammond resident was taken to hospital.").get("Hammond") != "PERSON"
    assert _labels(nlp, "Jets flew over the Kurdish region of eastern Turkey.").get("Kurdish") == "NORP"


def test_a_nationality_word_or_a_known_person_is_not_a_place(nlp):
    labels = _labels(nlp, "Two guards were shot dead near the Angolan city of Lobito on Monday.")
    assert labels.get("Angolan") == "NORP" and labels.get("Lobito") == "GPE"
    labels = _labels(nlp, "Soldiers searched houses near Saddam Hussein's home city of Tikrit.")
    assert labels.get("Saddam Hussein's") in (None, "PERSON") and labels.get("Tikrit") == "GPE"


def test_a_known_place_taken_or_named_after_in_is_a_place_whatever_the_model_says(nlp):
    assert _labels(nlp, "The army captured Jaffna, the rebels' capital, last month.").get("Jaffna") == "GPE"
    assert _labels(nlp, "Jaffna was captured by the army in 1995.").get("Jaffna") == "GPE"
    assert _labels(nlp, "Farmers demonstrated in Corsica Thursday against the new tax.").get("Corsica") == "GPE"


def test_a_name_before_an_airbase_or_after_a_settlement_word_is_a_place(nlp):
    assert _labels(nlp, "Rebels shelled the Tiyas airbase with rockets.").get("Tiyas") == "GPE"
    assert _labels(nlp, "The mine, laid at village Lassipora, went off under a jeep.").get("Lassipora") == "GPE"


def test_a_sect_word_read_into_a_place_name_is_not_part_of_it(nlp):
    labels = _labels(nlp, "A car bomb exploded in a market in the mainly Sunni Adhamiya district of Baghdad.")
    assert "Adhamiya" in labels and "Sunni Adhamiya" not in labels


def test_names_ending_in_a_complex_or_a_gas_field_are_facilities(nlp):
    labels = _labels(nlp, "Militants attacked army positions near the Al-Rawda Gas Fields on Friday.")
    assert labels.get("the Al-Rawda Gas Fields") == "FAC"
    labels = _labels(nlp, "The jihadists shelled the Tishreen Housing Complex overnight.")
    assert labels.get("the Tishreen Housing Complex") == "FAC"


def test_a_faith_word_or_an_organisation_is_no_place(nlp):
    labels = _labels(nlp, "Gunmen killed six worshippers on Friday in a mostly Shia neighbourhood of the town.")
    assert labels.get("Shia") != "GPE"
    labels = _labels(nlp, "Hundreds of veterans demonstrated outside UN headquarters in Maputo on Wednesday.")
    assert labels.get("UN") == "ORG" and labels.get("Maputo") == "GPE"


def test_names_before_peninsula_or_ending_in_strip_are_places(nlp):
    assert _labels(nlp, "Troops captured the former rebel bastion of the Kalpitiya peninsula last year.").get(
        "Kalpitiya") == "GPE"
    assert _labels(nlp, "Police patrolled the remote Lunga Strip on Monday.").get("Lunga Strip") == "FAC"


def test_clock_words_are_no_places(nlp):
    labels = _labels(nlp, "The offensive started around 11 A.M. (Moscow Time) as tanks crossed the river.")
    assert labels.get("A.M.") not in ("GPE", "LOC", "FAC")


def test_a_street_name_by_its_first_word_is_a_place(nlp):
    assert _labels(nlp, "He was shot on Avenida Paulista late on Friday.").get("Avenida Paulista") == "GPE"


def test_a_lowercase_word_is_no_place_name():
    from dateline import Dateline
    result = Dateline(workers=1).extract("Rioters burned churches and mosques in the old town of Jos.")
    assert [e["text"] for e in result.entities if e["label"] in ("GPE", "LOC", "FAC")] == ["Jos"]


def test_a_city_name_that_acts_stays_a_person(nlp):
    # Austin is a large city, but here it is the subject of an active verb: the model's PERSON stands
    assert _labels(nlp, "Lyman said Austin was fine.").get("Austin") == "PERSON"


def test_a_place_name_the_model_tags_as_place_is_a_person_after_a_title_or_as_a_surname(nlp):
    from spacy.tokens import Span

    from dateline.entities import find_entities

    doc = nlp.make_doc("Defense Secretary Lloyd Austin arrived. Secretary Austin met troops in Austin.")
    doc.ents = [Span(doc, 2, 4, "PERSON"), Span(doc, 7, 8, "GPE"), Span(doc, 11, 12, "GPE")]
    labels = [(e["text"], e["start"], e["label"]) for e in find_entities(doc)]
    assert ("Austin", 50, "PERSON") in labels  # after a title, and Lloyd Austin's surname
    assert ("Austin", 71, "GPE") in labels  # "in Austin": the city


def test_names_after_near_or_a_distance_are_places_and_a_leading_preposition_is_cut(nlp):
    labels = _labels(nlp, "Near Palmyra, two strikes hit a unit. Others landed near Ayn Isa and 6 km from Daquq.")
    assert labels.get("Palmyra") == "GPE" and "Near Palmyra" not in labels
    assert labels.get("Ayn Isa") in ("GPE", "LOC", "FAC") and labels.get("Daquq") in ("GPE", "LOC", "FAC")
    assert _labels(nlp, "The bomb was detonated near Riviere-du-Loup, Quebec.").get("Riviere-du-Loup") == "GPE"
    assert "Governor" not in _labels(nlp, "Tenants will protest outside Governor Cuomo's office on Monday.")


def test_a_known_group_tagged_as_a_nationality_is_an_organisation(nlp):
    from spacy.tokens import Span

    from dateline.entities import find_entities

    doc = nlp.make_doc("Two strikes engaged an ISIL tactical unit.")
    doc.ents = [Span(doc, 4, 5, "NORP")]  # as the small model tags it in re3d's strike reports
    assert [(e["text"], e["label"]) for e in find_entities(doc)] == [("ISIL", "ORG")]


@pytest.mark.parametrize("text, places", [
    ("Unidentified gunmen killed two civilians in Dangamacha village (Mashegu LGA, Niger State).",
     ["Dangamacha", "Mashegu LGA", "Niger State"]),
    ("JNIM militants ambushed a convoy near Boni (Douentza Cercle, Mopti Region) on Friday.",
     ["Boni", "Douentza Cercle", "Mopti Region"]),
    ("Militants attacked a checkpoint in Jilib (Jilib District, Middle Juba Region).",
     ["Jilib", "Jilib District", "Middle Juba Region"]),
    ("Taliban fighters overran Nad-e Ali District (Helmand province) last week.",
     ["Nad-e Ali District", "Helmand province"]),
])
def test_bracketed_divisions_after_a_place_are_places(nlp, text, places):
    """Issue 18: incident reports name a place and, in brackets, the divisions that hold it; the small model
    reads them as persons or as one organisation ("Jilib (Jilib District")."""
    labels = _labels(nlp, text)
    assert all(labels.get(p) == "GPE" for p in places), labels


def test_brackets_without_a_division_word_stay_as_tagged(nlp):
    labels = _labels(nlp, "The Islamic State (ISIS) claimed the attack on Tuesday.")
    assert labels.get("ISIS") != "GPE"

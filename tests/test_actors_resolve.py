"""Actor resolution: the seed's actors, coreference, office on the article's date, name variants."""
from __future__ import annotations

import pytest

import dateline
from dateline.nlp import load_nlp


@pytest.fixture(scope="module")
def seed_record(seed_path):
    return dateline.extract(seed_path.read_text(encoding="utf-8"))


def _annotate(text: str, published: str = "2022-10-21T12:00:00-04:00"):
    nlp = load_nlp()
    doc = nlp.make_doc(text)
    doc._.published = published
    return nlp(doc)


def test_seed_actors_have_country_and_roles(seed_record):
    actors = {a["id"]: a for a in seed_record.actors}
    expected = {
        "lloyd-austin": ("USA", {"GOV", "DEF"}), "sergei-shoigu": ("RUS", {"GOV", "DEF"}),
        "oleksii-reznikov": ("UKR", {"GOV", "DEF"}), "vladimir-putin": ("RUS", {"GOV", "HEAD"}),
        "sergei-surovikin": ("RUS", {"MIL"}), "pentagon": ("USA", {"DEF"}),
        "RUS:MIL": ("RUS", {"MIL"}), "UKR:MIL": ("UKR", {"MIL"}),
    }
    for actor_id, (country, roles) in expected.items():
        assert actors[actor_id]["country"] == country, actor_id
        assert roles <= set(actors[actor_id]["roles"]), actor_id
    names = {a["name"] for a in seed_record.actors}
    assert not names & {"Defense", "Friday"}


def test_counterpart_and_spelling_variants_are_one_person(seed_record):
    shoigu = next(a for a in seed_record.actors if a["id"] == "sergei-shoigu")
    assert "his Russian counterpart" in shoigu["aliases"] and "Sergey Shoygu" in shoigu["aliases"]
    linked = {e["text"]: e["actor"] for e in seed_record.entities if e["actor"]}
    assert linked["Sergey Shoygu"] == "sergei-shoigu" and linked["Austin"] == "lloyd-austin"


def test_the_pair_refers_to_the_two_people_before_it():
    doc = _annotate("Lloyd Austin spoke with Sergei Shoigu on Friday. The pair last spoke in May.")
    pair = next(m for m in doc._.dateline_mentions if m.text == "The pair")
    assert set(pair.actors) == {"lloyd-austin", "sergei-shoigu"}


def test_a_bare_title_is_the_office_holder_on_the_article_date():
    early = _annotate("Russia's defence minister said the troops would stay.", "2022-10-21")
    late = _annotate("Russia's defence minister said the troops would stay.", "2025-03-01")
    assert "sergei-shoigu" in {a["id"] for a in early._.dateline_actors}
    assert "andrei-belousov" in {a["id"] for a in late._.dateline_actors}


def test_unknown_person_is_coded_from_the_title_before_the_name():
    doc = _annotate("Chadian Gen. Idriss Mahamat Okar said his troops had left the town.")
    actor = next(a for a in doc._.dateline_actors if a["kind"] == "person")
    assert actor["country"] == "TCD" and "MIL" in actor["roles"]


def test_pronoun_goes_to_the_nearest_person_before_it():
    doc = _annotate("Vladimir Putin ordered a call-up. One day after he laid claim to the regions, troops left.")
    he = next(m for m in doc._.dateline_mentions if m.text == "he")
    assert he.actors == ("vladimir-putin",)


@pytest.mark.parametrize("text, country", [
    ("A New York man was arrested by police on Monday.", "USA"),
    ("Two Los Angeles police officers were charged with assault.", "USA"),
    ("A New Delhi shopkeeper was detained by police on Friday.", "IND"),
])
def test_a_place_of_several_words_in_a_phrase_is_read_as_one_name(text, country):
    events = dateline.extract(text, published="2020-05-01").events
    sides = [s for e in events for s in (e["source"], e["target"]) if s and s.get("country")]
    assert sides and all(s["country"] == country for s in sides)

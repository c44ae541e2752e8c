"""Is it a political event? Each check of events/political.py, with sentences written for these tests."""
from __future__ import annotations

import pytest

from dateline import Dateline
from dateline.events.political import CHECKS, Candidate, reason_to_drop


def _types(text: str) -> list[str]:
    return [e["type"] for e in Dateline(workers=1).extract(text, published="2021-03-02").events]


def _company(name: str) -> dict:
    return {"id": name.lower(), "kind": "organisation", "country": None, "roles": ["BUS"]}


CIVILIANS = {"id": "---:CVL", "kind": "group", "country": None, "roles": ["CVL"]}
POLICE = {"id": "---:COP", "kind": "group", "country": None, "roles": ["COP"]}
UNKNOWN = {"id": "acme", "kind": "organisation", "country": None, "roles": []}


def test_the_checks_are_a_named_ordered_list_each_with_examples():
    assert [c.__name__ for c in CHECKS] == ["political_actor_on_a_side", "victim_is_not_a_doer",
                                            "press_is_no_counterpart", "warning_is_no_threat"]
    assert all('"' in (c.__doc__ or "") for c in CHECKS)  # each states its pattern with examples


def test_two_companies_or_unknown_parties_alone_make_no_event():
    assert reason_to_drop(Candidate("AGREE", [_company("Northwind")], [_company("Contoso")]))
    assert reason_to_drop(Candidate("ACCUSE", [UNKNOWN], [], political_sentence=False))
    # the same unknown organisation in a sentence about a government is kept
    assert reason_to_drop(Candidate("ACCUSE", [UNKNOWN], [], political_sentence=True)) is None
    assert reason_to_drop(Candidate("REQUEST", [_company("Northwind")], [{"id": "usa", "kind": "country"}])) is None


def test_civilians_count_as_victims_and_as_crowds_but_not_against_each_other():
    assert reason_to_drop(Candidate("ASSAULT", [], [CIVILIANS])) is None
    assert reason_to_drop(Candidate("AID", [UNKNOWN], [CIVILIANS])) is None
    assert reason_to_drop(Candidate("PROTEST", [CIVILIANS], [])) is None
    assert reason_to_drop(Candidate("ASSAULT", [CIVILIANS], [CIVILIANS], political_sentence=True)) \
        .startswith("victim_is_not_a_doer")
    assert reason_to_drop(Candidate("ASSAULT", [POLICE], [CIVILIANS])) is None


@pytest.mark.parametrize("text", [
    "The record label accused the singer of breaking her contract.",
    "Northwind Traders reached an agreement with Contoso to share its warehouses.",
    "The streaming company promised better pictures and denied the complaints of its subscribers.",
])
def test_business_and_celebrity_quarrels_are_not_political_events(text):
    assert _types(text) == []


@pytest.mark.parametrize("text, kind", [
    ("The interior ministry accused the opposition party of planning riots.", "ACCUSE"),
    ("Police arrested two bloggers in the capital on Monday.", "COERCE"),
    ("The Freedom Movement rejected the truce plan that the Security Council tabled.", "REJECT"),
])
def test_political_events_are_kept(text, kind):
    assert kind in _types(text)


def test_a_dropped_candidate_is_kept_with_its_reason():
    from dateline.nlp import load_nlp

    doc = load_nlp()("The record label accused the singer of breaking her contract.")
    assert doc._.dateline_events == []
    (dropped,) = doc._.dateline_dropped
    assert dropped["type"] == "ACCUSE" and dropped["trigger"] == "accused" and dropped["reason"]


@pytest.mark.parametrize("text, generic", [
    ("Police in Ohio arrested three protesters on Sunday.", "---:COP"),
    ("Russian troops shelled the village overnight.", "RUS:MIL"),
    ("Government officials met the strikers' union on Friday.", ":GOV"),
])
def test_generic_mentions_are_coded_by_country_and_role_never_slugged(text, generic):
    events = Dateline(workers=1).extract(text, published="2021-03-02").events
    ids = {(e[side] or {}).get("actor") for e in events for side in ("source", "target")} - {None}
    assert any(i.endswith(generic) or i == generic for i in ids), ids
    assert all(":" in i or i.isalpha() for i in ids)  # no ids made of a phrase's words


def test_a_phrase_is_what_its_head_is_not_what_hangs_on_it():
    events = Dateline(workers=1).extract(
        "The ministry said loans from the government were given to the two carmakers.", published="2009-01-02").events
    ids = {(e[side] or {}).get("actor") for e in events for side in ("source", "target")}
    assert not any(i and "loans" in i for i in ids)


def test_the_record_shows_what_was_dropped_and_why():
    record = Dateline(workers=1).extract("The record label accused the singer of breaking her contract.",
                                         published="2021-03-02").to_dict()
    assert record["events"] == []
    assert [d["trigger"] for d in record["dropped_events"]] == ["accused"]


@pytest.mark.parametrize("text", [
    "The health minister told reporters on a conference call that the clinics would reopen.",
    "The spokeswoman briefed journalists in Geneva on Tuesday.",
    "The central bank governor warned that the recovery might stall next year.",
])
def test_statements_to_the_press_and_gloomy_warnings_are_not_events(text):
    assert not {"CONSULT", "THREATEN"} & set(_types(text))


@pytest.mark.parametrize("text, kind", [
    ("The foreign minister spoke with her Indian counterpart by phone on Monday.", "CONSULT"),
    ("The rebels warned that they would attack any convoy on the highway.", "THREATEN"),
])
def test_consultations_and_threats_are_kept(text, kind):
    assert kind in _types(text)


@pytest.mark.parametrize("text", [
    "Taylor accused the label of bullying her over the rights to her songs.",
    "Johnson said the shop would reopen, accusing the landlord of greed.",
])
def test_a_surname_alone_is_no_head_of_state_without_evidence(text):
    from dateline.nlp import load_nlp

    ids = {a["id"] for a in load_nlp()(text)._.dateline_actors}
    assert not ids & {"charles-taylor", "boris-johnson", "lyndon-b-johnson"}


def test_a_surname_with_its_country_in_the_article_is_the_known_person():
    from dateline.nlp import load_nlp

    doc = load_nlp()("Russia said on Monday that talks would go on. Putin spoke to reporters in Moscow.")
    assert "vladimir-putin" in {a["id"] for a in doc._.dateline_actors}

"""The sense of a trigger given its arguments: the same verb reports an event in one construction and
something else in another. Sentences written for these tests."""
from __future__ import annotations

import pytest

from dateline import Dateline


def _records(text: str) -> list[dict]:
    return Dateline(workers=1).extract(text, published="2021-03-02").events


def _types(text: str) -> list[str]:
    return [e["type"] for e in _records(text)]


@pytest.mark.parametrize("text", [
    "The club fired its head coach after a string of losses.",
    "The reporter was fired by the newspaper last year.",
    "The carmaker will fire 500 managers at its Detroit offices.",
])
def test_firing_a_person_is_dismissal_not_shooting(text):
    assert "ASSAULT" not in _types(text) and "THREATEN" not in _types(text)


@pytest.mark.parametrize("text", [
    "Soldiers fired on the crowd outside the presidential palace.",
    "Government forces fired rockets into the rebel-held town of Idlib.",
    "Shots were fired at the police station in Quetta on Friday.",
])
def test_firing_a_weapon_or_at_someone_is_an_attack(text):
    assert "ASSAULT" in _types(text)


@pytest.mark.parametrize("text", [
    "The prime minister declined to predict when the talks would resume.",
    "The defence ministry refused to speculate about the cause of the blast.",
    "A spokesman for the army declined to answer questions about the raid.",
])
def test_declining_to_say_is_no_rejection(text):
    assert "REJECT" not in _types(text)


@pytest.mark.parametrize("text", [
    "The new drone was demonstrated to army officers at the arms fair.",
    "Among the products demonstrated were two armoured trucks made in Turkey.",
    "The ministry demonstrated its new voting machines to reporters in Nairobi.",
])
def test_demonstrating_a_thing_is_showing_not_protest(text):
    assert "PROTEST" not in _types(text)


@pytest.mark.parametrize("text", [
    "The government said the new law would help the country meet its targets for emissions.",
    "Kenya met the deadline set by the International Monetary Fund for its budget.",
    "The ministry said the army had met all the requirements of the agreement.",
])
def test_meeting_a_target_is_no_meeting(text):
    assert "CONSULT" not in _types(text)


def test_students_demonstrating_and_leaders_meeting_are_still_events():
    assert "PROTEST" in _types("Thousands of students demonstrated in Dhaka against the new law.")
    assert "CONSULT" in _types("The Kenyan president met the Ugandan prime minister in Nairobi on Monday.")


def _events(text: str) -> list[tuple[str, str | None, str | None, str]]:
    article = Dateline(workers=1).extract(text, published="2021-03-02")
    return [(e["type"], (e["source"] or {}).get("text"), (e["target"] or {}).get("text"), e["modality"])
            for e in article.to_dict()["events"]]


@pytest.mark.parametrize("text, doer", [
    ("Russia's invasion of Ukraine began in February 2022.", "Russia's"),
    ("The army's withdrawal from the northern town surprised residents.", "The army's"),
    ("Turkey's offensive against Kurdish fighters in Syria began on Wednesday.", "Turkey's"),
])
def test_an_event_nouns_possessor_is_its_doer(text, doer):
    # the subject phrase that holds the event noun is the event itself, never its doer
    sources = [source for _, source, _, _ in _events(text) if source]
    assert doer in sources
    assert all("invasion" not in s and "withdrawal" not in s and "offensive" not in s for s in sources)


@pytest.mark.parametrize("text, undergoer", [
    ("Navalny's arrest in Moscow was condemned by Western governments.", "Navalny's"),
    ("The journalist's abduction in Bamako last week shocked his colleagues.", "The journalist's"),
    ("The opposition leader's detention in Cairo was condemned by rights groups.", "The opposition leader's"),
])
def test_the_possessor_of_an_arrest_or_abduction_is_the_one_it_was_done_to(text, undergoer):
    found = _events(text)
    assert any(target == undergoer for _, _, target, _ in found)
    assert all(source != undergoer for _, source, _, _ in found)


@pytest.mark.parametrize("text, kind", [
    ("The president's reluctance to roll back tariffs worried investors in Beijing.", "CONCEDE"),
    ("The rebels' refusal to release the hostages angered the government in Bamako.", "RETREAT"),
    ("International law prohibits targeting civilians in war, the envoy said.", "ASSAULT"),
])
def test_acts_one_refuses_is_reluctant_or_forbidden_to_do_are_not_asserted(text, kind):
    assert all(modality != "asserted" for t, _, _, modality in _events(text) if t == kind)


def test_the_trigger_pruning_steps_are_a_named_ordered_list_each_with_examples():
    from dateline.events.triggers import PRUNING_STEPS

    assert [step.__name__ for step in PRUNING_STEPS] == [
        "_drop_frames", "_drop_light_duplicates", "_drop_acted_upon", "_fold_demands_into_protests",
        "_drop_background"]
    assert all('"' in (step.__doc__ or "") for step in PRUNING_STEPS)


@pytest.mark.parametrize("text, kept, dropped", [
    # _drop_frames: the frame an act happened in is no event of its own
    ("In a dawn operation, troops arrested six smugglers near the border.", "COERCE", "ASSAULT"),
    # _drop_acted_upon: lifting a curfew does not impose one
    ("The army lifted the curfew in the capital on Friday.", "CONCEDE", "COERCE"),
    # _fold_demands_into_protests: the demand is what the protest is for
    ("Thousands marched in Khartoum demanding civilian rule.", "PROTEST", "REQUEST"),
])
def test_each_pruning_step_keeps_the_event_and_drops_its_shadow(text, kept, dropped):
    types = _types(text)
    assert kept in types and dropped not in types


@pytest.mark.parametrize("text", [
    "The new mat can charge a phone and a watch at the same time.",
    "Airlines will charge a higher fee for checked bags from June.",
    "Drivers can charge their cars at 40 new stations in the city.",
])
def test_charging_a_thing_is_no_criminal_charge(text):
    assert "COERCE" not in _types(text)


@pytest.mark.parametrize("text", [
    "The medical charity has seen 25 patients with the fever in the province.",
    "The ministry said hospitals in Lagos saw a sharp rise in cases last week.",
    "Police in the capital have seen an increase in thefts since March.",
])
def test_seeing_what_happens_is_no_meeting(text):
    assert "CONSULT" not in _types(text)


@pytest.mark.parametrize("text, kind", [
    ("Authorities said more investigation is required to find the source of the leak.", "ACCUSE"),
    ("The envoy said further talks were needed before any deal with the rebels.", "CONSULT"),
    ("The minister said an inquiry into the shooting would be required.", "ACCUSE"),
])
def test_an_event_said_to_be_needed_has_not_happened(text, kind):
    assert all(modality != "asserted" for t, _, _, modality in _events(text) if t == kind)


@pytest.mark.parametrize("text", [
    "The crowd dispersed peacefully after the speeches in Lagos.",
    "The demonstrators dispersed when the rain began in Santiago.",
    "After two hours the rally broke up without incident in Warsaw.",
])
def test_a_crowd_that_disperses_by_itself_is_not_repressed(text):
    assert not [e for e in _records(text) if e["type"] == "ASSAULT"]


@pytest.mark.parametrize("text", [
    "Riot police dispersed the crowd outside parliament in Nairobi.",
    "Security forces broke up the rally with batons in Minsk.",
    "The crowd in Caracas was dispersed by the National Guard.",
])
def test_a_crowd_dispersed_by_force_is_repression(text):
    assert [e for e in _records(text) if e["type"] == "ASSAULT" and e["mode"] == "crowd-control"]


@pytest.mark.parametrize("text", [
    "The youth died after he was tortured in custody in Lahore.",
    "The minister resigned after she was attacked outside parliament.",
    "The students left the campus when their dormitory was raided.",
])
def test_a_passive_clause_does_not_borrow_the_main_clause_subject_as_doer(text):
    main_subject = text.split(" after ")[0].split(" when ")[0].split()[1].lower()  # "youth", "minister", "students"
    violent = [e for e in _records(text) if e["type"] in ("ASSAULT", "COERCE", "PROTEST")]
    assert not [e for e in violent if main_subject in ((e["source"] or {}).get("text") or "").lower()]
    assert not [e for e in _records(text) if e["type"] == "PROTEST"]


@pytest.mark.parametrize("text", [
    "A police officer slapped a woman protester in Chennai.",
    "Soldiers beat a demonstrator outside the ministry in Khartoum.",
    "Police detained the protesting farmers near the highway in Haryana.",
])
def test_the_protesters_are_the_source_of_their_protest_not_those_who_act_on_them(text):
    events = _records(text)
    for event in events:
        if event["type"] == "PROTEST" and event["source"]:
            assert "COP" not in event["source"]["roles"] and "MIL" not in event["source"]["roles"]
    assert [e for e in events if e["type"] in ("ASSAULT", "COERCE") and e["source"]
            and set(e["source"]["roles"]) & {"COP", "MIL"}]


@pytest.mark.parametrize("text", [
    "Japan's Nikkei 225 declined 0.3% on Tuesday.",
    "Russia's rouble declined 2 percent against the dollar.",
    "China's exports declined by 5 percent in May.",
])
def test_an_amount_that_declines_is_no_refusal(text):
    assert "REJECT" not in _types(text)


@pytest.mark.parametrize("text", [
    "The police in Aurora released data for the first half of the year.",
    "The Home Office released figures on asylum claims on Thursday.",
    "The ministry in Kyiv released footage of the bridge after the storm.",
])
def test_releasing_a_publication_is_no_release_of_people(text):
    assert "RETREAT" not in _types(text)


@pytest.mark.parametrize("text", [
    "The senator spoke at a campaign rally in Ohio on Friday.",
    "Thousands attended an election rally of the ruling party in Dhaka.",
    "The president held a re-election rally in Florida last night.",
])
def test_a_campaign_rally_is_no_protest(text):
    assert "PROTEST" not in _types(text)


@pytest.mark.parametrize("text", [
    "The rebels released 20 hostages in northern Mali.",
    "Thousands rallied in Belgrade against the government.",
    "Serbia declined the offer of talks from Kosovo.",
])
def test_releases_rallies_and_refusals_of_actors_stay_events(text):
    assert {"RETREAT", "PROTEST", "REJECT"} & set(_types(text))


@pytest.mark.parametrize("text", [
    "We also lived through a summer and fall of social protest.",
    "Stocks recorded their worst week since August amid worsening protests.",
    "The film is a meditation on decades of protest and reform.",
])
def test_a_protest_mentioned_in_passing_is_no_protest(text):
    assert "PROTEST" not in _types(text)


@pytest.mark.parametrize("text", [
    "Teachers from the city's public schools went on strike for better pay.",
    "Restaurant owners protested in front of the main train station.",
    "Nurses staged a protest outside the hospital on Monday.",
])
def test_protesters_the_tables_do_not_know_still_protest(text):
    assert "PROTEST" in _types(text)


@pytest.mark.parametrize("text", [
    "A man from Buffalo pleaded guilty on Monday to making threats against the senator.",
    "The former minister pleaded not guilty to corruption charges in Lagos.",
    "The general pleaded no contest to the charges in court.",
])
def test_a_plea_in_court_is_no_appeal(text):
    assert "REQUEST" not in _types(text)


@pytest.mark.parametrize("text", [
    "The mayor pleaded with the government to send more aid.",
    "The UN pleaded for access to the besieged city.",
    "Refugees pleaded with Greek officials at the border to let them cross.",
])
def test_pleading_with_someone_is_an_appeal(text):
    assert "REQUEST" in _types(text)


@pytest.mark.parametrize("text", [
    "A youth died in custody in Lahore after being tortured.",
    "The protesters in Tbilisi went home after being beaten.",
    "Several students in Dhaka fainted after being assaulted.",
])
def test_a_passive_clause_without_a_subject_borrows_its_target_not_its_doer(text):
    types = _types(text)  # the crowd that suffered it did not riot
    assert "ASSAULT" in types and "PROTEST" not in types


@pytest.mark.parametrize("text", [
    "Policemen thrashed a student during the protest at the campus in Delhi.",
    "Soldiers arrested two reporters at the rally in Yangon.",
    "Officers detained a teenager after the demonstration in Paris.",
])
def test_those_who_act_during_a_protest_are_not_its_protesters(text):
    for event in _records(text):
        if event["type"] == "PROTEST" and event["source"]:
            assert not set(event["source"]["roles"]) & {"COP", "MIL"}


@pytest.mark.parametrize("text, side", [
    ("Two suspected criminals were killed in an encounter with the police in Ghaziabad.", "COP"),
    ("Three soldiers were wounded in clashes with rebels in Helmand.", "REB"),
    ("A militant was killed during a gunfight with soldiers in Kashmir.", "MIL"),
])
def test_who_was_killed_in_a_fight_with_someone_was_killed_by_them(text, side):
    assert [e for e in _records(text) if e["type"] == "ASSAULT" and e["source"] and side in e["source"]["roles"]]


@pytest.mark.parametrize("text, reactor", [
    ("Turkey fears an invasion of its border towns.", "Turkey"),
    ("The United States condemned the attack on the convoy in Syria.", "The United States"),
    ("NATO welcomed the withdrawal of the troops from Kherson.", "NATO"),
])
def test_who_reacts_to_an_act_is_not_its_doer(text, reactor):
    for event in _records(text):
        if event["type"] in ("ASSAULT", "RETREAT"):
            assert (event["source"] or {}).get("text") != reactor


@pytest.mark.parametrize("text, doer", [
    ("The president faces the threat of impeachment by the parliament.", "parliament"),
    ("Rights groups condemned the arrest of the journalist by the secret police.", "police"),
    ("Witnesses described an attack by militiamen on the village.", "militiamen"),
])
def test_the_by_phrase_of_an_event_noun_names_its_doer(text, doer):
    assert [e for e in _records(text) if doer in ((e["source"] or {}).get("text") or "")]


@pytest.mark.parametrize("text", [
    "The army repelled an attack on its base in Mali.",
    "Government troops repulsed an assault by the rebels on the town.",
    "The garrison withstood a fierce attack for three days.",
])
def test_who_repels_an_attack_is_its_target(text):
    for event in _records(text):
        if event["type"] == "ASSAULT" and event["source"]:
            assert not {"MIL"} & set(event["source"]["roles"]) or "rebel" in event["source"]["text"].lower()


@pytest.mark.parametrize("text", [
    "Turkey fears an invasion by Syrian forces.",
    "Analysts predict an offensive by Ukrainian troops in the south.",
    "Residents anticipate an assault on the city by the rebels.",
])
def test_an_act_that_is_feared_or_predicted_has_not_happened(text):
    assert not [e for e in _records(text) if e["type"] == "ASSAULT" and e["modality"] == "asserted"]


@pytest.mark.parametrize("text, kind", [
    ("NATO welcomed the withdrawal of the troops from Kherson.", "SUPPORT"),
    ("The EU welcomed the ceasefire between Armenia and Azerbaijan.", "SUPPORT"),
    ("The president welcomed the Japanese prime minister in Washington.", "CONSULT"),
])
def test_welcoming_a_step_is_approval_and_welcoming_a_visitor_is_hosting(text, kind):
    welcome = [e for e in _records(text) if e["type"] in ("SUPPORT", "CONSULT")]
    assert welcome and welcome[0]["type"] == kind


@pytest.mark.parametrize("text", [
    "United Nations officials are warning of a growing threat of measles among the survivors.",
    "Farmers in Kenya face the threat of drought, the minister said.",
    "The agency in Dhaka warned of floods in the north of the country.",
])
def test_a_risk_from_a_thing_is_nobodys_threat(text):
    assert "THREATEN" not in _types(text)


@pytest.mark.parametrize("text", [
    "Russia's threat of retaliation alarmed NATO.",
    "Officials in Kabul warned of an attack on the embassy.",
    "Iran made a threat to close the Strait of Hormuz.",
])
def test_threats_and_warnings_of_acts_stay_threats(text):
    assert "THREATEN" in _types(text)

"""The PLOVER ontology tables, trigger lexicon, CAMEO lookups, scheme mappings and user codebooks."""
from __future__ import annotations

import json

import pytest

from dateline.errors import ConfigError
from dateline.events.ontology import PLOVER_TYPES, load_ontology, mapping


@pytest.fixture(scope="module")
def onto():
    return load_ontology()


def test_loads_the_sixteen_plover_types_with_definitions_and_modes(onto):
    assert tuple(onto.types) == PLOVER_TYPES
    for event_type in onto.types.values():
        assert event_type.definition.endswith(".")
        assert event_type.quad in (1, 2, 3, 4)
        assert event_type.cameo is not None
    assert {"phone", "visit", "third-party", "multilateral"} <= set(onto.types["CONSULT"].modes)
    assert {"aerial", "firearms", "explosives", "primitive", "cbrn"} <= set(onto.types["ASSAULT"].modes)
    assert {"demo", "riot", "strike", "hunger", "boycott"} <= set(onto.types["PROTEST"].modes)
    assert load_ontology() is onto


def test_cameo_for_type_and_mode(onto):
    assert onto.cameo_for("CONSULT", "phone") == "041"
    assert onto.cameo_for("CONSULT", "visit") == "042"
    assert onto.cameo_for("CONSULT") == "040"
    assert onto.cameo_for("ASSAULT", "aerial") == "195"
    assert onto.cameo_for("ASSAULT", "firearms") == "193"
    assert onto.cameo_for("PROTEST", "strike-hun") == "142"  # an alias from the PLOVER gold records
    assert onto.cameo_for("PROTEST", "no-such-mode") == "140"
    assert onto.cameo_for("NOPE") is None


def test_quad_class_and_goldstein(onto):
    assert onto.quad_class("041") == 1
    assert onto.quad_class("0841") == 2
    assert onto.quad_class("112") == 3
    assert onto.quad_class("195") == 4
    assert onto.goldstein("041") == 1.0
    assert onto.goldstein("057") == 8.0
    assert onto.goldstein("0874") == 10.0
    assert onto.goldstein("195") == -10.0
    assert onto.goldstein("174K") == -5.0  # falls back to the listed prefix
    with pytest.raises(ValueError):
        onto.quad_class("99")
    for code in onto.cameo:
        assert -10.0 <= onto.goldstein(code) <= 10.0


def test_every_table_reference_is_known(onto):
    for event_type in onto.types.values():
        for cameo in event_type.modes.values():
            assert cameo is None or cameo in onto.cameo
    for lemma in onto.trigger_lemmas():
        for trigger in onto.triggers_for(lemma):
            assert trigger.type in onto.types
            assert trigger.mode is None or trigger.mode in onto.types[trigger.type].modes
            assert trigger.cameo is None or trigger.cameo in onto.cameo
            assert 0.0 <= trigger.weight <= 1.0


def test_speak_is_a_phone_call_only_with_phone_context(onto):
    triggers = onto.triggers_for("speak", "VERB")
    phone = [t for t in triggers if t.mode == "phone"]
    assert phone and all(t.context for t in phone)
    assert any("phone" in t.context for t in phone)
    plain = [t for t in triggers if t.type == "CONSULT" and t.mode is None]
    assert plain and all(t.weight < min(p.weight for p in phone) for t in plain)
    assert all(t.cameo == "041" for t in phone)


def test_particles_and_irregular_lemmas(onto):
    pull_out = [t for t in onto.triggers_for("pull", "VERB") if t.particle == "out" and not t.context]
    assert pull_out and pull_out[0].type == "RETREAT" and pull_out[0].mode == "withdraw"
    assert any(t.type == "REQUEST" for t in onto.triggers_for("call", "VERB") if t.particle == "for")
    retake = onto.triggers_for("retake", "VERB")
    assert retake and retake[0].type == "ASSAULT"
    assert onto.lemma("retook", "retook", "VERB") == "retake"  # spaCy's small model leaves "retook"
    assert onto.triggers_for("retook", "VERB")[0].type == "ASSAULT"


def test_nouns_and_spelling_variants(onto):
    for lemma in ("mobilization", "mobilisation"):
        triggers = onto.triggers_for(lemma, "NOUN")
        assert triggers and triggers[0].type == "MOBILIZE"
    assert onto.triggers_for("mobilise", "VERB")[0].type == "MOBILIZE"
    assert onto.triggers_for("criticise", "VERB")[0].type == "ACCUSE"
    assert onto.triggers_for("seize", "VERB") and not onto.triggers_for("seise", "VERB")
    labour = [t for t in onto.triggers_for("strike", "NOUN") if t.type == "PROTEST" and t.mode == "strike"]
    assert any("labour" in t.context and "labor" in t.context for t in labour)


def test_strike_and_attack_are_disambiguated_by_context(onto):
    strike = onto.triggers_for("strike", "NOUN")
    aerial = [t for t in strike if t.type == "ASSAULT" and t.mode == "aerial"]
    assert aerial and "air" in aerial[0].context and "missile" in aerial[0].context
    assert any(t.type == "PROTEST" and "worker" in t.context for t in strike)
    attack = onto.triggers_for("attack", "VERB")
    assert any(t.type == "ASSAULT" and not t.context for t in attack)
    assert any(t.type == "ACCUSE" and "criticize" in t.context for t in attack)
    capture = [t for t in onto.triggers_for("capture", "VERB") if t.type == "ASSAULT"]
    assert any("@PLACE" in t.context for t in capture)


def test_release_is_retreat_and_lifting_sanctions_is_concede(onto):
    release = [t for t in onto.triggers_for("release", "VERB") if "prisoner" in t.context]
    assert release[0].type == "RETREAT" and release[0].cameo == "0841"
    lift = [t for t in onto.triggers_for("lift", "VERB") if "sanction" in t.context]
    assert lift[0].type == "CONCEDE" and lift[0].cameo == "085"


def test_mappings(onto):
    roots = mapping("cameo-root")
    assert roots["04"] == "CONSULT" and roots["19"] == "ASSAULT" and "01" not in roots
    assert onto.plover_for_cameo("0841") == ("RETREAT", "release")
    assert onto.plover_for_cameo("1712") == ("COERCE", "destroy")
    assert onto.plover_for_cameo("010") is None
    penta = mapping("penta")
    assert set(penta) == set(PLOVER_TYPES)
    assert penta["CONSULT"] == "1" and penta["AID"] == "2" and penta["ACCUSE"] == "3" and penta["ASSAULT"] == "4"
    assert onto.map_label("acled", "Air/drone strike") == ("ASSAULT", "aerial")
    assert onto.map_label("acled", "Peaceful protest") == ("PROTEST", "demo")
    assert onto.map_label("acled", "Change to group/activity") is None
    assert mapping("case2021")["ARREST"] == "COERCE"
    assert mapping("plover-0.5")["DEMAND"] == "REQUEST"
    with pytest.raises(ValueError):
        mapping("nope")


def test_case2021_labels_in_shared_gold_are_all_known(shared_eval, onto):
    known = onto.labels("case2021")
    with open(shared_eval / "events" / "case2021_task2.jsonl", encoding="utf-8") as lines:
        labels = {event["type"] for line in lines for event in json.loads(line)["events"]}
    assert labels <= known


def test_custom_codebook_adds_a_type_and_its_triggers(tmp_path):
    book = tmp_path / "codebook.yaml"
    book.write_text(
        "types:\n"
        "  - name: cyberattack\n"
        "    definition: Break into or disable another actor's computer systems.\n"
        "    examples: [\"Hackers breached the ministry's servers.\"]\n"
        "    cameo: '180'\n"
        "    triggers:\n"
        "      - hack\n"
        "      - breach/VERB\n"
        "      - {lemma: ransomware, pos: NOUN, context: [attack], weight: 0.9}\n"
        "  - name: PROTEST\n"
        "    triggers: [{lemma: occupy, pos: VERB, context: [camp], mode: obstruct, weight: 0.7}]\n",
        encoding="utf-8")
    onto = load_ontology(str(book))
    assert onto.types["CYBERATTACK"].custom and onto.types["CYBERATTACK"].quad == 4
    assert onto.cameo_for("CYBERATTACK") == "180"
    hack = onto.triggers_for("hack")
    assert {t.pos for t in hack if t.type == "CYBERATTACK"} == {"VERB", "NOUN"}
    assert onto.triggers_for("breach", "VERB")[0].type == "CYBERATTACK"
    ransomware = onto.triggers_for("ransomware", "NOUN")[0]
    assert ransomware.context == ("attack",) and ransomware.weight == 0.9 and ransomware.cameo == "180"
    occupy = [t for t in onto.triggers_for("occupy", "VERB") if "camp" in t.context]
    assert occupy[0].type == "PROTEST" and occupy[0].cameo == "144"
    assert "CYBERATTACK" not in load_ontology().types


def test_bad_codebooks_are_named_errors(tmp_path):
    book = tmp_path / "bad.yaml"
    book.write_text("types:\n  - name: NEWTYPE\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="definition"):
        load_ontology(str(book))
    with pytest.raises(ConfigError):
        load_ontology(str(tmp_path / "missing.yaml"))


@pytest.mark.slow
def test_codebook_examples_seed_triggers(tmp_path):
    book = tmp_path / "seed.yaml"
    book.write_text(
        "types:\n"
        "  - name: ELECT\n"
        "    definition: Hold or win an election.\n"
        "    examples: [\"Voters elected a new parliament on Sunday.\"]\n",
        encoding="utf-8")
    onto = load_ontology(str(book))
    seeded = onto.triggers_for("elect", "VERB")
    assert seeded and seeded[0].type == "ELECT" and seeded[0].weight == 0.5


def test_penta_classes_of_cameo_roots_are_data():
    roots = mapping("penta-root")
    assert len(roots) == 20 and roots["02"] == "0" and roots["04"] == "1" and roots["07"] == "2"
    assert roots["16"] == "3" and roots["18"] == "4"  # reducing relations uses no force

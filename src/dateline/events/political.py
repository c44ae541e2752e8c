"""Is a candidate event a political event? The checks, in the order they run.

A trigger word and its arguments make a *candidate*; it becomes an event only if it passes every check
below. A check that fails gives its name as the reason, and the candidate is kept on the Doc
(``doc._.dateline_dropped``) with that reason, so that a user can see what was left out and why.

PLOVER and CAMEO code interactions between political actors: states, governments and their officials,
parties, international bodies, armed forces, police, courts, armed groups, unions and other social
movements, protesters, and civilians as the targets of political violence or repression. Companies,
celebrities and private persons acting among themselves (a record deal, a product release, a lawsuit
between two firms, one person hitting another) are not coded.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from .vocabulary import words

# Roles that make an actor political or social on either side of an event (CAMEO agent codes).
POLITICAL_ROLES = frozenset({"GOV", "HEAD", "MIL", "COP", "JUD", "LEG", "DEF", "REB", "OPP", "IGO", "NGO",
                             "LAB", "SPY", "PTY", "INS", "UAF", "SEP"})
# Acts of violence or repression: political whoever did them when civilians suffer them, private
# crime when civilians do them to civilians.
VIOLENT_TYPES = frozenset({"ASSAULT", "COERCE"})
# Acts that civilians may receive from an unnamed or unknown actor and still make a political event:
# violence and repression, humanitarian aid ("food was handed out to 300,000 people"), a release.
CIVILIAN_TARGET_TYPES = VIOLENT_TYPES | {"AID", "RETREAT"}
# Means of violence that only armed forces and armed groups use: an air strike, shelling, a bomb.
WAR_MODES = frozenset({"aerial", "heavy-weapons", "explosives", "suicide-attack", "cbrn", "massacre",
                       "cleansing", "unconventional"})
# Kinds of actor that are political by what they are.
POLITICAL_KINDS = frozenset({"country", "igo"})


@dataclass
class Candidate:
    """What the checks look at: the type, the actors found on each side, and the doer words the
    extractor recognised without an actor (a crowd, an armed force, a hostile agent)."""

    type: str
    sources: list[dict]
    targets: list[dict]
    crowd: str | None = None
    armed_doer: bool = False  # an armed force, a hostile agent or a weapon of war does it
    political_sentence: bool = False
    token: object = None  # the trigger (a spaCy Token), for the checks that read the sentence's structure


def is_political_actor(actor: dict) -> bool:
    """A state, an international body, or an actor holding a political or social role; a government
    ministry of health or a union counts, a doctor or a company does not."""
    return actor.get("kind") in POLITICAL_KINDS or bool(POLITICAL_ROLES & set(actor.get("roles") or ()))


def is_private_actor(actor: dict) -> bool:
    """A company or other business (role BUS): private whatever the sentence is about. (Civilians are
    not: refugees, prisoners and villagers are the people political events are done to.)"""
    return not is_political_actor(actor) and "BUS" in (actor.get("roles") or ())


def _civilians(actor: dict) -> bool:
    """Civilians: people named by what they are ("three farmers", "Palestinians"), or a named person
    with no political role ("the shop owner Ana Ruiz")."""
    if is_political_actor(actor):
        return False
    return "CVL" in (actor.get("roles") or ()) or actor.get("kind") == "person" and not actor.get("roles")


def _private_persons(actor: dict) -> bool:
    """Civilians who are not a people or community: "a man", "the suspect", a named person. A people
    ("Serbs", "Palestinians") fighting is communal or political violence, not private crime."""
    return _civilians(actor) and not (actor.get("kind") == "group" and actor.get("country"))


def political_actor_on_a_side(candidate: Candidate) -> str | None:
    """An event needs a political or social actor on at least one side.

    - "The finance ministry accused the bank of fraud": the ministry is political, kept.
    - "The label accused the singer of breaking her contract": two private parties, dropped.
    - "Gunmen killed three farmers": no actor named, but an armed doer; kept (the next check decides).
    - "The Freedom Movement rejected the truce plan tabled at the Security Council": an organisation
      the knowledge base does not know, in a sentence about a political body; kept. Where nobody in
      the sentence is political ("the studio denied it had agreed to anything"), such actors are not.
    """
    sides = candidate.sources + candidate.targets
    if not sides or any(is_political_actor(a) for a in sides):
        return None
    if candidate.armed_doer or candidate.crowd:
        return None
    if candidate.type in CIVILIAN_TARGET_TYPES and any(_civilians(a) for a in candidate.targets) \
            and not (candidate.sources and all(_civilians(a) or is_private_actor(a) for a in candidate.sources)):
        return None  # "three villagers were abducted", "a relief agency fed 300,000 people"
    if candidate.type == "PROTEST" and any(_civilians(a) for a in sides):
        return None  # "Kurds marched in Diyarbakir", "clashes with students": crowds are social actors
    if all(is_private_actor(a) for a in sides):
        return "only companies or private persons"
    if not candidate.political_sentence:
        return "no political or social actor on either side, nor in the sentence"
    return None


def victim_is_not_a_doer(candidate: Candidate) -> str | None:
    """Violence between private persons is crime, not a political event: civilians on both sides.

    - "A man stabbed his neighbour": private crime, dropped.
    - "Police beat two students": the police are political, kept.
    - "Villagers attacked an army post": the army post's side is political, kept.
    - "Serbs captured a Muslim village": a people fighting another is communal violence, kept.
    """
    if candidate.type not in VIOLENT_TYPES or candidate.armed_doer or candidate.crowd:
        return None
    if candidate.sources and all(_private_persons(a) for a in candidate.sources) \
            and all(_private_persons(a) for a in candidate.targets):
        return "violence between private persons"
    return None


def press_is_no_counterpart(candidate: Candidate) -> str | None:
    """Telling reporters is a statement (CAMEO 010), not a consultation: a meeting, call or talk whose
    only counterpart is the press is not coded.

    - "The minister told reporters on a conference call that ...": a statement, dropped.
    - "The spokeswoman briefed journalists in Geneva": a statement, dropped.
    - "The minister spoke with her Indian counterpart by phone": kept.
    """
    if candidate.type != "CONSULT":
        return None
    if candidate.targets and all(set(a.get("roles") or ()) == {"MED"} for a in candidate.targets):
        return "a statement to the press"
    if not candidate.targets and candidate.token is not None and _told_the_press(candidate.token):
        return "a statement to the press"
    return None


def _told_the_press(token) -> bool:
    """Is the trigger part of a clause whose verb addresses the press ("told reporters on a call")?"""
    from ..actors.kb import load_kb

    kb = load_kb()
    for verb in [token, *token.ancestors][:4]:
        if any(c.dep_ in ("dobj", "dative") and set(kb.roles_of(c.text)[0]) == {"MED"} for c in verb.children):
            return True
    return False


# Subjects by which a warning speaks of the speaker's own action ("warned that it would retaliate").
_OWN_SUBJECTS = words("personal_pronouns")


def warning_is_no_threat(candidate: Candidate) -> str | None:
    """A warning that something may happen is a pessimistic comment (CAMEO 012), not a threat: a threat
    says what the speaker will do (CAMEO 13).

    - "The central bank chief warned that the recovery might stall": a comment, dropped.
    - "The rebels warned that they would attack the convoy": a threat, kept.
    - "Officials warned that prices could rise further": a comment, dropped.
    """
    token = candidate.token
    if candidate.type != "THREATEN" or token is None or token.lemma_.lower() != "warn":
        return None
    clause = next((c for c in token.children if c.dep_ == "ccomp"), None)
    if clause is None:
        return None
    subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass", "expl")), None)
    if subject is None or subject.lower_ in _OWN_SUBJECTS:
        return None
    return "a warning of what may happen, not of what the speaker will do"


# The checks, in the order they run; the first to give a reason drops the candidate.
CHECKS: tuple[Callable[[Candidate], str | None], ...] = (
    political_actor_on_a_side, victim_is_not_a_doer, press_is_no_counterpart, warning_is_no_threat)


def reason_to_drop(candidate: Candidate) -> str | None:
    """The first check's reason for not coding the candidate, or None when it is a political event."""
    for check in CHECKS:
        reason = check(candidate)
        if reason:
            return f"{check.__name__}: {reason}"
    return None

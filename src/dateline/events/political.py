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

# Roles that make an actor political or social on either side of an event (CAMEO agent codes).
POLITICAL_ROLES = frozenset({"GOV", "HEAD", "MIL", "COP", "JUD", "LEG", "DEF", "REB", "OPP", "IGO", "NGO",
                             "LAB", "SPY", "PTY", "INS", "UAF", "SEP"})
# Acts of violence or repression: political whoever did them when civilians suffer them, private
# crime when civilians do them to civilians.
VIOLENT_TYPES = frozenset({"ASSAULT", "COERCE"})
# Acts that civilians may receive from an unnamed or unknown actor and still make a political event:
# violence and repression, humanitarian aid ("food was handed out to 300,000 people"), a release.
CIVILIAN_TARGET_TYPES = VIOLENT_TYPES | {"AID", "RETREAT"}
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
    armed_doer: bool = False
    political_sentence: bool = False


def is_political_actor(actor: dict) -> bool:
    """A state, an international body, or an actor holding a political or social role; a government
    ministry of health or a union counts, a doctor or a company does not."""
    return actor.get("kind") in POLITICAL_KINDS or bool(POLITICAL_ROLES & set(actor.get("roles") or ()))


def is_private_actor(actor: dict) -> bool:
    """A company or other business (role BUS): private whatever the sentence is about. (Civilians are
    not: refugees, prisoners and villagers are the people political events are done to.)"""
    return not is_political_actor(actor) and "BUS" in (actor.get("roles") or ())


def _civilians(actor: dict) -> bool:
    return "CVL" in (actor.get("roles") or ()) and not is_political_actor(actor)


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
    """
    if candidate.type not in VIOLENT_TYPES or candidate.armed_doer or candidate.crowd:
        return None
    sides = candidate.sources + candidate.targets
    if candidate.sources and sides and all(_civilians(a) for a in sides):
        return "violence between private persons"
    return None


# The checks, in the order they run; the first to give a reason drops the candidate.
CHECKS: tuple[Callable[[Candidate], str | None], ...] = (political_actor_on_a_side, victim_is_not_a_doer)


def reason_to_drop(candidate: Candidate) -> str | None:
    """The first check's reason for not coding the candidate, or None when it is a political event."""
    for check in CHECKS:
        reason = check(candidate)
        if reason:
            return f"{check.__name__}: {reason}"
    return None

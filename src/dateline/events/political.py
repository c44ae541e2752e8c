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

from .domain import article_domain
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
# Roles of people who suffer political violence as civilians: journalists, teachers and students, medical
# workers, clergy (CAMEO MED, EDU, HLH, REL), and civilians as such.
CIVILIAN_ROLES = frozenset({"CVL", "MED", "EDU", "HLH", "REL"})
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
    context_words: frozenset = frozenset()  # the trigger's own context words ("exchanged *fire*")
    official_sentence: bool = False  # the sentence names an official, a force, a court or a union


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
    roles = set(actor.get("roles") or ())
    return bool(roles & CIVILIAN_ROLES) or actor.get("kind") == "person" and not roles


def _private_persons(actor: dict) -> bool:
    """Civilians who are not a people or community: "a man", "the suspect", a named person. A people
    ("Serbs", "Palestinians") fighting is communal or political violence, not private crime."""
    return _civilians(actor) and not (actor.get("kind") == "group" and actor.get("country"))


# Animals; diseases and forces of nature; what a struggle may be against when it is no violence; words
# that make an attack the body's own (see each list's comment in the vocabulary table).
ANIMALS = words("animals")
NATURAL_DOERS = words("natural_doers")
STRUGGLE_OBJECTS = words("struggle_objects") | NATURAL_DOERS
BODILY_MODIFIERS = words("bodily_modifiers")
QUANTITY_NOUNS = words("quantity_nouns")
# Types whose trigger may be a struggle against a thing: "fought the fire", "vowed to attack the problem".
STRUGGLE_TYPES = frozenset({"ASSAULT", "THREATEN"})
_RELATIVE_PRONOUNS = frozenset({"which", "that", "who"})


def done_by_and_to_people(candidate: Candidate) -> str | None:
    """PLOVER codes what political actors do to each other: the sense of the trigger given its arguments
    rules out acts of nature, acts done to animals and struggles against things.

    - "Seven million animals were slaughtered" / "officials restricted cats and dogs": done to animals, dropped.
    - "Homes were destroyed by the floodwaters" / "a virus that invades the cells": nature's doing, dropped.
    - "Firefighters fought two fires" / "the mayor attacked the problem": a struggle against a thing, dropped.
    - "He suffered a heart attack": the body's own, dropped.
    - "Troops exchanged fire with rebels": "fire" is the trigger's own word, kept; "killed by army fire", kept.
    """
    token = candidate.token
    if token is None:
        return None
    own = {w.lower() for w in candidate.context_words}
    doers, patients, modifiers = _participants(token)
    if any(_kind_of(t, ANIMALS) for t in patients + doers + modifiers):
        return "done by or to animals"
    if any(_kind_of(t, NATURAL_DOERS) for t in doers + modifiers):
        return "done by a disease or a force of nature"
    if candidate.type in STRUGGLE_TYPES and any(_kind_of(t, STRUGGLE_OBJECTS) and _lemma(t) not in own for t in patients):
        return "a struggle against a thing, not an actor"
    if token.pos_ in ("NOUN", "PROPN") and any(_kind_of(t, BODILY_MODIFIERS) for t in modifiers):
        return "the body's own attack"
    return None


def _kind_of(token, kind: frozenset[str]) -> bool:
    """A common noun (or adjective) of that kind: "turkey" is a bird, "Turkey" a country, "ICE" an agency."""
    return token.pos_ in ("NOUN", "ADJ") and not token.ent_type_ and not token.is_upper and _lemma(token) in kind


def _lemma(token) -> str:
    return token.lemma_.lower()


def _participants(token) -> tuple[list, list, list]:
    """The trigger's doers (active subject, passive agent, a noun's possessor), patients (object,
    passive subject, what it is "against") and, for a noun, the words before it ("shark attack").
    A subject shared with the governing verb ("the disease is feared to invade") or given by a
    relative pronoun ("a virus that invades cells") is followed to its noun."""
    doers, patients, modifiers = [], [], []
    for child in token.children:
        if child.dep_ in ("nsubj", "csubj"):
            doers.append(_antecedent(child))
        elif child.dep_ == "poss" and token.pos_ in ("NOUN", "PROPN"):
            doers.append(child)
        elif child.dep_ == "agent":
            doers += [g for g in child.children if g.dep_ == "pobj"]
        elif child.dep_ in ("dobj", "nsubjpass"):
            patients.append(_antecedent(child))
        elif child.dep_ == "prep" and (child.lower_ == "against" or child.lower_ == "on" and token.pos_ in ("NOUN", "PROPN")):
            patients += [g for g in child.children if g.dep_ == "pobj"]
        elif child.dep_ in ("compound", "amod") and token.pos_ in ("NOUN", "PROPN"):
            modifiers.append(child)
    if not doers and not patients and token.dep_ in ("xcomp", "ccomp") and token.head.pos_ in ("VERB", "AUX"):
        for child in token.head.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                doers.append(_antecedent(child))
    if token.dep_ == "acl" and token.tag_ == "VBN":
        patients.append(token.head)  # "the hogs slaughtered at the farm"
    for act in (c for c in token.children if c.dep_ == "xcomp"):  # "vowed to attack the problem"
        patients += [_antecedent(c) for c in act.children if c.dep_ == "dobj"]
    patients = [_counted(p) for p in patients]
    doers = [_counted(d) for d in doers]
    patients += [c for p in patients for c in p.conjuncts]
    doers += [c for d in doers for c in d.conjuncts]
    return doers, patients, modifiers


def _counted(token):
    """What a number counts: "hundreds of pigs" -> pigs, "a herd of 40 cattle" stays herd."""
    if token.like_num or token.pos_ == "NUM" or _lemma(token) in QUANTITY_NOUNS:
        of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        counted = next((g for g in of.children if g.dep_ == "pobj"), None) if of is not None else None
        if counted is not None:
            return counted
    return token


def _antecedent(token):
    """A relative pronoun's noun: "a virus that invades cells" -> virus."""
    if token.lower_ in _RELATIVE_PRONOUNS and token.head.dep_ == "relcl":
        return token.head.head
    return token


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


def official_in_other_news(candidate: Candidate) -> str | None:
    """In an article about sport, business, entertainment, technology or health (``domain.py``), an
    event needs an actor that holds a political role (an official, a force, the police, a court, a
    union, an international body) or an armed doer: there the countries are teams or markets, the fans
    are no protesters and a company's talks are about sales.

    - "Belgian fans boycotted the final", in a tennis report: dropped.
    - "The U.S. had won all 15 meetings with Canada", in a tennis report: dropped.
    - "The company is in talks with China about sales", in a report on a new plane: dropped.
    - "GM was given loans by the government", in a report on car sales: kept (the government need not
      be an argument the parser found: "loans from the government").
    - "Police arrested two fans after the match", in a football report: kept.
    """
    token = candidate.token
    domain = article_domain(token.doc) if token is not None else None
    if domain is None or candidate.armed_doer or candidate.official_sentence:
        return None
    for actor in candidate.sources + candidate.targets:
        if actor.get("kind") == "igo" or POLITICAL_ROLES & set(actor.get("roles") or ()):
            return None
    return f"an article about {domain}, and no official, force, court or union acts"


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
    done_by_and_to_people, political_actor_on_a_side, official_in_other_news, victim_is_not_a_doer, press_is_no_counterpart, warning_is_no_threat)


def reason_to_drop(candidate: Candidate) -> str | None:
    """The first check's reason for not coding the candidate, or None when it is a political event."""
    for check in CHECKS:
        reason = check(candidate)
        if reason:
            return f"{check.__name__}: {reason}"
    return None

"""Event triggers: the words of a clause that say what happened, looked up in the trigger lexicon."""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from ..data import tsv_rows
from ..entities import place_token_indices
from .vocabulary import words

# Verbs that only carry the event named by their object: "launched a counteroffensive", "held talks".
LIGHT_VERBS = words("light_verbs")


@dataclass(frozen=True)
class Match:
    """A trigger found in the text: the token, the lexicon entry, and how well its conditions held."""

    token: object
    trigger: object
    specific: bool  # its particle or context words were found, not just the bare lemma
    close: bool = False  # a context word is the trigger's own object ("halted aid", not "... the fighting")
    absorbed: tuple = ()  # words of the same event folded into this one ("shot and killed": "killed")

    @property
    def score(self) -> float:
        return self.trigger.weight + (0.2 if self.specific else 0.0) + (0.1 if self.close else 0.0)


def find_triggers(sent, ontology) -> list[Match]:
    """The best trigger for each token of a sentence that has one, in text order."""
    lemmas = {t.lemma_.lower() for t in sent} | {t.lower_ for t in sent}
    context = _accident_before(sent, lemmas) | _context_words(sent, lemmas)
    if any(t.i in place_tokens(sent.doc) for t in sent):
        lemmas.add("@place")
    found = []
    for token in sent:
        pos = _pos(token)
        if pos is None or token.ent_type_ in NOT_EVENTS or _participant(token, ontology) or _state(token) \
                or _non_event(token) \
                or token.dep_ == "compound" and not _hyphenated(token) \
                and token.head.lemma_.lower() not in EVENT_HEADS:  # "border patrol agents": a modifier
            continue
        best = None
        lemma = ontology.lemma(token.text, token.lemma_, pos)
        joined = _hyphenated(token)
        candidates = ontology.triggers_for(joined, pos) or ontology.triggers_for(joined.replace("-", ""), pos) \
            or ontology.triggers_for(lemma, pos) or ontology.triggers_for(token.lower_, pos)
        phrase = _phrase_lemmas(token, lemmas) if candidates else set()
        off_topic = _off_topic_types(context, token) if context and candidates else frozenset()
        for trigger in candidates:
            if trigger.type in off_topic and (trigger.type, trigger.mode) not in JUDICIAL_ACTS:
                continue  # "beat France on penalties": sport, not violence (an arrest is an arrest anywhere)
            if lemma in AIMED_VERBS and not trigger.context and not trigger.particle and _has_object(token):
                continue  # "fired the coach", "he was fired": what is fired is no weapon of the entry's context
            if lemma in RISK_WORDS and _risk_of_a_thing(token, ontology):
                continue  # "the threat of measles", "warned of floods": a risk, nobody's threat
            if lemma in ACTED_ON_VERBS and trigger.context and _acts_by_itself(token):
                continue  # "the crowd dispersed", "the rally broke up": the crowd's own doing, no repression
            match = _check(token, trigger, phrase)
            if match is not None and (best is None or match.score > best.score):
                best = match
        if best is None and lemma in RECIPROCAL_VERBS and _plural_subject(token):
            best = _reciprocal(token, ontology)  # "the two spoke", "the pair met": with each other
        if best is not None and best.trigger.type == "AGREE" and _accord(token):
            best = _accord_match(token, ontology) or best
        if best is not None:
            found.append(best)
    found += _demands_as_obligations(sent, ontology, {m.token.i for m in found})
    for step in PRUNING_STEPS:
        found = step(found)
    return found


# Nouns that frame a deed without naming one: "in an operation", "during a crackdown".
FRAME_NOUNS = words("frame_nouns")


def _verb_types(found: list[Match]) -> dict[int, str]:
    """The event type of each verb trigger, by token index."""
    return {m.token.i: m.trigger.type for m in found if m.token.pos_ in ("VERB", "AUX")}


def _drop_frames(found: list[Match]) -> list[Match]:
    """ "In pre-emptive operations, troops arrested five militants", "in its latest crackdown, the army
    recaptured a district": the verb names the deed; the frame it happened in is no event of its own."""
    verbs = _verb_types(found)

    def frame(m: Match) -> bool:
        token = m.token
        if token.lemma_.lower() not in FRAME_NOUNS or token.dep_ != "pobj" \
                or token.head.lower_ not in ("in", "during", "amid") or token.head.head.i not in verbs:
            return False
        return verbs[token.head.head.i] != m.trigger.type

    return [m for m in found if not frame(m)]


# Prepositions after which an event noun is the background of the sentence's event: "in protest of
# last week's arrest", "after a rally over vote-rigging claims", "following the killing of",
# "rallies against the execution of".
BACKGROUND_PREPS = words("background_preps")


def _drop_background(found: list[Match]) -> list[Match]:
    """When the sentence's main predicate reports an event, events told only as background are not
    coded: a relative clause ("in Kosovo, where 19 died in unrest last spring"), a
    participle describing a noun ("property seized by government forces in the 1970s") or an event
    noun after a background preposition. News sentences report one event and explain it with others."""
    main = [m for m in found if _main_predicate(m.token)]
    if not main:
        return found
    return [m for m in found if m in main or not _background(m.token)]


def _main_predicate(token) -> bool:
    verb = token if token.pos_ in ("VERB", "AUX") else token.head
    return verb.dep_ == "ROOT" or (verb.head.dep_ == "ROOT" and verb.dep_ in ("xcomp", "ccomp", "conj"))


def _background(token) -> bool:
    node = token
    for _ in range(6):
        if node.dep_ == "relcl" and not any(c.lower_ == "when" for c in node.children):
            return True  # "on May 13, when Austin urged a ceasefire": what happened then, not background
        if node.dep_ == "acl" and node.tag_ in ("VBN", "VBG"):
            return True  # "property seized in the 1970s", "refugees fleeing the civil war"
        if node.dep_ == "pobj" and node.head.lower_ in BACKGROUND_PREPS and node.pos_ == "NOUN" and node == token:
            return True
        if node.dep_ in ("ROOT", "ccomp"):
            return False
        node = node.head
    return False


def _fold_demands_into_protests(found: list[Match]) -> list[Match]:
    """ "demonstrated ... calling for independence", "staged rallies to demand reforms", "blocked roads
    demanding his return": the demand is what the protest is for, one PROTEST event, not a REQUEST too."""
    protests = {m.token.i for m in found if m.trigger.type == "PROTEST"}
    if not protests:
        return found

    def under_protest(token) -> bool:
        for _ in range(3):
            if token.dep_ not in ("advcl", "xcomp", "acl", "dobj", "pobj", "prep", "ccomp", "conj"):
                return False
            token = token.head
            # the protest itself, or the verb that stages it ("staged demonstrations to demand")
            if token.i in protests or any(c.i in protests for c in token.children if c.dep_ == "dobj"):
                return True
        return False

    def part_of_riot(token) -> bool:
        # "prisoners rioted, setting fire to their mattresses": what a riot does is the riot
        return token.dep_ == "advcl" and token.tag_ == "VBG" and token.head.i in protests \
            and not any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children)

    return [m for m in found if not (m.trigger.type == "REQUEST" and under_protest(m.token))
            and not (m.trigger.type in ("COERCE", "ASSAULT") and part_of_riot(m.token))]


# Nouns that make the event word before them the event itself: "a mediation mission", "an aid effort".
EVENT_HEADS = words("event_heads")

# "X said that Y must Z" is a demand by X of Y (CAMEO 02/10): the speech verb is the REQUEST trigger.
DEONTIC = words("deontic")
SAYING = words("saying")


def _demands_as_obligations(sent, ontology, taken: set[int]) -> list[Match]:
    entries = [t for t in ontology.triggers_for("demand", "VERB") if t.type == "REQUEST" and not t.context]
    if not entries:
        return []
    found = []
    for token in sent:
        if token.i in taken or token.lemma_.lower() not in SAYING or token.pos_ != "VERB":
            continue
        clause = next((c for c in token.children if c.dep_ == "ccomp"
                       and any(a.dep_ == "aux" and a.lower_ in DEONTIC for a in c.children)), None)
        if clause is not None:
            found.append(Match(token, entries[0], True))
    return found


def _accord(token) -> bool:
    """ "said they agree with the league that ...": sharing a view (CAMEO 019), not agreeing to act."""
    return token.lemma_.lower() == "agree" and any(c.dep_ == "prep" and c.lower_ == "with" for c in token.children) \
        and any(c.dep_ == "ccomp" for c in token.children)


def _accord_match(token, ontology) -> Match | None:
    return _entry_match(token, ontology, "agree", lambda t: t.cameo == "019")


def _entry_match(token, ontology, lemma: str, keep) -> Match | None:
    """The token matched to the first verb entry of ``lemma`` in the lexicon that ``keep`` accepts."""
    entries = [t for t in ontology.triggers_for(lemma, "VERB") if keep(t)]
    return Match(token, entries[0], True) if entries else None


# Verbs that, with a subject of two or more parties and no object, mean they consulted each other.
RECIPROCAL_VERBS = words("reciprocal_verbs")


_PLURAL_SUBJECT_WORDS = words("plural_subject_words")


def _plural_subject(token) -> bool:
    subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
    if subject is None:
        return False
    return subject.lower_ in _PLURAL_SUBJECT_WORDS \
        or any(c.dep_ == "conj" for c in subject.children)


def _reciprocal(token, ontology) -> Match | None:
    return _entry_match(token, ontology, "meet", lambda t: not t.particle and not t.context)


@lru_cache(maxsize=None)
def non_event_pairs() -> frozenset[tuple[str, str]]:
    """(trigger lemma, governed lemma) pairs that report no event: ("decline", "comment")."""
    return frozenset((row[0], row[1]) for row in tsv_rows("events/non_events.tsv"))


def _non_event(token) -> bool:
    lemma = token.lemma_.lower()
    if lemma in SHOWING_VERBS and (any(c.dep_ in ("dobj", "nsubjpass", "ccomp") for c in token.children)
                                   or token.dep_ == "acl" and token.tag_ != "VBG"
                                   and not any(c.dep_ == "nsubj" for c in token.children)):
        return True  # "demonstrated a voting machine", "the applications demonstrated": showing, not protest
    around = [c for c in token.children if c.dep_ in ("xcomp", "dobj", "nsubj", "nsubjpass", "compound", "amod")]
    objects = [c for c in around if c.dep_ == "dobj"]
    if len(objects) > 1:  # "captured the towns of Glamoc and Grahovo last Friday, a strategic victory": the
        around = [c for c in around if c not in objects[1:]]  # second "object" comments on the first
    if token.dep_ == "acl":
        around.append(token.head)  # "new actions targeting Russia": the noun the participle describes
    around += [c for c in token.children if c.dep_ == "npadvmod"]  # "declined 4 percent"
    around += [g for c in token.children if c.dep_ == "prep" and c.lower_ in ("in", "at", "on", "to", "by")
               for g in c.children if g.dep_ == "pobj"]
    return any((lemma, c.lemma_.lower()) in non_event_pairs() for c in around)


# Verbs whose object, when they have one, is what is shot: only a weapon or a projectile named in the
# lexicon entry's context makes the act violent ("fired rockets", "fired on the crowd"); with any other
# object it is another sense ("fired its coach", "he was fired": dismissed).
AIMED_VERBS = words("aimed_verbs")


def _has_object(token) -> bool:
    return any(c.dep_ in ("dobj", "nsubjpass") for c in token.children)


# Verbs whose event (in a lexicon entry with context words) is done to their object: "police dispersed the
# crowd". With a subject of their own and no object, the subject does it itself: "the crowd dispersed".
ACTED_ON_VERBS = words("acted_on_verbs")


# Words for someone's threat or for a risk from a thing: "Russia's threat of retaliation", "warned of an
# attack" against "the threat of disease", "warned of floods".
RISK_WORDS = words("risk_words")


def _risk_of_a_thing(token, ontology) -> bool:
    """No one's threat: an "of" phrase names what is feared, and it is no act ("of measles", "of drought",
    "of a growing threat of cholera")."""
    if any(c.dep_ == "poss" or c.dep_ == "prep" and c.lower_ == "by" for c in token.children):
        return False  # "Russia's threat", "the threat of impeachment by parliament": someone's threat
    feared = [g for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
    return bool(feared) and not any(
        ontology.triggers_for(g.lemma_.lower()) and not (g.lemma_.lower() in RISK_WORDS and _risk_of_a_thing(g, ontology))
        for g in feared)


def _acts_by_itself(token) -> bool:
    return token.pos_ == "VERB" and not _has_object(token) and any(c.dep_ == "nsubj" for c in token.children)


# Verbs that report a protest only when used without an object: people demonstrate, or they demonstrate
# something.
SHOWING_VERBS = frozenset({"demonstrate"})


@dataclass(frozen=True)
class ContextWord:
    """A row of not_political.tsv: a word of sport or of accidents, and the event types it makes
    metaphorical or accidental."""

    kind: str  # "sport" or "accident"
    types: frozenset


@lru_cache(maxsize=None)
def not_political() -> dict[str, ContextWord]:
    """Sport and accident context words -> their kind and the event types they rule out."""
    return {row[0]: ContextWord(row[1], frozenset(row[2].split())) for row in tsv_rows("events/not_political.tsv")}


@lru_cache(maxsize=None)
def hostile_agents() -> frozenset[str]:
    return frozenset(row[0] for row in tsv_rows("events/hostile_agents.tsv"))


def _context_words(sent, lemmas: set[str] | None = None) -> dict[str, ContextWord]:
    """The sentence's sport and accident words. A sport word modifying a noun does not count ("won the
    final", not "the final months of the war"); a weapon or a hostile doer anywhere in the sentence
    overrides the accident words ("cruise missiles destroyed a factory"). Kept per sentence on the Doc:
    the next sentence reads them again (``_accident_before``)."""
    cache = sent.doc.user_data.setdefault("dateline_context_words", {})
    if sent.start in cache:
        return cache[sent.start]
    if lemmas is None:
        lemmas = {t.lemma_.lower() for t in sent} | {t.lower_ for t in sent}
    table = not_political()
    hostile = bool(lemmas & hostile_agents())
    found = cache[sent.start] = {}
    for token in sent:
        for word in (token.lemma_.lower(), token.lower_):
            entry = table.get(word)
            if entry is None or entry.kind == "sport" and token.dep_ == "amod" or entry.kind == "accident" and (
                    hostile or in_place_name(token)):
                continue
            found[word] = entry
    return found


def _accident_before(sent, lemmas: set[str]) -> dict[str, ContextWord]:
    """The accident words of the sentence before, unless this one names a weapon or a hostile doer: a
    report goes on about its accident ("... when a tank at the plant exploded. Four people were
    injured")."""
    if sent.start == 0 or lemmas & hostile_agents():
        return {}
    words = _context_words(sent.doc[sent.start - 1].sent)
    return {word: entry for word, entry in words.items() if entry.kind == "accident"}


def in_place_name(token) -> bool:
    """ "secure the Industrial District": a word of a place's name says nothing about what happened there."""
    return token.ent_type_ in ("GPE", "LOC", "FAC") or token.i in place_tokens(token.doc)


def _off_topic_types(context: dict[str, ContextWord], token) -> frozenset[str]:
    """The event types the sentence's context words rule out for this trigger. Accidents have no doer:
    a violent trigger whose subject or agent is a person, an armed force or a state is violence even
    beside a factory or a warehouse ("police detonated a package at a warehouse store")."""
    intended = _personal_doer(token) or token.lemma_.lower() not in ACCIDENTAL_HARMS
    deadly = _deadly(token)
    return frozenset(kind for entry in context.values() for kind in entry.types
                     if not (entry.kind == "accident" and intended and kind in VIOLENT_TYPES)
                     and not (entry.kind == "sport" and deadly))


def _deadly(token) -> bool:
    """ "shot dead after playing a match", "stabbed to death at the stadium": no game does that."""
    return token.lemma_.lower() in LETHAL_WORDS or any(
        c.lower_ in ("dead", "death") or c.dep_ == "prep" and any(g.lower_ == "death" for g in c.children)
        for c in token.children)


# Acts only the police or a court can do (CAMEO 173; PLOVER SANCTION convict): no sport or accident makes
# them metaphorical ("police arrested two fans after the match"), and told without their doer they were
# done by the police or a court (extract._implied_authority).
JUDICIAL_ACTS = frozenset({("COERCE", "arrest"), ("SANCTION", "convict")})


# Violent words no sport uses for play.
LETHAL_WORDS = words("lethal_words")


# What an accident can do on its own; other violent words (captured, stormed, shot, arrested) name a
# deed, whatever the sentence says of factories or earthquakes.
ACCIDENTAL_HARMS = words("accidental_harms")


# Troops sent to a disaster are relief, whoever sends them; only violence needs a doer.
VIOLENT_TYPES = frozenset({"ASSAULT", "COERCE"})


DOER_ENTITIES = frozenset({"PERSON", "NORP", "GPE", "ORG"})


def _personal_doer(token) -> bool:
    """Whether the verb's doer (active subject, passive agent; a conjunct's shared subject) is someone,
    not something."""
    for verb in (token, token.head) if token.dep_ == "conj" else (token,):
        for child in verb.children:
            if child.dep_ == "nsubj":
                doer = child
            elif child.dep_ == "agent":
                doer = next((g for g in child.children if g.dep_ == "pobj"), None)
            else:
                continue
            if doer is not None:
                return doer.ent_type_ in DOER_ENTITIES or doer.lower_ in hostile_agents() \
                    or doer.lemma_.lower() in ARMED_FORCES or doer.lower_ in ARMED_FORCES
    return False


# Unnamed armed forces: doers enough to make a material act political ("troops", "security forces").
ARMED_FORCES = words("armed_forces")


# Words inside these entities are names or dates, not events: "last March", "Agency for ... Cooperation".
NOT_EVENTS = frozenset({"DATE", "TIME", "ORG", "FAC", "WORK_OF_ART", "LAW", "PERSON", "GPE", "NORP", "PRODUCT"})


def _state(token) -> bool:
    """A participle used as an adjective names a state, not an event: "the besieged town", "the annexed
    region", "the internationally recognised government" (which the parser may take for a verb)."""
    return token.dep_ == "amod" and token.tag_ == "VBN" or token.tag_ in ("VBN", "VBD") and any(
        c.dep_ == "advmod" and c.lower_ == "internationally" for c in token.children)


# Triggers under which a named action is what is asked for, threatened, refused..., and stays an event
# of its own (with that modality); under any other trigger it is only the thing acted upon.
EMBEDDING = frozenset({"REQUEST", "THREATEN", "REJECT", "AGREE", "ACCUSE", "SUPPORT", "CONSULT"})


# Verbs whose object is a standing rule or state, not a new event: "violated a ban", "broke the curfew".
KEEPING_VERBS = words("keeping_verbs")


def _drop_acted_upon(found: list[Match]) -> list[Match]:
    """ "lifted a curfew", "violated a ban", "evacuated the wounded": the object is not a new event."""
    verbs = _verb_types(found)

    def acted_upon(m: Match) -> bool:
        token = m.token
        if token.pos_ == "VERB" or token.dep_ not in ("dobj", "nsubjpass"):
            return False
        if token.head.i in verbs:
            return verbs[token.head.i] not in EMBEDDING
        return token.head.lemma_.lower() in KEEPING_VERBS

    return [m for m in found if not acted_upon(m)]


def _participant(token, ontology) -> bool:
    """Nouns for the people taking part ("demonstrators", "rioters", "bombers"), not for the event itself."""
    return token.tag_ == "NNS" and agent_noun(token, ontology)


def agent_noun(token, ontology) -> bool:
    """A noun for the one who does a trigger's act ("protester", "demonstrators", "rioter"): the agent noun of
    a trigger word, not an event noun that only ends like one ("murder", "surrender")."""
    lemma = token.lemma_.lower()
    if token.pos_ not in ("NOUN", "PROPN") or not lemma.endswith(AGENT_SUFFIXES):
        return False
    stem = next(lemma[:-len(s)] for s in AGENT_SUFFIXES if lemma.endswith(s))
    return bool(ontology.triggers_for(stem) or ontology.triggers_for(stem + "e"))  # "demonstrat(e)"


AGENT_SUFFIXES = ("er", "or", "ant", "ist")


def _hyphenated(token) -> str:
    """ "call-up", "cease-fire", "walk-out": spaCy splits them; the lexicon has them whole."""
    doc = token.doc
    if token.i + 2 < len(doc) and doc[token.i + 1].text == "-" and not doc[token.i + 1].whitespace_ \
            and not token.whitespace_:
        return f"{token.lower_}-{doc[token.i + 2].lower_}"
    return ""


def _second_half(token) -> bool:
    """The word after the hyphen of a hyphenated word ("fire" in "cease-fire")."""
    doc = token.doc
    return token.i >= 2 and doc[token.i - 1].text == "-" and not doc[token.i - 1].whitespace_ \
        and not doc[token.i - 2].whitespace_


_OTHER_CLAUSES = frozenset({"advcl", "relcl", "ccomp", "conj", "parataxis", "punct", "mark"})


def _temporal(preposition) -> bool:
    """ "called on Friday", "met at noon": a time phrase, not the verb's particle ("called on X")."""
    return any(c.dep_ == "pobj" and c.ent_type_ in ("DATE", "TIME") for c in preposition.children)


def _phrase_lemmas(token, sentence_lemmas: set[str]) -> set[str]:
    """The words a trigger's context may come from: its own phrase (objects, complements, modifiers;
    for an event noun also the verb it hangs on), not other clauses of the sentence."""
    words = {token.lemma_.lower(), token.lower_}
    stack = [c for c in token.children if _in_phrase(c)]
    if token.pos_ != "VERB":
        stack.append(token.head)
        if token.dep_ == "pobj" and token.head.dep_ == "prep":
            stack.append(token.head.head)  # "remained on alert": the verb the phrase hangs on
    while stack:
        t = stack.pop()
        if _second_half(t):
            words.add(f"{t.doc[t.i - 2].lower_}-{t.lower_}")  # "cease-fire" says nothing of fire
        else:
            words |= {t.lemma_.lower(), t.lower_}
        stack += [c for c in t.children if _in_phrase(c) and c != token]
    if "@place" in sentence_lemmas:
        words.add("@place")
    return words


def _in_phrase(child) -> bool:
    """A dependent that belongs to its head's phrase: not another clause, nor "according to the agency",
    which says who reports it (its "accord" is no agreement)."""
    return child.dep_ not in _OTHER_CLAUSES and child.lower_ != "according"


def _pos(token) -> str | None:
    if token.pos_ in ("VERB", "AUX") and token.tag_ != "MD":
        return "VERB"
    if token.pos_ in ("NOUN", "PROPN"):
        return "NOUN"
    return None


def _check(token, trigger, lemmas: set[str]) -> Match | None:
    """A lexicon entry applies when its particle follows the word and its context words are in the sentence."""
    specific = False
    if trigger.particle:
        words = trigger.particle.lower().split()
        if not _particle_follows(token, words):
            return None
        specific = True
    close = False
    if trigger.context:
        if not any(word.lower() in lemmas for word in trigger.context):
            return None
        specific = True
        close = bool({w.lower() for w in trigger.context} & _own_objects(token))
    return Match(token, trigger, specific, close)


def _own_objects(token) -> set[str]:
    """Lemmas of the words a trigger acts on directly, with their modifiers: "halted economic aid";
    "@place" when one of them is a place ("captured Birao")."""
    objects = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass", "attr")]
    heads = objects + [g for c in token.children if c.dep_ == "prep" and c.lower_ not in _ACCOMPANYING
                       for g in c.children if g.dep_ == "pobj"]
    if token.pos_ != "VERB":
        heads.append(token.head)
    words = [t for h in heads for t in [h, *h.children]
             if t.dep_ in ("compound", "amod", "dobj", "pobj", "nsubjpass", "attr") or t == h]
    # a place it acts on ("captured Birao"), not one where it happens ("captured suspects in Kabul")
    places = place_tokens(token.doc)
    taken = any(o.i in places for o in objects)
    return {t.lemma_.lower() for t in words} | ({"@place"} if taken else set())


# "captured suspects with weapons": what comes with the object is not what is acted on.
_ACCOMPANYING = words("accompanying")


def place_tokens(doc) -> frozenset[int]:
    """Indices of the tokens inside the places dateline's entity layer found (spaCy's own labels miss
    many: "captured Birao", which the model calls an organisation)."""
    cached = doc.user_data.get("dateline_place_tokens")
    if cached is None:
        cached = doc.user_data["dateline_place_tokens"] = place_token_indices(doc, doc._.dateline_entities or [])
    return cached


def _particle_follows(token, words: list[str]) -> bool:
    """ "pull out", "call for": the particle is a child of the verb or the next words."""
    children = {c.lower_ for c in token.children if c.dep_ in ("prt", "prep", "advmod", "dative", "compound")
                and not _temporal(c)}
    if words[0] in children:
        return True
    following = [t.lower_ for t in token.doc[token.i + 1:token.i + 1 + len(words)]]
    return following == words


def _drop_light_duplicates(found: list[Match]) -> list[Match]:
    """Within one clause keep one trigger per type: "launched a counteroffensive" is one ASSAULT."""
    kept: list[Match] = []
    for match in found:
        clash = next((k for k in kept if k.trigger.type == match.trigger.type and _same_clause(k.token, match.token)
                      and not _placed_adjunct(k.token, match.token)), None)
        if clash is None:
            kept.append(match)
        elif _better(match, clash):
            kept[kept.index(clash)] = replace(match, absorbed=match.absorbed + (clash.token,) + clash.absorbed)
        else:
            kept[kept.index(clash)] = replace(clash, absorbed=clash.absorbed + (match.token,) + match.absorbed)
    return kept


def _better(new: Match, old: Match) -> bool:
    """Between two triggers of one type in one clause: the verb over a noun tied to it ("the bomber
    killed", "a bombing killed"), the governing verb over the one it governs ("marched ... to protest"),
    else the surer one."""
    for verb, other in ((new, old), (old, new)):
        if verb.token.pos_ != "VERB":
            continue
        if other.token.pos_ != "VERB" and (other.token.head == verb.token or verb.token.head == other.token):
            return verb is new
        if other.token.pos_ == "VERB" and other.token.head == verb.token:
            return verb is new
    return new.score > old.score



def _placed_adjunct(a, b) -> bool:
    """A participle clause that names its own place is an event of its own: "launched an offensive in
    the Homs countryside, targeting the village of Huwaysis" -- the offensive in its region, the attack
    on the village where it hit; so are coordinated verbs that name a place each."""
    places = place_tokens(a.doc)
    for verb in (a, b):
        other = b if verb is a else a
        if verb.dep_ == "advcl" and verb.tag_ == "VBG" and verb.head == other \
                and any(t.i in places for t in verb.subtree):
            return True
        if verb.dep_ == "conj" and verb.pos_ == "VERB" and verb.head == other \
                and _own_place(verb, places) and _own_place(other, places):
            return True  # "stormed the village of Dalori and abducted ... in Konduga": a place each
    return False


def _own_place(verb, places: frozenset[int]) -> bool:
    """A place in the verb's own object or prepositional phrases (not in its conjuncts)."""
    return any(t.i in places for c in verb.children if c.dep_ in ("dobj", "prep") for t in c.subtree)


def _same_clause(a, b) -> bool:
    """One word governs the other directly ("launched" -> "counteroffensive")."""
    return a.head == b or b.head == a


# What is left of a sentence's trigger matches passes these steps, in this order; each drops or folds
# matches that are not events of their own (its docstring says which, with examples).
PRUNING_STEPS = (_drop_frames, _drop_light_duplicates, _drop_acted_upon, _fold_demands_into_protests,
                 _drop_background)

"""Who did it to whom, when and where: an event's arguments from the sentence's dependency structure."""
from __future__ import annotations

from dataclasses import dataclass

from ..entities import COMPASS, NAMING_NOUNS, PLACE_NOUNS, PLACE_TAKING_VERBS
from .triggers import LIGHT_VERBS, in_place_name
from .vocabulary import words

SUBJECTS = ("nsubj", "csubj")
PASSIVE_SUBJECTS = ("nsubjpass", "csubjpass")
OBJECTS = ("dobj", "obj", "dative", "iobj", "attr", "oprd")
# Prepositions whose object is the target of an event ("spoke with X", "call on X", "attack on X").
TARGET_PREPS = words("target_preps")
# Prepositions whose object is where an event happened.
PLACE_PREPS = words("place_preps")  # "patrolling off Somalia"
# Nouns whose "of" phrase names a place: "the city of Nablus", "the outskirts of Aleppo".
PLACE_OF_HEADS = PLACE_NOUNS | words("place_of_heads")
# ... and "out of Kharkiv", "his hometown of Dhuluiyah", "the jungles of Colombia", and the entity layer's
# naming nouns, which are lemmas ("the insurgent stronghold of Fallujah", "the outskirts of"), less "farm",
# which this list has never had (untested here)
_OF_PLACE_GOVERNORS = PLACE_OF_HEADS | (NAMING_NOUNS - {"farm"}) | words("of_place_governors")
# Clauses and phrases that take the subject of what governs them ("forced to pull out", "in the call
# with X" under "emphasized", "appears poised to begin").
INHERITING = ("xcomp", "conj", "advcl", "ccomp", "pcomp", "acl", "relcl", "prep", "pobj", "dobj", "acomp",
              "oprd", "attr", "npadvmod", "amod")
DATE_PRECISIONS = frozenset({"day", "week", "month", "year", "range", "time"})


@dataclass
class Arguments:
    """The spans (start, end character offsets) of an event's source(s) and target(s)."""

    sources: list[tuple[int, int]]
    targets: list[tuple[int, int]]


def verb_of(trigger):
    """The verb that carries a trigger: itself, or the verb governing an event noun ("held talks")."""
    token = trigger
    for _ in range(3):
        if token.pos_ in ("VERB", "AUX") or token.dep_ == "ROOT":
            return token
        token = token.head
    return token


def arguments(trigger, doer_noun: bool = False) -> Arguments:
    """Sources and targets of a trigger, with passive voice, coordination and inherited subjects.

    ``doer_noun``: the trigger is a noun for the doers themselves ("a woman protester was slapped",
    "rioters against the reform"): they are the source, whatever the verb around them does."""
    if doer_noun:
        return Arguments(_spans([trigger]), _spans(_noun_targets(trigger)))
    if _describing_participle(trigger):
        # "the protesting farmers", "the agitating workers": the people the participle describes do it
        return Arguments(_spans([trigger.head]), [])
    verb = verb_of(trigger)
    sources = _children(verb, SUBJECTS) or _agent(verb)
    targets = _children(verb, PASSIVE_SUBJECTS)
    if sources and all(_speakers_pronoun(s, verb) for s in sources):
        sources = []  # "the ministers said they would shun the talks": the speakers themselves
    sources = [s for s in sources if not _is_pronoun_it(s)]
    if not sources and not targets and is_passive(verb):
        # "died after being tortured", "was arrested before being charged": a passive clause's borrowed
        # subject is the one it was done to
        targets = _inherited_subject(verb)
    elif not sources and not targets:  # "Nigeria announced that it will withdraw": the announcer
        # (a passive clause has a subject of its own: "died after he was tortured" is not the dead's act)
        sources = _inherited_subject(verb)
    if not sources and is_passive(verb):
        sources = _fought_with(verb)  # "killed in a clash with the police": the other side did it
    if _undergone(trigger, verb):
        sources, targets = [], targets + sources  # "four protesters died from gunfire": they were its target
    if trigger != verb:
        # "Russia's invasion of Ukraine began": a subject that holds the event noun is the event, not its doer
        sources = [s for s in sources if not _holds(s, trigger)]
        targets = [t for t in targets if not _holds(t, trigger)]
        if verb.lemma_.lower() in REACTING_VERBS:
            sources = []  # "Turkey fears an invasion", "the US condemned the attack": not the invader, the attacker
        agents = _prep_objects(trigger, {"by"})
        if agents:
            sources = agents  # "the threat of impeachment by parliament"
        owners = _children(trigger, ("poss",))
        if owners and _possessor_undergoes(trigger):
            targets += owners  # "Navalny's arrest", "his release"
        elif owners and not (sources and all(o.pos_ == "PRON" for o in owners)):
            # "the rebels' attack on the convoy", "the army's withdrawal"; a pronoun ("Iraqi forces started
            # their assault") stands for the subject the verb already names
            sources = owners
        between = _prep_objects(trigger, {"between"})
        if between and not sources:  # "the agreement between Ethiopia and Eritrea": the parties, together
            sources = between[:1]
        else:
            targets += _noun_targets(trigger)  # an event noun names its own target; its verb's objects are other things
    else:
        targets += [_unwrap(o) for o in _children(verb, OBJECTS)] + _prep_objects(verb, TARGET_PREPS)
        targets += _obliged(verb)
    return Arguments(_spans(_conjoined(sources)), _spans(_conjoined(_without(targets, sources))))


# Verbs whose subject takes part in the event noun of their prepositional phrase: "joined in the protest".
JOINING_VERBS = LIGHT_VERBS | words("carrying_verbs") | words("joining_verbs")


def in_passing(trigger) -> bool:
    """An event noun in a phrase that only sets the scene of another verb's act: "thrashed a student
    during the protest", "were injured in Saturday's protests" (not "took part in the protest")."""
    preposition = trigger.head
    return trigger.pos_ == "NOUN" and trigger.dep_ == "pobj" and preposition.dep_ == "prep" \
        and preposition.head.pos_ == "VERB" and preposition.head.lemma_.lower() not in JOINING_VERBS


def own_targets(trigger) -> Arguments:
    """Only what the event noun itself names: "the protest against the reform"."""
    return Arguments([], _spans(_noun_targets(trigger)))


# Verbs of reacting to, judging or telling of someone else's act: their subject is not the doer of the
# event noun they govern ("condemned the attack", "fears an invasion", "welcomed the withdrawal").
REACTING_VERBS = words("reacting_verbs")

# Nouns for a fight between two sides: who dies "in a clash with X" was killed by X.
FIGHT_NOUNS = words("fight_nouns")


def _fought_with(verb) -> list:
    """ "two militants were killed in an encounter with security forces": the forces."""
    return [other for prep in verb.children if prep.dep_ == "prep" and prep.lower_ in ("in", "during")
            for fight in prep.children if fight.dep_ == "pobj" and fight.lemma_.lower() in FIGHT_NOUNS
            for with_ in fight.children if with_.dep_ == "prep" and with_.lower_ == "with"
            for other in with_.children if other.dep_ == "pobj"]


def is_passive(verb) -> bool:
    """A verb in the passive voice ("was arrested", "after being tortured")."""
    return verb.pos_ == "VERB" and any(c.dep_ == "auxpass" for c in verb.children)


def _describing_participle(trigger) -> bool:
    """An active participle before the common noun it describes ("the striking miners"); not a verb the
    parser took for one before a name ("troops patrolling Nablus")."""
    return trigger.dep_ == "amod" and trigger.tag_ == "VBG" and trigger.head.pos_ == "NOUN" \
        and trigger.i < trigger.head.i


def _holds(phrase, trigger) -> bool:
    return phrase.i == trigger.i or phrase in trigger.ancestors


# Event nouns whose possessor is the one it was done to ("Navalny's arrest", "his release"), unless an
# "of" phrase names that one ("Israel's killing of the journalist"). Lemmas.
UNDERGONE_NOUNS = words("undergone_nouns")


def _possessor_undergoes(noun) -> bool:
    return noun.lemma_.lower() in UNDERGONE_NOUNS and not any(
        c.dep_ == "prep" and c.lower_ == "of" for c in noun.children)


# Verbs whose subject undergoes the event noun they govern ("died in the blast", "suffered injuries").
UNDERGOING_VERBS = words("undergoing_verbs")


def _undergone(trigger, verb) -> bool:
    """ "died from gunfire", "perished in the blast", "survived an ambush": the verb's subject underwent
    the event noun (not "died during a demonstration", which they took part in)."""
    if trigger == verb or verb.lemma_.lower() not in UNDERGOING_VERBS:
        return False
    return trigger.dep_ == "dobj" or trigger.dep_ == "pobj" and trigger.head.lower_ in CAUSE_PREPS \
        and trigger.head.head == verb


CAUSE_PREPS = words("cause_preps")


def _unwrap(obj):
    """An object that is itself an action names its target: "imposed sanctions on the Taliban"."""
    if obj.pos_ != "NOUN" or obj.ent_type_:
        return obj
    inner = [g for c in obj.children if c.dep_ == "prep" and c.lower_ in ("on", "against", "to", "with", "from")
             for g in c.children if g.dep_ == "pobj"]
    return inner[0] if inner else obj


def _obliged(verb) -> list:
    """ "X said Y must Z": Y, the party a stated obligation is put on, is the target of the demand."""
    return [s for c in verb.children if c.dep_ == "ccomp" and any(a.dep_ == "aux" and a.lower_ in ("must", "should")
                                                                  for a in c.children)
            for s in c.children if s.dep_ in ("nsubj", "nsubjpass")]


def _children(token, deps) -> list:
    return [c for c in token.children if c.dep_ in deps]


def _agent(verb) -> list:
    """ "was attacked by rebels": the object of "by" is the doer."""
    return [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]


def _inherited_subject(verb) -> list:
    """A clause with no subject of its own takes its governor's ("forced to pull out", "met and agreed")."""
    token = verb
    for _ in range(7):
        if token.dep_ not in INHERITING:
            return []
        if token.dep_ in ("acl", "relcl"):
            return [token.head]  # "troops who attacked": the noun the clause describes
        if token.dep_ == "amod":
            token = token.head  # "patrolling Nablus" misparsed as an adjective: climb through the noun
        token = token.head
        found = _children(token, SUBJECTS + PASSIVE_SUBJECTS) or _agent(token)
        if found:
            return found
    return []


def _noun_targets(noun) -> list:
    """ "the annexation of four regions", "talks with Kyiv", "attack on the convoy"."""
    return [g for c in noun.children if c.dep_ == "prep" and c.lower_ in TARGET_PREPS | {"of"}
            for g in c.children if g.dep_ == "pobj"]


def _prep_objects(verb, preps) -> list:
    found = []
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in preps:
            found += [g for g in child.children if g.dep_ == "pobj"]
        elif child.dep_ == "prt":  # "called on the West": particle then object
            found += [g for g in child.children if g.dep_ == "pobj"]
    return found


def _conjoined(heads: list) -> list:
    """Each head plus the heads coordinated with it ("Hungary and Romania agreed")."""
    out = []
    for head in heads:
        out.append(head)
        out += [c for c in head.conjuncts if c.pos_ in ("NOUN", "PROPN", "PRON")]
    return out


def _without(items: list, exclude: list) -> list:
    ids = {t.i for t in exclude}
    return [t for t in items if t.i not in ids]


def _speakers_pronoun(subject, verb) -> bool:
    """ "they"/"we" as the subject of what a group of speakers says it did or will do."""
    if subject.lower_ not in ("they", "we") or verb.dep_ != "ccomp":
        return False
    speaker = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
    return speaker is not None and speaker.pos_ != "PRON" and (
        speaker.tag_ in ("NNS", "NNPS") or bool(speaker.conjuncts) or speaker.ent_type_ in ("GPE", "ORG", "NORP"))


_NON_REFERRING = words("non_referring_pronouns")


def _is_pronoun_it(token) -> bool:
    return token.lower_ in _NON_REFERRING


def _spans(heads: list) -> list[tuple[int, int]]:
    """A head word -> the character span of its noun phrase (without relative clauses or appositions)."""
    spans = []
    for head in heads:
        left = min([head] + [t for t in head.lefts if t.dep_ not in ("punct", "cc")], key=lambda t: t.i)
        right = head
        for child in head.rights:
            if child.dep_ in ("relcl", "acl", "appos", "punct", "cc", "conj", "advcl"):
                break
            right = child.right_edge
        spans.append((left.left_edge.idx if left != head else head.idx, right.idx + len(right)))
    return spans


def clause_tokens(trigger) -> set[int]:
    """Token indices of the trigger's clause: its verb's subtree, less the clauses of other verbs."""
    verb = verb_of(trigger)
    inside = set()
    stack = [verb]
    while stack:
        token = stack.pop()
        inside.add(token.i)
        for child in token.children:
            if child.dep_ in ("ccomp", "advcl", "conj", "parataxis", "relcl") and child.pos_ in ("VERB", "AUX"):
                continue
            stack.append(child)
    return inside


def event_date(trigger, timexes: list[dict]) -> dict | None:
    """The time expression that governs the trigger's clause, nearest in the tree; None if there is none."""
    doc = trigger.doc
    sent = trigger.sent
    inside = [t for t in timexes if t["start"] >= sent.start_char and t["end"] <= sent.end_char
              and t.get("precision") in DATE_PRECISIONS and t.get("value")]
    if not inside:
        return None
    clause = clause_tokens(trigger)
    ancestors = {t.i for t in trigger.ancestors}
    best, best_distance = None, 99
    for timex in inside:
        span = doc.char_span(timex["start"], timex["end"], alignment_mode="expand")
        if span is None:  # inside the sentence: ``inside`` holds only its own time expressions
            continue
        tokens = {t.i for t in span}
        if tokens & clause or tokens & ancestors:
            distance = min(abs(t - trigger.i) for t in tokens)
            if distance < best_distance:
                best, best_distance = timex, distance
    return best


def event_place(trigger, places: list[dict], arguments_: Arguments, material: bool,
                protest: bool = False, retreat: bool = False) -> dict | None:
    """Where the event happened: a place in the trigger's clause, in a locative phrase or, for material
    events ("retook the city of Lyman"), its object; never the place standing for the source, nor
    for a protest what it is against ("protested against the bombing of Yugoslavia"), nor where it
    set out from, except for a retreat ("withdrew from Kharkiv")."""
    verb = verb_of(trigger)
    if protest:
        places = _outside_topic(trigger, places)
    best = _place_in(trigger, places, arguments_, material, clause_tokens(trigger), origins=retreat)
    if best is None and material:  # "killed during clashes which took place near X": the clauses below
        best = _place_in(trigger, places, arguments_, material, {t.i for t in verb.subtree}, deep=True,
                         origins=retreat)
    if best is None and material:
        # "were killed and dozens wounded in an attack near X", "shot and killed him during the raid on
        # Lawang": verbs coordinated with the trigger report the same event
        for other in _conjuncts(verb):
            best = best or _place_in(other, places, arguments_, True, {t.i for t in other.subtree}
                                     - {t.i for t in verb.subtree if t != verb}, deep=True)
    governor = verb
    for _ in range(3):
        if best is not None or not material or governor.dep_ not in ("advcl", "conj", "xcomp"):
            break
        # "launched an offensive in Aleppo's countryside, targeting ...": the clause it continues
        # (up the chain: "stormed the village of X as residents were preparing ..., killing 39")
        governor = governor.head
        best = _place_in(governor, places, arguments_, True, clause_tokens(governor))
    return best


def sentence_place(trigger, places: list[dict], arguments_: Arguments, protest: bool = False,
                   retreat: bool = False) -> dict | None:
    """For a material event whose own clauses name no place: the place the sentence names in a locative
    phrase elsewhere ("Gunmen attacked the village at dawn, and in Jos police said ..."), less where the
    people who report it are."""
    if protest:
        places = _outside_topic(trigger, places)
    return _place_in(trigger, places, arguments_, True, _sentence_scope(trigger), deep=True, origins=retreat)


def _sentence_scope(trigger) -> set[int]:
    """The sentence less who speaks for it: "a scholar at the institute in Tel Aviv said", "according to
    a military source at the airport", "a reporter for the agency in Homs"."""
    from .modality import SPEECH_VERBS  # here, not at the top: modality imports this module

    scope = {t.i for t in trigger.sent}
    for token in trigger.sent:
        if token.lemma_.lower() in SPEECH_VERBS and token.pos_ in ("VERB", "AUX"):
            for child in token.children:
                if child.dep_ in ("nsubj", "nsubjpass", "agent") and trigger not in child.subtree:
                    scope -= {t.i for t in child.subtree}
        if token.lower_ == "according" or token.dep_ == "prep" and token.lower_ == "to" \
                and token.head.lower_ == "according":
            scope -= {t.i for t in token.subtree}
        if token.lemma_.lower() in _SPEAKERS and token.pos_ == "NOUN" and trigger not in token.subtree:
            scope -= {t.i for t in token.subtree}
    return scope


# People who report rather than act: where they are is not where the event was.
_SPEAKERS = words("speakers")


def _outside_topic(trigger, places: list[dict]) -> list[dict]:
    """A protest's places less those naming what it is against or about ("protested against the
    bombing of Yugoslavia")."""
    return [p for p in places if not _in_topic(trigger, p)]


def _in_topic(trigger, place: dict) -> bool:
    """The place is inside a phrase saying what a protest is against or about."""
    span = trigger.doc.char_span(place["start"], place["end"], alignment_mode="expand")
    if span is None:
        return False
    return _preposition_between(span.root, (trigger, verb_of(trigger)), lambda p: p.lower_ in TOPIC_PREPS)


def _preposition_between(token, stops: tuple, test) -> bool:
    """Whether a preposition on the way up from ``token`` to any of ``stops`` (or the root) passes ``test``."""
    node = token
    for _ in range(12):
        if node in stops or node.dep_ == "ROOT":
            return False
        if node.dep_ == "prep" and test(node):
            return True
        node = node.head
    return False


TOPIC_PREPS = words("topic_preps")


def _conjuncts(verb) -> list:
    """The verbs coordinated with ``verb`` ("shot and killed", "killed ... and wounded")."""
    heads = [verb.head] if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX") else []
    return heads + [c for c in verb.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")]


def _place_in(trigger, places: list[dict], arguments_: Arguments, material: bool, clause: set[int],
              deep: bool = False, origins: bool = False) -> dict | None:
    doc = trigger.doc
    verb = verb_of(trigger)
    best, best_depth = None, 99
    # in text order: of two equally specific places the first named wins, known to the gazetteer or not
    for place in sorted(places, key=lambda p: p["start"]):
        span = _place_span(doc, place)
        if span is None or span.root.i not in clause:
            continue
        if not material and not deep and not _attached_to(span.root, trigger):
            continue  # "urged a ceasefire in the war in Ukraine": Ukraine is where the war is
        if deep and not _locative(span.root, verb):
            continue
        if any(s <= place["start"] and place["end"] <= e for s, e in arguments_.sources) \
                and not _locative(span.root):
            continue  # the place standing for the doer ("Russia attacked"), not "a bomb in Pakistan killed"
        if _hyphen_modifier(span) or _country_modifier(span.root, place):
            continue  # "the London-based organisation", "five U.S. helicopters"
        if _people_modifier(span.root) or _person_slot(span.root, verb):
            continue  # "two US soldiers were killed": whose soldiers, not where; "shot Oudeh": a person
        if _owner(span):
            continue  # "destroyed the house of Omar Abdi Warsame": whose house, not where
        if _describes(span.root, _DESCRIBED_BY_PLACE) or _neighbour(span.root):
            continue  # "the militia's commander in Hawija was killed", "killed in the war in Syria": whose post,
            # which war, not where this happened; "on the border with Zambia": the country across it
        if _persons_origin(span.root, verb):
            continue  # "Ali Hamdan, 30, of Qabatiya near Jenin, set off a bomb": where he is from
        if not origins and _origin(span.root):
            continue  # "walked from the square to the ministry", "captured the heights from Syria", "a U.N.
            # worker from Poland": where it set out from or whom it was taken from; but "withdrew from X"
        in_target = any(s <= place["start"] and place["end"] <= e for s, e in arguments_.targets)
        if in_target and not material:
            continue
        if not in_target and not _locative(span.root):
            continue  # a place named elsewhere in the clause ("to free Kuwait") is not where it happened
        # a village the gazetteer knows (fewer than 15,000 people) is as specific as one it does not
        unresolved = place.get("geonameid") is None or place.get("feature") == "city" \
            and (place.get("population") or 0) < _SMALL_TOWN
        depth = _depth_below(span.root, trigger) / 2 + _BREADTH.get(place.get("feature"), 0) \
            + (_BARE_CAPTIVE if in_target and unresolved and _bare_object(span.root, verb) else 0) \
            + (_UNRESOLVED if unresolved else 0) \
            + (_CONTAINER if _container(span.root) else 0) \
            + (_REFERENCE if _reference_point(span.root) else 0)
        if depth < best_depth:
            best, best_depth = place, depth
    return best


def _place_span(doc, place: dict):
    """The place's tokens, worked out once per document (every trigger looks at every place)."""
    spans = doc.user_data.setdefault("dateline_place_spans", {})
    key = (place["start"], place["end"])
    if key not in spans:
        spans[key] = doc.char_span(*key, alignment_mode="expand")
    return spans[key]


# The more specific of two places in a clause is where it happened: "near the Sufa checkpoint" within
# "in the Gaza Strip"; a town before its region, a region before its country. Specificity weighs more
# than the depth of the place below the trigger (halved in the score).
_BREADTH = {"country": 5, "admin": 3, "other": 3}
# A name the gazetteer does not know is mostly a village, a district or a site: smaller than a known city.
_UNRESOLVED = -1
_SMALL_TOWN = 15_000  # gazetteer.SMALL_TOWN


# "south of Mallah": the event happened near the point of reference, so any place named in the clause as
# such ("in Sinjar town, south of Mosul") is nearer the truth; one at a distance is not where it happened.
_REFERENCE = 4


# A place named as what holds another name is less specific than it ("Baghdad's Sadr City neighbourhood").
_CONTAINER = 3


# An unknown bare name captured ("captured Henao in southern Panama") is a person as often as a village:
# a place the clause names in a locative phrase is surer.
_BARE_CAPTIVE = 10


def _bare_object(token, verb) -> bool:
    """A name alone as the verb's object, with no place noun or phrase of its own ("captured Henao")."""
    return token.dep_ in ("dobj", "nsubjpass") and token.head == verb and token.pos_ == "PROPN" \
        and not any(c.dep_ in ("compound", "prep", "appos") for c in token.children)


def _container(token) -> bool:
    """A place named as what holds another name: the owner of a named place ("Baghdad's Sadr City
    neighbourhood", "Baghdad's neighborhood of Kamaliya"), the name after it ("in Garland, Tex.",
    "in Vukovar, eastern Slavonia") or a place "in" which a named place lies ("Al-Sutahayan in western
    Salamiyah", "the town of Remolinos, in the region of Madgalena"). Not "the West Bank town of
    Ramallah": there the "of" names the town (and "the Jobar suburb of Damascus" reads the same)."""
    head = token
    while head.dep_ == "compound":
        head = head.head
    owner = head.head
    named = owner.pos_ == "PROPN" or any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in owner.children)
    if head.dep_ == "poss":
        return named or any(c.dep_ == "prep" and c.lower_ == "of" for c in owner.children)
    if head.dep_ == "appos" and named:
        return True
    if head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.lemma_.lower() in PLACE_OF_HEADS:
        noun = head.head.head
        head = noun  # "the northern region of Madgalena": the region, named
    while head.dep_ in ("compound", "amod") or head.dep_ == "pobj" and head.head.lower_ == "of" \
            and head.head.head.lower_ in COMPASS:
        head = head.head if head.dep_ != "pobj" else head.head.head  # "in the south of Zalingei province"
    if head.dep_ == "pobj" and head.head.lower_ == "in" and _after_a_place(head.head):
        return True  # "in the village of Tora, in the district of Maywand"
    if head.dep_ == "pobj" and head.head.lower_ in ("in", "within", "inside"):
        holder = head.head.head
        return holder.pos_ == "PROPN" or _named_noun(holder)  # "Al-Sutahayan in western Salamiyah",
        # "the town of Remolinos, in the northern region of Madgalena", "Ngabe, a village in the Plateaux region"
    return False


def _after_a_place(preposition) -> bool:
    """The preposition follows a comma that closes a place name: "in the village of Tora, in ..."."""
    doc = preposition.doc
    i = preposition.i
    return i >= 2 and doc[i - 1].text == "," and in_place_name(doc[i - 2])


def _named_noun(noun) -> bool:
    """A place noun that carries its own name: "the Deir al-Asafir suburb", "the town of Remolinos"."""
    if noun.pos_ == "PROPN":
        return True
    if noun.lemma_.lower() not in PLACE_OF_HEADS:
        return False
    return any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in noun.children) \
        or any(c.dep_ == "prep" and c.lower_ == "of" and any(g.pos_ == "PROPN" for g in c.children)
               for c in noun.children) or noun.dep_ == "appos" and noun.head.pos_ == "PROPN"


def _distance(compass) -> bool:
    """ "600 km west of Kathmandu": a point of reference that far away is not where it happened."""
    # the parser hangs the measure anywhere ("some 300 km (190 miles) west of"): look before it too
    before = compass.doc[max(compass.sent.start, compass.i - 6):compass.i]
    return any(t.lemma_.lower() in _DISTANCE_UNITS or t.like_num for t in compass.subtree if t != compass) \
        or any(t.lower_ in _DISTANCE_UNITS for t in before)


_DISTANCE_UNITS = words("distance_units")


def _name_head(token):
    """The head of the phrase a name stands in, past its compounds, appositions and conjuncts."""
    head = token
    while head.dep_ in ("compound", "appos", "conj"):
        head = head.head
    return head


def _reference_point(token) -> bool:
    head = _name_head(token)
    return head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.lower_ in COMPASS


_HYPHEN_HEADS = words("hyphen_modifier_heads")


def _hyphen_modifier(span) -> bool:
    """ "London-based", "US-led", "Iranian-backed": part of a word describing something else."""
    doc = span.doc
    return span.end + 1 < len(doc) and doc[span.end].text == "-" and doc[span.end + 1].lower_ in _HYPHEN_HEADS


def _country_modifier(token, place: dict) -> bool:
    """A country naming whose thing it is ("five U.S. helicopters"), not a place noun ("a Gaza street")."""
    return place.get("feature") == "country" and token.dep_ in ("compound", "amod", "nmod") \
        and token.head.pos_ == "NOUN" and (token.head.lemma_.lower() not in _PLACE_LIKE_NOUNS
                                           or token.head.lemma_.lower() in _OWNED_ABROAD)


# Sites a country owns abroad: a U.S. embassy that stands in Accra is in Ghana, not in the U.S.
_OWNED_ABROAD = words("owned_abroad")


_SITES = words("sites")


def _people_modifier(token) -> bool:
    """A place naming whose people they are: "US soldiers", "Iraqi civilians"."""
    return token.dep_ in ("compound", "amod", "nmod") and token.head.lemma_.lower() in PEOPLE_NOUNS


def _person_slot(token, verb) -> bool:
    """A name as what is done to a person ("assailants shot Oudeh", "Foley was shot dead"): a person,
    whatever the model or the gazetteer says (there is a Foley in Alabama). Not "captured": towns are
    captured too."""
    return token.dep_ in ("dobj", "nsubjpass") and token.head == verb and verb.lemma_.lower() in PERSON_VERBS


PEOPLE_NOUNS = words("people_nouns")
PERSON_VERBS = words("person_verbs")


def _attached_to(token, trigger) -> bool:
    """A place in a locative phrase of the trigger itself (or of its verb): "met in Geneva"."""
    verb = verb_of(trigger)
    head = _name_head(token)
    if (head.dep_ in ("npadvmod", "dobj") or head.dep_ == "advmod" and head.pos_ == "PROPN") \
            and head.head in (trigger, verb):
        return True
    return head.dep_ == "pobj" and head.head.dep_ == "prep" and head.head.head in (trigger, verb)


def _locative(token, verb=None) -> bool:
    """A place introduced by a locative preposition, or an adverbial place name (an object only of the
    event's own ``verb`` or of a verb that takes places: "stormed Tal Bizam")."""
    head = token
    while head.dep_ in ("compound", "pobj", "appos", "conj") or head.dep_ == "nmod" \
            and head.head.lemma_.lower() in _SITE_OR_PLACE_NOUNS or head.dep_ == "poss" \
            and (head.head.lemma_.lower() in _POSSESSED_PLACES or _named_site(head.head)) \
            or head.dep_ == "amod" and head.pos_ == "PROPN":  # "in Liberia's capital", "in western Kasese district",
        # "raids on Kwari village" (the parser makes some names before a place noun its "nmod")
        if head.dep_ == "pobj":
            preposition = head.head
            if head != token and head.pos_ == "NOUN" and head.lemma_.lower() in _SITE_OR_PLACE_NOUNS:
                # a named site or place noun is where, whatever it hangs from: "in a popular
                # marketplace of Zafaraniyah neighborhood", "on an east Kingston street" (not "on" a
                # name: "sanctions on Russia")
                if preposition.lower_ == "of" and preposition.head.pos_ == "NOUN":
                    head = preposition.head
                    continue
                if preposition.lower_ in ("on", "along", "beside", "off") or preposition.lower_ == "by" \
                        and preposition.head.pos_ == "VERB":  # "by a road in Ohio", not
                    return True  # "a statement by the Mardin municipality"
            if preposition.lower_ == "from" and preposition.head.pos_ in ("NOUN", "PROPN"):
                return False  # "a professor from Hamburg", "fighters from Homs": where they come from
            if preposition.lower_ in ("on", "against") and preposition.head.lemma_.lower() in ATTACK_NOUNS:
                return True  # "a night raid on Ngabe": what is raided is where
            if preposition.lower_ == "of":  # "the city of Nablus", "out of Kharkiv"; not "a man of Norway"
                # or "forces of Iraq"; "south of Mallah" is near it (a point of reference: see _REFERENCE)
                governor = preposition.head
                return governor.lemma_.lower() in _OF_PLACE_GOVERNORS or (
                    governor.lower_ in COMPASS and not _distance(governor))
            return preposition.lower_ in PLACE_PREPS
        head = head.head
    if head.dep_ == "dobj" and verb is not None and head.head != verb \
            and head.head.lower_ not in PLACE_TAKING_VERBS \
            and not (head.head.lemma_.lower() in _SITE_VERBS and head.lemma_.lower() in _SITES):
        return False  # "demonstrated ..., urging South Korea to expel": another verb's object
    # "advmod": the small model parses "in the capital Lome" with Lome as an adverb of the verb
    return head.dep_ in ("npadvmod", "dobj", "nsubjpass") or (head.dep_ == "advmod" and head.pos_ == "PROPN")


# Place nouns whose possessor says where: "in Liberia's capital", "in Iraq's north".
_POSSESSED_PLACES = PLACE_OF_HEADS | words("possessed_places")
# Built once: the rules above test tokens against these unions for every candidate place.
_PLACE_LIKE_NOUNS = _POSSESSED_PLACES | _SITES
_SITE_OR_PLACE_NOUNS = _SITES | PLACE_OF_HEADS


# Verbs whose object site is where it happened: "shot as he left his Miami home", "shot dead when troops
# raided their West Bank hideout" (the place-taking verbs, "stormed", "shelled", pass already).
_SITE_VERBS = words("site_verbs")


# Nouns of an attack whose "on" phrase is the place attacked.
ATTACK_NOUNS = words("attack_nouns")


def _describes(token, nouns: frozenset[str]) -> bool:
    """The place is in a phrase hung on one of ``nouns``: "the group's commander in Hasakah", "the war in
    Syria"."""
    head = token
    while head.dep_ in ("compound", "appos", "conj", "amod", "nmod"):
        if head.dep_ != "appos" and head.head.lemma_.lower() in nouns:
            return True  # "in the 1948 Mideast war", "the Mosul commander"
        head = head.head
    return head.dep_ == "pobj" and head.head.dep_ == "prep" and head.head.lower_ in ("in", "across", "for") \
        and head.head.head.lemma_.lower() in nouns


# People named by their post in a place, and conflicts named by theirs (a death toll "since the start of
# the war in Syria" is counted over the war, not placed).
_ROLE_NOUNS = words("role_nouns")
_WAR_NOUNS = words("war_nouns")
_DESCRIBED_BY_PLACE = _ROLE_NOUNS | _WAR_NOUNS


def _neighbour(token) -> bool:
    """The country across a border: "captured Mokambo on the border with Zambia"."""
    head = _name_head(token)
    return head.dep_ == "pobj" and head.head.lower_ == "with" \
        and head.head.head.lemma_.lower() in ("border", "frontier", "boundary")


_OWNER_NOUNS = words("owner_nouns")


def _owner(span) -> bool:
    """A name of several words after "the house of", "the home of": whose it is (a person the model or
    the gazetteer took for a place, "Aden ..."), not where it is."""
    head = span.root
    return len(span) >= 2 and head.dep_ == "pobj" and head.head.lower_ == "of" \
        and head.head.head.lemma_.lower() in _OWNER_NOUNS


def _persons_origin(token, verb) -> bool:
    """A place in an "of" or "from" phrase hung on a named person ("David Hicks, 26, from the city of
    Adelaide, was captured in Afghanistan"): where the person comes from, not where the event was."""
    return _preposition_between(token, (verb,),
                                lambda p: p.lower_ in ("of", "from") and p.head.ent_type_ == "PERSON")


def _named_site(noun) -> bool:
    """What a place's possessive can own and still say where: a site ("Riga's central railway station",
    "Gaza's main hospital") or a named building ("Jerusalem's Church of the Holy Sepulchre")."""
    lemma = noun.lemma_.lower()
    if lemma in _OWNED_ABROAD:
        return False  # "Singapore's embassy" is wherever the embassy is, not in Singapore
    return lemma in _SITES or noun.pos_ == "PROPN" and noun.ent_type_ in ("FAC", "ORG", "")


def _origin(token) -> bool:
    """A place introduced by "from", other than as the name of a site ("from his Baghdad house")."""
    head = _name_head(token)
    if head != token and head.lemma_.lower() in _SITES:
        return False  # "captured from their Baghdad house": a named site is where it happened
    return head.dep_ == "pobj" and head.head.lower_ == "from"


def _depth_below(token, top) -> int:
    depth = 0
    # spaCy makes a new Token object on each access: tokens are compared by value, never by identity
    while token != top and token.dep_ != "ROOT" and depth < 20:
        token, depth = token.head, depth + 1
    return depth if token == top else depth + 5

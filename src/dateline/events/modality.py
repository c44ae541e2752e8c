"""Whether an event happened (asserted), did not (negated), may (hypothetical) or will (future), and who says so."""
from __future__ import annotations

import re

from .arguments import verb_of
from .vocabulary import words

FUTURE_AUX = words("future_aux")
HYPOTHETICAL_AUX = words("hypothetical_aux")
# Governing words that put what they govern in the future: "poised to begin", "plans to visit".
FUTURE_GOVERNORS = words("future_governors")
# ...and those that make it only possible: "considering a withdrawal", "threatened to strike".
HYPOTHETICAL_GOVERNORS = words("hypothetical_governors")
# Nouns under which an event is only hoped for, feared or weighed: "optimism about a deal".
HYPOTHETICAL_NOUNS = words("hypothetical_nouns")
# Governing verbs that say the governed event did not happen: "failed to reach agreement".
NEGATING_GOVERNORS = words("negating_governors")
NEGATIONS = words("negations")
SPEECH_VERBS = words("speech_verbs")
_ACCORDING = re.compile(r"\baccording to\b", re.I)


# An event governed by another event of these types is not reported as having happened: "demanded the
# withdrawal", "threatened to storm", "rejected the deployment", "agreed to allow", "accused of supporting".
EMBEDDING_TYPES = {"REQUEST": "hypothetical", "THREATEN": "hypothetical", "REJECT": "negated",
                   "AGREE": "future", "ACCUSE": "hypothetical", "SANCTION": "hypothetical",
                   "CONSULT": "hypothetical", "SUPPORT": "hypothetical"}


def modality(trigger, event_type: str, governing: dict | None = None) -> str:
    """asserted | negated | hypothetical | future, from the trigger's own words and the clauses above it.

    ``governing`` maps token indices of the sentence's other triggers to their types: an event
    embedded under a request, threat, rejection or agreement takes that event's modality.
    """
    if _taking_effect(trigger):
        return "asserted"  # "the truce takes effect next week": it is agreed already
    own = _own_modality(trigger, event_type)
    if own != "asserted" or not governing:
        return own
    child = trigger
    for _ in range(4):
        if child.dep_ in CLAUSE_BREAKS or before_a_colon(child) or _own_conjunct(child):
            break  # "spoke on May 13, when Austin urged ...": a clause of its own, not what was discussed
        child = child.head
        if child.i in governing and governing[child.i] in EMBEDDING_TYPES:
            return EMBEDDING_TYPES[governing[child.i]]
    return own


def _taking_effect(trigger) -> bool:
    """An agreement, ceasefire or sanction that takes effect, comes into force or expires, whenever
    that is: the deal itself was made ("the truce is expected to come into force at noon")."""
    if trigger.pos_ != "NOUN" or trigger.dep_ not in ("nsubj", "nsubjpass"):
        return False
    node = trigger.head
    for _ in range(3):
        lemma = node.lemma_.lower()
        if lemma in ("expire", "lapse") or lemma == "take" and any(
                c.dep_ == "dobj" and c.lemma_.lower() == "effect" for c in node.children) \
                or lemma in ("come", "enter") and any(c.dep_ == "prep" and c.lower_ == "into" and any(
                    g.lemma_.lower() == "force" for g in c.children) for c in node.children):
            return True
        node = next((c for c in node.children if c.dep_ == "xcomp"), None)
        if node is None:
            return False
    return False


def _own_conjunct(token) -> bool:
    """ "Unions lambasted him, and thousands marched": a coordinated clause with its own subject says
    what else happened, not what the first one was about."""
    return token.dep_ == "conj" and any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children)


# Links that start a clause of its own: what it says is not the content of the event above it.
CLAUSE_BREAKS = frozenset({"relcl", "parataxis", "ROOT"})


def _own_modality(trigger, event_type: str) -> str:
    verb = verb_of(trigger)
    chain = [trigger] + ([verb] if verb != trigger else [])
    if any(c.dep_ == "neg" or c.lower_ in ("never",) for t in chain for c in t.children) \
            or any(c.dep_ == "det" and c.lower_ == "no" for c in trigger.children) \
            or _without(trigger):
        return "negated"
    aux = {c.lower_ for t in chain for c in t.children if c.dep_ in ("aux", "auxpass")}
    if aux & HYPOTHETICAL_AUX:
        return "hypothetical"
    if aux & FUTURE_AUX or _going_to(verb):
        return "future"
    return _from_governors(verb, trigger, event_type)


def _without(trigger) -> bool:
    """An act that "without" introduces did not happen: "entered the town without firing a shot",
    "was released without charge", "left without a fight"."""
    head = trigger.head
    return trigger.dep_ in ("pcomp", "pobj") and head.lower_ == "without" and head.dep_ == "prep"


def before_a_colon(token) -> bool:
    """A clause ending before a colon or semicolon that its governor follows is a statement of its own,
    not what the governor says ("Britain expels envoys: Moscow promises a response")."""
    head = token.head
    return token.i < head.i and any(t.text in (":", ";") for t in token.doc[token.i:head.i])


def _going_to(verb) -> bool:
    head = verb.head
    return verb.dep_ == "xcomp" and head.lemma_ == "go" and head.tag_ == "VBG"


def _from_governors(verb, trigger, event_type: str) -> str:
    """Climb the governing clauses: "appears poised to begin", "may have to make", "if they attack"."""
    if trigger != verb:  # an event noun under another verb: "urged a ceasefire", "considering a withdrawal"
        between = []
        node = trigger.head
        while node != verb and node.dep_ != "ROOT" and len(between) < 3:
            between.append(node.lemma_.lower())
            node = node.head
        if set(between) & HYPOTHETICAL_NOUNS:  # "optimism about a deal", "the prospect of talks"
            return "hypothetical"
        lemma = verb.lemma_.lower()
        if lemma in NEGATING_GOVERNORS - {"stop", "halt"}:  # "stopped work in a strike" is the strike
            return "negated"
        if lemma in HYPOTHETICAL_GOVERNORS:
            return "hypothetical"
        if lemma in FUTURE_GOVERNORS and _future_sense(verb):
            return "future"
    if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in verb.children):
        return "hypothetical"
    if trigger != verb and any(c.lower_ in HYPOTHETICAL_GOVERNORS for c in trigger.children if c.dep_ == "amod"):
        return "hypothetical"  # "a possible ground invasion", "a potential strike"
    if trigger != verb and any(c.lower_ in FUTURE_GOVERNORS for c in trigger.children if c.dep_ == "amod"):
        return "future"
    if verb.dep_ == "acl" and verb.head.lemma_.lower() in NEGATING_GOVERNORS:
        return "negated"  # "his refusal to negotiate", "their reluctance to roll back tariffs"
    token = verb
    for _ in range(4):
        if token.dep_ not in ("xcomp", "ccomp", "dobj", "pobj", "prep", "acomp", "advcl", "pcomp") \
                or before_a_colon(token):
            break
        token = token.head
        lemma = token.lemma_.lower()
        if lemma in SPEECH_VERBS:
            break  # "X said Russia attacked": the report does not change what is reported
        if lemma in NEGATING_GOVERNORS:
            return "negated"
        aux = {c.lower_ for c in token.children if c.dep_ == "aux"}
        if aux & HYPOTHETICAL_AUX or lemma in HYPOTHETICAL_GOVERNORS and event_type != "REQUEST":
            return "hypothetical"
        if (lemma in FUTURE_GOVERNORS or token.lower_ in FUTURE_GOVERNORS) and _future_sense(token) \
                or aux & FUTURE_AUX:
            return "future"
        if any(c.dep_ == "neg" for c in token.children) and token.lemma_ not in SPEECH_VERBS:
            return "negated"
    return "asserted"


# Words by which an actor announces what it will do: "is ready to contribute", "vowed to fight".
INTENT_GOVERNORS = words("intent_governors")
INTENT_AUX = words("intent_aux")
_ANNOUNCING = SPEECH_VERBS | INTENT_GOVERNORS  # what may stand above an announced act


def stated_intent(trigger, governing: dict | None = None) -> bool:
    """The clause announces its subject's own intention ("Portugal will support", "they would boycott
    ... unless", "is prepared to impose"), rather than a prediction by others ("is expected to"), a
    condition ("if it is attacked") or the content of another event ("demanded that they withdraw")."""
    verb = verb_of(trigger)
    if verb.dep_ not in ("ROOT", "ccomp", "xcomp", "conj") or _conditional(verb):
        return False
    if trigger != verb and not (trigger.dep_ == "dobj" and trigger.head == verb):
        return False  # "wanted a peaceful end to the war": the war is not what is announced
    if any(c.dep_ == "auxpass" for c in verb.children):
        return False  # "300,000 reservists would be drafted": a forecast of what will be done, not a pledge
    token = verb
    for _ in range(4):  # nothing above it but intent words, conjunctions and reporting verbs
        if token.dep_ == "ROOT":
            break
        token = token.head
        lemma = token.lemma_.lower()
        if governing and token.i in governing:
            return False
        if lemma not in _ANNOUNCING and token.pos_ != "AUX" and \
                not (lemma == "be" or verb.dep_ == "conj"):
            return False
    chain = [verb] + [a for a in verb.ancestors][:3]
    aux = {c.lower_ for t in chain for c in t.children if c.dep_ in ("aux", "auxpass")}
    words = {t.lemma_.lower() for t in chain} | {t.lower_ for t in chain}
    if aux & {"may", "might", "could"} and conditioned(verb):
        return True  # "may halt its mediation if ...": a conditional promise or threat
    return bool(aux & INTENT_AUX or _going_to(verb) or words & INTENT_GOVERNORS)


def conditioned(verb, marks: tuple[str, ...] = ("if", "unless")) -> bool:
    """The verb has a condition attached: "will withdraw unless ...", "may halt if ..."."""
    return any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in marks for m in c.children)
               for c in verb.children)


def _conditional(verb) -> bool:
    """The verb is itself the condition ("if it is attacked")."""
    return any(c.dep_ == "mark" and c.lower_ in ("if", "when", "whether", "once", "unless") for c in verb.children)


_PERSONAL_PRONOUNS = words("personal_pronouns")


def attribution(trigger, entities: list[dict]) -> str | None:
    """Who the text says reports the event: "according to a readout from the Pentagon", "..., officials said"."""
    sent = trigger.sent
    found = _ACCORDING.search(sent.text)
    if found:
        start = sent.start_char + found.end()
        named = [e for e in entities if e["start"] >= start and e["end"] <= sent.end_char
                 and e["label"] in ("ORG", "PERSON", "GPE", "NORP", "FAC")]
        if named:
            return _clean(named[-1]["text"] if len(named) > 1 and "from" in sent.text[found.end() - sent.start_char:
                                                                                     named[-1]["start"] - sent.start_char]
                          else named[0]["text"])
        return _clean(_phrase_after(sent, found.end()))
    for token in sent:
        if token.lemma_.lower() in SPEECH_VERBS and token != trigger and token.pos_ == "VERB" \
                and (token in trigger.ancestors or token.head == verb_of(trigger) or token.head == trigger):
            subject = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is not None and subject.lower_ not in _PERSONAL_PRONOUNS:
                return _clean(sent.doc[subject.left_edge.i:subject.i + 1].text)
    return None


def _phrase_after(sent, offset: int) -> str:
    rest = sent.text[offset - sent.start_char:]
    return re.split(r"[,.;]", rest, maxsplit=1)[0]


def _clean(text: str) -> str | None:
    text = re.sub(r"^(the|a|an)\s+", "", text.strip(), flags=re.I)
    return text or None


def _future_sense(governor) -> bool:
    """ "going to attack" looks ahead; "went on strike" does not; "is set to meet" does, "set off a bomb"
    does not."""
    if governor.lemma_.lower() == "set":
        return any(c.dep_ == "xcomp" for c in governor.children)
    return governor.lemma_.lower() != "go" or governor.tag_ == "VBG"

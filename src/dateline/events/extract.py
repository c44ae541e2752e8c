"""Events from one annotated Doc: trigger -> type and mode, arguments -> actors, date, place, modality.

Reads the layers added before it (entities, timexes, places, actors and their mentions) and the
dependency parse; writes SCHEMA ``events`` items, each pointing to its sentence.
"""
from __future__ import annotations

from bisect import bisect_left
from copy import copy
from dataclasses import dataclass
from itertools import takewhile

from ..actors.resolve import actor_for_span
from .arguments import (arguments, event_date, event_place, in_passing, is_passive, own_targets, sentence_place,
                        verb_of)
from .political import POLITICAL_ROLES, WAR_MODES, Candidate, is_political_actor, reason_to_drop
from .modality import attribution, before_a_colon, conditioned, modality, stated_intent
from .triggers import ARMED_FORCES, BACKGROUND_PREPS, JUDICIAL_ACTS, LIGHT_VERBS, Match, agent_noun, find_triggers, hostile_agents
from .vocabulary import words
from ..nlp import text_of
from ..places import held_by

MATERIAL_TYPES = frozenset({"ASSAULT", "COERCE", "RETREAT", "MOBILIZE", "AID", "SANCTION", "PROTEST"})
RECIPROCAL_TYPES = frozenset({"CONSULT", "AGREE", "COOPERATE"})
# Violence, coercion and protest at a named place are events even when the text names no actor
# ("20 were wounded in Mahmudiyah").
ACTORLESS_TYPES = frozenset({"ASSAULT", "COERCE", "PROTEST"})
# Material acts that an unnamed armed force ("troops", "security forces") is enough to make political.
FORCE_TYPES = frozenset({"ASSAULT", "COERCE", "MOBILIZE", "RETREAT"})


@dataclass
class Event:
    """One coded event, with the trigger kept for evaluation (not part of the record), and the other
    words that report it: the verb carrying a trigger noun ("launched an offensive", "the attack
    occurred") and the words folded into it ("shot and killed")."""

    record: dict
    trigger: tuple[int, int]
    words: tuple[tuple[int, int], ...] = ()


def find_events(doc, article_id: str, published: str | None, ontology, kb) -> list[Event]:
    """Every event the Doc's sentences report, in text order."""
    article = _Layers(doc)
    events: list[Event] = []
    for sent in doc.sents:
        matches = find_triggers(sent, ontology)
        governing = {m.token.i: m.trigger.type for m in matches}
        sentence_events: list[Event] = []
        # every rule reads only the layer items of the trigger's sentence: handing each trigger the
        # sentence's items, not the article's, keeps long articles linear (same events)
        layers = article.within(sent.start_char, sent.end_char) if matches else article
        for match in matches:
            found = _events_for(match, layers, published, ontology, kb, governing)
            sentence_events += found + _announced(match, found, ontology, governing)
        _hostile_requests(matches, sentence_events)
        _taken_without_a_fight(sent, sentence_events, ontology)
        events += sentence_events
    _share_within_article(events)
    doc._.dateline_dropped = article.dropped
    for n, event in enumerate(events):
        event.record["id"] = f"{article_id}-e{n}"
        event.record = {key: event.record.get(key) for key in RECORD_ORDER}
    return events


RECORD_ORDER = ("id", "type", "mode", "cameo", "source", "target", "date", "date_precision", "date_text",
                "location", "modality", "attribution", "sentence", "span", "confidence")


def _share_within_article(events: list[Event]) -> None:
    """Later mentions of the same event ("in the call with ...") take the mode and date that an
    earlier mention states ("spoke with ... on Friday"), and give it their mode in return."""
    def pair(record: dict) -> tuple:
        ends = sorted(filter(None, [(record["source"] or {}).get("actor"), (record["target"] or {}).get("actor")]))
        return record["type"], tuple(ends)

    # Earlier asserted mentions kept by pair (the last dated one) and by pair and date (in order), so
    # that each event looks only at its own kind: linear in the article, not quadratic. Within a
    # (pair, date) group the mode-less mentions always form a prefix (a mention with a mode gives it to
    # every mode-less one before it; a mode-less one takes the mode of the first with one), so only
    # that prefix is ever touched, each mention once.
    last_dated: dict[tuple, dict] = {}
    groups: dict[tuple, list[dict]] = {}
    modeless: dict[tuple, int] = {}  # length of each group's mode-less prefix
    for event in events:
        record = event.record
        key = pair(record)
        dated = last_dated.get(key)
        if record["date_precision"] is None and dated is not None:
            record.update(date=dated["date"], date_precision=dated["date_precision"], date_text=dated["date_text"])
        group_key = (key, record["date"])
        group = groups.setdefault(group_key, [])
        prefix = modeless.get(group_key, 0)
        if record["mode"]:
            for other in group[:prefix]:
                other.update(mode=record["mode"], cameo=record["cameo"])
            prefix = 0
        elif prefix < len(group):  # the first earlier mention with a mode gives it
            record.update(mode=group[prefix]["mode"], cameo=group[prefix]["cameo"])
        if record["modality"] == "asserted":
            group.append(record)
            if not record["mode"]:
                prefix += 1
            if record["date_precision"]:
                last_dated[key] = record
        modeless[group_key] = prefix


class _Layers:
    """The Doc's layers, read once."""

    def __init__(self, doc):
        self.doc = doc
        self.text = text_of(doc)
        self.entities = doc._.dateline_entities or []
        self.timexes = doc._.dateline_timexes or []
        self.places = doc._.dateline_places or []
        # places the gazetteer could not resolve still say where an event happened ("near the Sufa checkpoint")
        resolved = {(p["start"], p["end"]) for p in self.places}
        self.event_places = self.places + [
            {"start": e["start"], "end": e["end"], "text": e["text"], "geonameid": None, "lat": None, "lon": None,
             "country": None, "feature": None}
            for e in self.entities if e["label"] in ("GPE", "LOC", "FAC") and (e["start"], e["end"]) not in resolved]
        self.actors = doc._.dateline_actors or []
        self.mentions = doc._.dateline_mentions or []
        self.by_id = {a["id"]: a for a in self.actors}
        self.dropped: list[dict] = []  # candidates that are not political events, with the reason
        self._political_sentences: dict[int, tuple[bool, bool]] = {}

    def political_sentence(self, sent, kb) -> bool:
        """Does the sentence name a political actor anywhere (a state, an official, the police, "the
        military"), or a country or nation ("Iranian", "in Haiti")? Context for arguments the knowledge
        base does not know."""
        return self._sentence_flags(sent, kb)[0]

    def official_sentence(self, sent, kb) -> bool:
        """Does the sentence name an actor that holds a political role (an official, the police, a
        court, a union), whether or not it is an argument ("loans from the government")? Countries and
        nations do not count."""
        return self._sentence_flags(sent, kb)[1]

    def _sentence_flags(self, sent, kb) -> tuple[bool, bool]:
        if sent.start not in self._political_sentences:
            by_id = self.by_id
            actors = [by_id[a] for m in self.mentions if sent.start_char <= m.start < sent.end_char
                      for a in m.actors if a in by_id]
            role_word = any(t.pos_ in ("NOUN", "PROPN") and POLITICAL_ROLES & set(kb.roles_of(t.text)[0]) for t in sent)
            official = role_word or any(POLITICAL_ROLES & set(a.get("roles") or ()) for a in actors)
            named = any(is_political_actor(a) or a.get("kind") == "group" and a.get("country") for a in actors)
            self._political_sentences[sent.start] = (named or role_word, official)
        return self._political_sentences[sent.start]

    def within(self, start: int, end: int) -> "_Layers":
        """The same layers less the items that lie wholly outside the characters start..end, each list in
        its own order (found by bisection on the items' starts: linear over the article's sentences)."""
        view = copy(self)
        for name in ("entities", "timexes", "places", "event_places", "mentions"):
            setattr(view, name, self._index(name).within(start, end))
        return view

    def _index(self, name: str) -> "_SpanIndex":
        indexes = self.__dict__.setdefault("_indexes", {})
        if name not in indexes:
            indexes[name] = _SpanIndex(getattr(self, name))
        return indexes[name]


class _SpanIndex:
    """Items with character spans (dicts with start/end, or Mentions), found by the span they overlap."""

    def __init__(self, items: list):
        self.items = items
        spans = [(item["start"], item["end"]) if isinstance(item, dict) else (item.start, item.end) for item in items]
        self.order = sorted(range(len(items)), key=lambda k: spans[k][0])
        self.starts = [spans[k][0] for k in self.order]
        self.spans = spans
        self.longest = max((e - s for s, e in spans), default=0)

    def within(self, start: int, end: int) -> list:
        first = bisect_left(self.starts, start - self.longest)
        last = bisect_left(self.starts, end)
        picked = sorted(k for k in self.order[first:last] if self.spans[k][1] > start)
        return [self.items[k] for k in picked]


def _events_for(match: Match, layers: _Layers, published: str | None, ontology, kb,
                governing: dict[int, str]) -> list[Event]:
    token, trigger = match.token, match.trigger
    args = arguments(token, doer_noun=agent_noun(token, ontology))
    if trigger.type == "PROTEST" and in_passing(token):
        args = own_targets(token)  # the police who beat someone "during the protest" are not protesters
    judicial = (trigger.type, trigger.mode) in JUDICIAL_ACTS
    if judicial and token.dep_ == "acl" and token.tag_ == "VBN":
        # "a man charged with arson appeared in court": the man is the one charged, not the one charging
        args.sources, args.targets = [], args.sources
    sources = _actors(layers, args.sources, kb)
    targets = _actors(layers, args.targets, kb)
    if len(sources) == 2 and not targets and trigger.type in RECIPROCAL_TYPES:
        sources, targets = sources[:1], sources[1:]  # "the pair spoke": one with the other
    base = _base_record(match, layers, args, published, ontology, governing)
    if judicial and not sources and (token.dep_ == "acl" or _done_to_someone(token)):
        sources = [_implied_authority(token, base, layers)]
    crowd = "PROTEST" in ontology.types and _doer_word(layers.doc, args.sources, CROWD_WORDS)
    if (trigger.type == "ASSAULT" or trigger.type == "COERCE" and trigger.mode == "destroy"
            or (trigger.type, trigger.lemma) in CROWD_LOOTING) and crowd:
        # "protesters clashed with police", "a mob beat two men", "rioters set fire to cars": crowd
        # violence and destruction is a riot
        base.update(type="PROTEST", mode="riot", cameo=ontology.cameo_for("PROTEST", "riot"))
    elif trigger.type in CROWD_VOICE and crowd in STREET_CROWDS:
        # "demonstrators gathered to urge ...", "protesters defied a ban": a crowd's demand is its protest
        base.update(type="PROTEST", mode="demo", cameo=ontology.cameo_for("PROTEST", "demo"))
    if not sources and not targets and not (base["type"] in ACTORLESS_TYPES
                                            and (base["location"] or _done_to_someone(token) or crowd
                                                 or base["type"] == "PROTEST" and _protesters_named(token, args))) \
            and not (base["type"] in FORCE_TYPES and _doer_word(layers.doc, args.sources, ARMED_FORCES)) \
            and not (base["type"] == "ASSAULT" and _doer_word(layers.doc, args.sources, hostile_agents())):
        # no actor, no political event (sports, markets, weather); a weapon or gunmen doing it are
        # enough ("two roadside bombs detonated near a bus station, killing six")
        return _drop(layers, base, token, "no actor named on either side")
    armed = bool(_doer_word(layers.doc, args.sources, ARMED_FORCES)
                 or _doer_word(layers.doc, args.sources, hostile_agents())) or base["mode"] in WAR_MODES
    reason = reason_to_drop(Candidate(base["type"], sources, targets, crowd, armed,
                                      layers.political_sentence(token.sent, kb), token, trigger.context,
                                      layers.official_sentence(token.sent, kb)))
    if reason:
        return _drop(layers, base, token, reason)
    if not targets and (base["location"] or {}).get("country"):
        targets = _place_target(base["location"], sources)
    confidence = _confidence(match, sources, targets)
    out = []
    for source in sources or [None]:
        for target in [t for t in targets if t is None or not source or t["id"] != source["id"]] or [None]:
            record = {**base, "source": _argument(source), "target": _argument(target), "confidence": confidence}
            out.append(Event(record, (token.idx, token.idx + len(token)), _reporting_words(match)))
    return out


def _protesters_named(token, args) -> bool:
    """Protesters the actor tables do not know still make a protest when the sentence tells what they did
    ("restaurant owners protested", "nurses staged a protest"); not a protest only mentioned in passing
    ("amid worsening protests", "a summer of social protest"), whose verb's subject did something else."""
    if not args.sources:
        return False
    if token.pos_ == "VERB":
        return True
    verb = verb_of(token)
    if not any(c.dep_ == "nsubj" for c in verb.children):
        return False  # the doers only inherited from another clause ("amid worsening protests")
    path = [token, *takewhile(lambda a: a != verb, token.ancestors)]
    if (token == verb or verb in token.ancestors) and not any(t.dep_ in ("prep", "pobj") for t in path):
        return True  # "staged a protest", "a sit-in outside parliament" (misparsed inside the object)
    # "went on strike", "gone on hunger strike in protest": the verb's own phrase, not a background one
    preposition = token.head
    return token.dep_ == "pobj" and preposition.head == verb and preposition.lower_ not in BACKGROUND_PREPS


# Looting by a crowd is a riot (ACLED files it under Riots), like its destruction; looting alone is
# COERCE seize (PLOVER).
CROWD_LOOTING = frozenset({("COERCE", "loot"), ("COERCE", "looting")})


# Of the acts only the police or a court can do (triggers.JUDICIAL_ACTS), those of a court.
COURT_WORDS = words("court_words")


def _implied_authority(token, base: dict, layers: _Layers) -> dict:
    """The police (or court) of the country where it happened, flagged ``implicit``: "two journalists
    were arrested in Minsk" -> BLR:COP; with no country known, ---:COP."""
    role = "JUD" if token.lemma_.lower() in COURT_WORDS else "COP"
    from ..actors.resolve import generic_id, sentence_country

    country = (base["location"] or {}).get("country") or sentence_country(layers.places, token.sent)

    return {"id": generic_id(country, (role,)), "name": None, "kind": "group", "country": country,
            "roles": [role], "text": None, "implicit": True}


def _drop(layers: _Layers, base: dict, token, reason: str) -> list:
    """Keeps a candidate that is not coded, with the reason, on the Doc; no events."""
    layers.dropped.append({"type": base["type"], "trigger": token.text, "start": token.idx,
                           "sentence": base["sentence"], "reason": reason})
    return []


def _reporting_words(match: Match) -> tuple[tuple[int, int], ...]:
    token = match.token
    words = list(match.absorbed)
    verb = verb_of(token)
    if verb != token and verb.lemma_.lower() in CARRYING_VERBS:
        words.append(verb)
    return tuple((w.idx, w.idx + len(w)) for w in words)


# Verbs that carry an event noun: "launched an offensive", "the attack occurred", "clashes erupted".
CARRYING_VERBS = LIGHT_VERBS | words("carrying_verbs")


# Verbal events that a street crowd performs by protesting; and the crowds that do.
CROWD_VOICE = frozenset({"REQUEST", "ACCUSE", "REJECT"})
STREET_CROWDS = words("street_crowds")
# Doers that make violence a riot: a crowd, not an armed group or a state.
CROWD_WORDS = STREET_CROWDS | words("crowd_words")


def _doer_word(doc, sources: list[tuple[int, int]], words: frozenset[str]) -> str | None:
    """The head word of the event's doer when it is one of ``words``: a crowd ("protesters", "a mob"),
    or an armed force the text does not name ("troops set up two bases"), still a political actor."""
    for start, end in sources:
        span = doc.char_span(start, end, alignment_mode="expand")
        lemma = _common_lemma(span.root) if span is not None else None
        if lemma in words:
            return lemma
    return None


def _common_lemma(token) -> str:
    """The token's lemma, also where the parser took a capitalised plural for a name and left it as
    written ("CAIRO (AP) - Protesters hurled rocks")."""
    lemma = token.lemma_.lower()
    if token.pos_ == "PROPN" and not token.ent_type_ and token.text.endswith("s"):
        return lemma[:-1]
    return lemma


def _done_to_someone(token) -> bool:
    """ "649 people were arrested", "a shop was looted": violence or coercion told in the passive, with
    its victims and no named doer, is still an event."""
    verb = token if token.pos_ == "VERB" else verb_of(token)  # "was subjected to a beating"
    if is_passive(verb) and any(c.dep_ == "nsubjpass" for c in verb.children):
        return True
    # "a woman was gang-raped": the parser may make "was" the verb and the participle its complement
    return token.tag_ == "VBN" and token.head.lemma_ in ("be", "get") \
        and any(c.dep_ in ("nsubj", "nsubjpass") for c in token.head.children)


def _hostile_requests(matches: list[Match], events: list[Event]) -> None:
    """A call for sanctions, force or protest against someone is a demand (CAMEO 10), not an appeal (02):
    "the EU called for sanctions against ...", "activists called on followers to join a rally"."""
    hostile = [m.token for m in matches if m.trigger.type in HOSTILE_ASKED]
    by_start = {m.token.idx: m.token for m in matches}
    for event in events:
        record = event.record
        if record["type"] != "REQUEST" or not str(record["cameo"] or "").startswith("02"):
            continue
        asker = by_start.get(event.trigger[0])
        if asker is not None and any(asker in t.ancestors for t in hostile):
            record["cameo"] = "100"


TAKING_VERBS = words("taking_verbs")
UNOPPOSED_WORDS = words("unopposed_words")


def _taken_without_a_fight(sent, events: list[Event], ontology) -> None:
    """Taking a place that the other side left, or "without resistance", is no assault: PLOVER codes it
    COERCE seize, and the side that left RETREATs. "Rebels entered the town after the army pulled out",
    "the militia took over the district without a fight", "troops regained the village unopposed
    after the insurgents withdrew". Where no withdrawal is told, one is added with its doer unstated."""
    taking = [e for e in events if (e.record["type"], e.record["mode"]) in (("ASSAULT", None), ("COERCE", "seize"))
              and e.record["modality"] == "asserted" and _lemma_at(sent, e.trigger[0], ontology) in TAKING_VERBS]
    if not taking:
        return
    retreats = [e for e in events if e.record["type"] == "RETREAT" and e.record["mode"] == "withdraw"]
    unopposed = any(t.lower_ == "without" and any(w.lower_ in UNOPPOSED_WORDS or w.lemma_.lower() in UNOPPOSED_WORDS
                                                  for w in sent.doc[t.i + 1:min(t.i + 4, sent.end)])
                    for t in sent)
    if not retreats and not unopposed:
        return
    cameo = ontology.cameo_for("COERCE", "seize")
    for event in taking:
        event.record.update(type="COERCE", mode="seize", cameo=cameo)
    if not retreats and "RETREAT" in ontology.types:
        first = taking[0]
        events.append(Event(first.record | {"type": "RETREAT", "mode": "withdraw",
                                            "cameo": ontology.cameo_for("RETREAT", "withdraw"),
                                            "source": None, "target": first.record["source"],
                                            "confidence": round(first.record["confidence"] * 0.8, 2)},
                            first.trigger))


def _lemma_at(sent, start: int, ontology) -> str:
    """The trigger lemma of the token at ``start`` (as the lexicon looks it up: "retook" -> "retake")."""
    token = next((t for t in sent if t.idx == start), None)
    return ontology.lemma(token.lower_, token.lemma_.lower(), token.pos_) if token is not None else ""


HOSTILE_ASKED = frozenset({"SANCTION", "ASSAULT", "COERCE", "PROTEST", "MOBILIZE", "THREATEN"})


def _announced(match: Match, found: list[Event], ontology, governing: dict[int, str]) -> list[Event]:
    """An actor's statement that it will act is an event of its own, asserted: "Portugal will support
    Turkey's bid" is an AGREE (CAMEO 032) besides the future SUPPORT; "would boycott ... unless" a
    THREATEN; "will not accept refugees" a REJECT. The pairs are a data table (``intents.tsv``)."""
    intent = ontology.intents.get(match.trigger.type)
    if not intent or not found or found[0].record["modality"] not in ("future", "hypothetical", "negated") \
            or not found[0].record["source"] or not stated_intent(match.token, governing):
        return []
    verbal, cameo = intent
    if found[0].record["modality"] == "negated":
        if verbal != "AGREE":
            return []
        verbal, cameo = "REJECT", "120"  # "says it will take in no more migrants": a refusal, stated now
    if conditioned(verb_of(match.token), ("unless",)) and "THREATEN" in ontology.types:
        verbal, cameo = "THREATEN", "130"  # "will withdraw its force unless ...": a threat whatever the act
    if verbal not in ontology.types:
        return []
    code = ontology.cameo.get(cameo)
    mode = code.mode if code else None
    return [Event(event.record | {"type": verbal, "mode": mode, "cameo": cameo, "modality": "asserted"},
                  event.trigger) for event in found]


def _actors(layers: _Layers, spans: list[tuple[int, int]], kb) -> list[dict]:
    """Each argument span -> one actor; a group mention ("the pair") -> its actors."""
    found: list[dict] = []
    by_id = layers.by_id
    for start, end in spans:
        group = next((m for m in layers.mentions if len(m.actors) > 1 and m.start >= start and m.end <= end), None)
        if group is not None:
            found += [by_id[a] | {"text": group.text} for a in group.actors if a in by_id]
            continue
        holders = _office_holders(layers, start, end, kb)
        if holders:
            found += holders
            continue
        # no place fallback here: the place an event happens in is its location, not its target
        actor = actor_for_span(layers.doc, layers.mentions, layers.actors, start, end, kb, by_id=by_id)
        if actor and (actor.get("country") or actor.get("roles") or actor.get("kind") in ("person", "organisation")):
            found.append(actor | {"text": layers.text[start:end]})
    unique: dict[str, dict] = {}
    for actor in found:
        unique.setdefault(actor["id"], actor)
    return list(unique.values())


def _office_holders(layers: _Layers, start: int, end: int, kb) -> list[dict]:
    """ "the defence ministers of the United States, the United Kingdom, France and Turkey": one
    actor per country, the holder of that office on the article's date where the knowledge base knows."""
    span = layers.doc.char_span(start, end, alignment_mode="expand")
    if span is None or span.root.tag_ != "NNS":
        return []
    roles, office = kb.roles_of(layers.doc[span.start:span.root.i + 1].text)  # "the defence ministers"
    if not office:
        return []
    countries = []
    for token in span:
        country = kb.country_of(token.text) if token.ent_type_ in ("GPE", "NORP") and token.text[:1].isupper() else None
        if country and country not in countries:
            countries.append(country)
    whole = [e for e in layers.entities if e["start"] >= start and e["end"] <= end and e["label"] == "GPE"]
    for entity in whole:
        country = kb.country_of(entity["text"])
        if country and country not in countries:
            countries.append(country)
    if len(countries) < 2:
        return []
    date = (layers.doc._.published or "")[:10]
    out = []
    for country in countries:
        holder = kb.office_holder(country, office, date) if date else None
        if holder:
            out.append({"id": holder["id"], "name": holder["name"], "kind": "person", "country": holder["country"],
                        "roles": list(holder["roles"]), "text": span.text})
        else:
            out.append({"id": f"{country.lower()}-{office.replace('_', '-')}", "name": span.text, "kind": "person",
                        "country": country, "roles": list(roles), "text": span.text})
    return out


def _place_target(place: dict, sources: list[dict]) -> list[dict]:
    """With no target named, the country where it happened is the target, as CAMEO codes it
    ("demonstrated in Serbia", "arrived in Amman"), unless that is the source's own country."""
    country = place["country"]
    if any(s.get("country") == country for s in sources):
        return []
    return [{"id": country.lower(), "name": place["text"], "kind": "country", "country": country, "roles": [],
             "text": place["text"]}]


def _argument(actor: dict | None) -> dict | None:
    if actor is None:
        return None
    argument = {"actor": actor["id"], "text": actor.get("text") or actor.get("name"),
                "country": actor.get("country"), "roles": list(actor.get("roles") or [])}
    if actor.get("implicit"):
        argument["implicit"] = True  # not in the text: implied by the act ("was arrested" -> the police)
    return argument


def _base_record(match: Match, layers: _Layers, args, published: str | None, ontology,
                 governing: dict[int, str]) -> dict:
    token, trigger = match.token, match.trigger
    sent = token.sent
    timex = event_date(token, layers.timexes)
    # the words folded into the trigger report the same event: where one of them says it happened
    # ("In Sadr City, ... four attacks killed 14", with "killed" read as a modifier of "attacks")
    for word in (token,) + match.absorbed:
        place = event_place(word, layers.event_places, args, trigger.type in MATERIAL_TYPES,
                            protest=trigger.type == "PROTEST", retreat=trigger.type == "RETREAT")
        if place is not None:
            break
    mood = modality(token, trigger.type, governing)
    if place is None and trigger.type in MATERIAL_TYPES and mood == "asserted":
        # a reported deed with no place in its own clauses happened where the sentence says, if it says
        place = sentence_place(token, layers.event_places, args, protest=trigger.type == "PROTEST",
                               retreat=trigger.type == "RETREAT")
    if place is not None and place.get("lat") is None:
        # a village the gazetteer does not know takes the point of the known place the text puts it in
        place = held_by(layers.text, place, layers.event_places) or place
    cameo = trigger.cameo or ontology.cameo_for(trigger.type, trigger.mode)
    return {
        "id": None, "type": trigger.type, "mode": trigger.mode or None, "cameo": cameo or None,
        "date": timex["value"] if timex else (published or "")[:10] or None,
        "date_precision": timex["precision"] if timex else None,
        "date_text": timex["text"] if timex else None,
        "location": dict(place) if place else None,
        "modality": mood,
        "attribution": attribution(token, layers.entities),
        "sentence": sent.text, "span": [sent.start_char, sent.end_char],
    }


def _confidence(match: Match, sources: list[dict], targets: list[dict]) -> float:
    """How likely the event is coded right: the trigger's own certainty, how complete its arguments
    are, and whether it is the sentence's main event (events in subordinate clauses and phrases are
    more often background or mis-typed). Calibrated on the PLOVER development set: see docs/quality.md."""
    score = 0.45 * match.trigger.weight + (0.15 if match.specific else 0.0)
    score += 0.2 if any(s.get("country") for s in sources) else 0.05 if sources else 0.0
    score += 0.15 if targets else 0.0
    score = score + 0.05 if _is_main(match.token) else score * 0.55
    return round(min(score, 0.99), 2)


def _is_main(token) -> bool:
    """The trigger is the sentence's main predicate, or its verb complements or coordinates it."""
    verb = verb_of(token)
    return verb.dep_ == "ROOT" or (verb.head.dep_ == "ROOT" and verb.dep_ in ("xcomp", "ccomp", "conj")) \
        or before_a_colon(verb)  # a headline's lead: "Canada throws out two envoys: Beijing vows retaliation"

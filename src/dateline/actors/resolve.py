"""Resolution of mentions to actors, with coreference inside one article.

Every PERSON / ORG / GPE / NORP entity, every title used without a name ("the defense secretary",
"his Russian counterpart"), group phrases ("the pair") and pronouns become ``Mention``s pointing to
actors. Known people come from the knowledge base (office on the article's date); unknown people are
coded from the title before or after their name ("Russian Gen. Sergey Surovikin" -> RUS MIL).
"""
from __future__ import annotations

import re
from bisect import bisect_right, insort
from itertools import groupby
from typing import Iterator
from dataclasses import dataclass, field

from ..nlp import text_of
from .kb import KnowledgeBase

# Words that may stand in a title phrase before a name, besides title words themselves.
_TITLE_GLUE = frozenset({"of", "for", "the", "'s", "’s", "and", "-", "deputy", "acting", "former", "first",
                         "senior", "top", "chief", "then", "u.s.", "us", "new", "ousted", "interim", "late",
                         "outgoing", "incoming", "elected", "exiled", "deposed", "veteran", "junior", "assistant",
                         "special", "federal", "national", "foreign", "military"})
_WINDOW = 7  # tokens looked at before a name for its title
_GROUP_PRONOUNS = {"the pair": 2, "the two": 2, "both men": 2, "the two men": 2, "the two ministers": 2}
_PERSON_PRONOUNS = frozenset({"he", "she", "him", "his", "her"})
_LOCATIVE = frozenset({"in", "into", "from", "near", "at", "to", "across", "around", "outside", "of"})
_HEADS = frozenset({"counterpart", "counterparts"})


@dataclass
class Actor:
    """One actor of an article: a person, organisation, country, international body or group."""

    id: str
    name: str
    kind: str
    country: str | None = None
    roles: tuple[str, ...] = ()
    title: str | None = None
    office: str | None = None
    aliases: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "kind": self.kind, "country": self.country,
                "roles": list(self.roles), "title": self.title,
                "aliases": [a for a in self.aliases if a != self.name]}


@dataclass
class Mention:
    """A span of the body that refers to one or more actors."""

    start: int
    end: int
    text: str
    actors: tuple[str, ...]
    sentence: int

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text, "actors": list(self.actors)}


class _Article:
    """Resolution state for one Doc: actors met so far, in order, and the mentions found."""

    def __init__(self, doc, published: str | None, kb: KnowledgeBase):
        self.doc, self.kb = doc, kb
        self.places: list[dict] = doc._.dateline_places or []
        self.date = (published or "")[:10] or None
        self.actors: dict[str, Actor] = {}
        self.mentions: list[Mention] = []
        # the mentions latest-first (start descending, then in the order found), all of them and the
        # people's by office, kept up to date as mentions are added: looking back from a word then
        # neither sorts them all again nor walks past every mention that is no person
        self._latest_first: dict[object, list[tuple[int, int]]] = {}
        self._indexed = 0
        self._countries: set[str] | None = None

    def before(self, offset: int, people_with: object = ()) -> Iterator[Mention]:
        """The mentions that start before a character offset, the latest first; with ``people_with`` only
        those of one person holding that office (None: any office)."""
        while self._indexed < len(self.mentions):
            mention, k = self.mentions[self._indexed], self._indexed
            keys: list[object] = [()]
            person = self.actors.get(mention.actors[0]) if len(mention.actors) == 1 else None
            if person is not None and person.kind == "person":
                keys += [None, ("office", person.office)]
            for key in keys:
                insort(self._latest_first.setdefault(key, []), (-mention.start, k))
            self._indexed += 1
        key = people_with if people_with == () or people_with is None else ("office", people_with)
        order = self._latest_first.get(key, [])
        for k in range(bisect_right(order, (-offset, len(self.mentions))), len(order)):
            yield self.mentions[order[k][1]]

    def countries(self) -> set[str]:
        """The countries and bodies the article names: its places' countries, and its nations and
        organisations as the knowledge base reads them ("Russian", "NATO")."""
        if self._countries is None:
            found = {p["country"] for p in self.places if p.get("country")}
            for ent in self.doc.ents:
                if ent.label_ in ("GPE", "NORP", "ORG"):
                    text = _strip_possessive(ent.text)
                    body = self.kb.igo(text) or self.kb.igo_in(text)
                    found |= {self.kb.country_of(text)} | ({body["id"], body["country"]} if body else set())
            self._countries = found - {None}
        return self._countries

    def add(self, actor: Actor, span) -> Actor:
        known = self.actors.setdefault(actor.id, actor)
        if span.text not in known.aliases:
            known.aliases.append(span.text)
        sentence = span.sent.start if hasattr(span, "sent") else 0
        self.mentions.append(Mention(span.start_char, span.end_char, span.text, (known.id,), sentence))
        return known

    def last_person(self, before: int, office: str | None = None) -> Actor | None:
        """The most recent person mentioned before a character offset (with that office, if given)."""
        for mention in self.before(before, people_with=office):
            if len(mention.actors) > 1:
                continue
            for actor_id in mention.actors:
                actor = self.actors[actor_id]
                if actor.kind == "person" and (office is None or actor.office == office):
                    return actor
        return None


def resolve_actors(doc, entities: list[dict], published: str | None, kb: KnowledgeBase) -> tuple[list[dict], list[Mention]]:
    """The article's actors (SCHEMA ``actors``) and its mentions; sets each entity's ``actor``."""
    article = _Article(doc, published, kb)
    by_span = {(e["start"], e["end"]): e for e in entities}
    for entity in entities:
        span = doc.char_span(entity["start"], entity["end"], alignment_mode="expand")
        if span is None:
            continue
        actor = _resolve_entity(article, span, entity["label"])
        if actor is not None:
            if actor.kind == "group" and entity["label"] == "NORP" and span.end < len(doc):
                span = doc[span.start:span.end + 1]  # the mention is "Russian forces", not "Russian"
            entity["actor"] = article.add(actor, span).id
    _resolve_titles(article, by_span)
    _resolve_groups_and_pronouns(article)
    article.mentions.sort(key=lambda m: m.start)
    return [a.to_dict() for a in article.actors.values()], article.mentions


def _resolve_entity(article: _Article, span, label: str) -> Actor | None:
    if label == "PERSON":
        return _person(article, span)
    if label in ("ORG", "FAC"):
        return _organisation(article, span)
    if label == "GPE":
        return _country(article, span)
    if label == "NORP":
        return _group(article, span)
    return None


def _person(article: _Article, span) -> Actor | None:
    """A named person: the knowledge base's entry on the article's date, else coded from the title."""
    kb, name = article.kb, _strip_possessive(span.text)
    if len(name.split()) == 1:
        earlier = next((a for a in reversed(list(article.actors.values()))
                        if a.kind == "person" and a.name.split()[-1] == name), None)
        if earlier:
            return earlier
        rows = [row for row in _on_date(kb.person_by_surname(name), article.date) if _fits(article, span, row)]
    else:
        rows = _on_date(kb.person(name), article.date)
    if rows:
        row = rows[0]
        roles = tuple(row["roles"]) + (("GOV",) if row["country"] == "IGO" and "GOV" not in row["roles"] else ())
        return Actor(row["id"], row["name"], "person", row["country"], roles, row["title"], row["office"])
    if len(name.split()) == 1:
        return None  # a lone unknown surname: too little to make an actor of
    roles, office, country, title = _title_around(article, span)
    if roles and not country:
        country = sentence_country(article.places, span.sent)  # "Judge Alejandro Rivera ... in Santiago"
    return Actor(kb.canonical_id(name), name, "person", country, roles, title, office)


def _fits(article: _Article, span, row: dict) -> bool:
    """A surname alone is a known person only with evidence: a title or office word next to it
    ("President Taylor", "Taylor, the foreign minister"), the person being in office on the article's
    date, or the article naming the person's country or body ("Putin" in an article that names Russia).
    A singer or a shop owner who shares a surname with a former head of state is not that head of state."""
    if _title_around(article, span)[0]:
        return True
    date = article.date
    if date and row["start"] <= date and (not row["end"] or date <= row["end"]):
        return True  # in office on the article's date: "Putin said" in 2022
    return row["country"] in article.countries()


def sentence_country(places: list[dict], sent) -> str | None:
    """The one country the sentence's places belong to, when there is exactly one."""
    countries = {p["country"] for p in places if sent.start_char <= p["start"] < sent.end_char and p.get("country")}
    return countries.pop() if len(countries) == 1 else None


def _on_date(rows: list[dict], date: str | None) -> list[dict]:
    """Office-holder rows, those in office on ``date`` first, then the most recent."""
    def in_office(row: dict) -> bool:
        return bool(date) and row["start"] <= date and (not row["end"] or date <= row["end"])
    latest_first = sorted(rows, key=lambda r: r["start"], reverse=True)
    return sorted(latest_first, key=lambda r: (not in_office(r), bool(date) and r["start"] > date))


def _title_around(article: _Article, span) -> tuple[tuple[str, ...], str | None, str | None, str | None]:
    """Roles, office, country and title text from the words just before a name (or an appositive after it)."""
    doc = span.doc
    start = span.start
    while start > max(span.sent.start, span.start - _WINDOW):
        token = doc[start - 1]
        title_case = token.is_title and token.ent_type_ not in ("DATE", "TIME", "PERSON") and not token.is_sent_start
        nation = token.text[:1].isupper() and article.kb.country_of(_strip_possessive(token.text))
        if token.ent_type_ in ("NORP", "GPE") or token.lower_ in _TITLE_GLUE or title_case or nation \
                or article.kb.roles_of(token.text)[0]:
            start -= 1
        else:
            break
    while start < span.start and not article.kb.roles_of(doc[start:span.start].text)[0] \
            and doc[start].ent_type_ not in ("NORP", "GPE") and not article.kb.country_of(doc[start].text):
        start += 1  # no title in the run after all: "Tuesday" or a stray capital is not one
    phrase = doc[start:span.start]
    if not len(phrase) and span.end + 1 < len(doc) and doc[span.end].text == ",":
        end = span.end + 1
        while end < min(span.sent.end, span.end + _WINDOW) and doc[end].text not in (",", "."):
            end += 1
        phrase = doc[span.end + 1:end]
    roles, office = article.kb.roles_of(phrase.text) if len(phrase) else ((), None)
    country = _country_in(article.kb, phrase)
    return tuple(roles), office, country, (phrase.text.strip(" ,") or None) if roles else None


def _country_in(kb: KnowledgeBase, tokens) -> str | None:
    """The country a phrase names: the whole phrase first ("Democratic People's Republic of Korea"), then its words."""
    whole = kb.country_of(_strip_possessive(tokens.text)) if len(tokens) > 1 and tokens.text[:1].isupper() else None
    if whole:
        return whole
    for token in tokens:
        if not token.text[:1].isupper():
            continue  # "and" is not Andorra's code
        country = kb.country_of(_strip_possessive(token.text))
        if country:
            return country
    return None


def _organisation(article: _Article, span) -> Actor | None:
    kb, text = article.kb, span.text
    body = kb.igo(text) or kb.group(text) or kb.igo_in(text) or kb.group_in(text)
    if body:
        kind = "igo" if body.get("country") == "IGO" else "group"
        return Actor(body["id"], body["name"], kind, body["country"], tuple(body["roles"]))
    metonym = kb.metonym(text)
    if metonym:
        name = re.sub(r"^the\s+", "", text, flags=re.I)
        return Actor(_slug(name), name, "organisation", metonym[0], tuple(metonym[1]))
    country = kb.country_of(_strip_possessive(text))
    if country:  # a country the tagger took for an organisation ("Belarus's rulers")
        return Actor(country.lower(), _strip_possessive(text), "country", country, ())
    roles, office = kb.roles_of(text)
    country = _country_in(kb, span) or _owner_before(kb, span) or next(
        (p["country"] for p in article.places if span.start_char <= p["start"] < span.end_char and p.get("country")),
        None) or _named_place_country(span)
    name = _strip_possessive(text)
    # "the defence ministry" of one country is not another's: unknown organisations carry their country
    actor_id = _slug(f"{country} {name}") if country and not _slug(name).startswith(country.lower()) else _slug(name)
    return Actor(actor_id, name, "organisation", country, tuple(roles), None, office)


_MAJOR_PLACE = 100_000  # a town this large, named inside a phrase, says which country it is in


def _named_place_country(tokens) -> str | None:
    """The country of a well-known place named inside a name or phrase: "the United Bus Company of Tehran"."""
    from ..places import load_gazetteer

    gazetteer = load_gazetteer()
    for name in _proper_names(tokens):
        if len(name) < 4:
            continue
        known = [p for p in gazetteer.well_known(name) if p.country and (
            p.feature in ("country", "admin") or p.capital or p.population >= _MAJOR_PLACE)]
        if known:  # the largest namesake: Los Angeles is the Californian city before the Chilean one
            return max(known, key=lambda p: (p.feature == "country", p.population or 0)).country
    return None


def _proper_names(tokens) -> list[str]:
    """Runs of proper nouns, each read as one name: "New York" is not York."""
    return [" ".join(t.text for t in run) for is_name, run in groupby(tokens, key=lambda t: t.pos_ == "PROPN")
            if is_name]


def _owner_before(kb: KnowledgeBase, span) -> str | None:
    """The country written just before a name: "Israel's Cabinet", "the Iraqi Governing Council"."""
    doc = span.doc
    i = span.start - 1
    if i >= 1 and doc[i].text in ("'s", "’s"):
        i -= 1
    return kb.country_of(doc[i].text) if i >= 0 and doc[i].text[:1].isupper() else None


def _country(article: _Article, span) -> Actor | None:
    """A country named as an actor; a capital stands for its government unless it is a place ("in Kyiv")."""
    kb, text = article.kb, _strip_possessive(span.text)
    i = span.start - 1
    while i >= 0 and span.doc[i].pos_ in ("ADJ", "DET"):  # "in central Baghdad", "in the capital"
        i -= 1
    before = span.doc[i].lower_ if i >= 0 else ""
    metonym = kb.metonym(text)
    if metonym and before not in _LOCATIVE:
        country, roles = metonym
        return Actor(generic_id(country, roles), text, "group", country, tuple(roles))
    country = kb.country_of(text)
    if country and not metonym:
        return Actor(country.lower(), text, "country", country, ())
    return None


def _group(article: _Article, span) -> Actor | None:
    """A nationality with a group noun after it ("Russian forces") or standing alone ("Palestinians")."""
    kb, doc = article.kb, span.doc
    country = kb.country_of(span.text)
    body = None if country else kb.group(span.text)
    if body:  # "Tamil", "Yoruba": a community with a usual home country
        return Actor(body["id"], body["name"], "group", body["country"], tuple(body["roles"]))
    country = country or _country_in(kb, span)  # "Bosnian Serbs"
    if not country:
        return None
    noun = doc[span.end] if span.end < len(doc) else None
    after_noun = doc[span.end + 1] if span.end + 1 < len(doc) else None
    if after_noun is not None and after_noun.ent_type_ == "PERSON":
        return None  # "Russian Gen. Sergey Surovikin": a title before a name, not a group
    if noun is not None and noun.pos_ in ("NOUN", "PROPN"):
        roles, office = kb.roles_of(noun.text)
        if roles and office is None:  # a group noun ("forces", "officials"), not a title ("minister")
            return _group_actor(country, tuple(roles), doc[span.start:span.end + 1].text)
        if not roles and noun.tag_ == "NNS":  # "Iraqi youths": people of that nation, civilians by default
            return _group_actor(country, ("CVL",), doc[span.start:span.end + 1].text)
        return None
    if span.root.pos_ in ("NOUN", "PROPN") and span.text.endswith("s"):
        return _group_actor(country, ("CVL",), span.text)  # "Palestinians": the people, not the state
    return None


def _group_actor(country: str, roles: tuple[str, ...], text: str) -> Actor:
    return Actor(generic_id(country, roles), text, "group", country, roles)


def generic_id(country: str | None, roles) -> str:
    """The id of an actor named only by what it is ("police", "Russian forces", "two soldiers"): its
    country and role, in the agent style of PETRARCH and ICEWS ("USA:COP", "RUS:MIL"); "---" where the
    country is not known. A generic mention is never made into an id of its own words."""
    codes = [r for r in roles if r != "HEAD"] or list(roles)
    return f"{country or '---'}:{'-'.join(codes) or '---'}"


def _resolve_titles(article: _Article, entity_spans: dict) -> None:
    """Titles with no name: "Russia's defence minister", "the defense secretary", "his Russian counterpart"."""
    doc, kb = article.doc, article.kb
    covered = {i for m in article.mentions for i in range(m.start, m.end)}
    for token in doc:
        if token.idx in covered or token.pos_ not in ("NOUN", "PROPN"):
            continue
        is_counterpart = token.lower_ in _HEADS
        if not (is_counterpart or kb.roles_of(token.text)[0]):
            continue
        following = doc[token.i + 1] if token.i + 1 < len(doc) else None
        if following is not None and (following.ent_type_ == "PERSON" or kb.roles_of(following.text)[0]
                                      or following.lower_ in ("of", "for")):
            continue  # "Defense Minister Sergey Shoygu": the name carries it; "Defense" in "Defense Secretary"
        phrase = _phrase_before(doc, token)
        country = _country_in(kb, phrase)
        if is_counterpart:
            subject = article.last_person(token.idx)
            roles, office = (subject.roles, subject.office) if subject else ((), None)
        else:
            roles, office = kb.roles_of(phrase.text)
        if not office:
            continue
        holder = kb.office_holder(country, office, article.date) if country and office and article.date else None
        if holder:
            actor = _holder_actor(holder)
        elif office and not country:
            actor = article.last_person(token.idx, office)
        elif office and country and not is_counterpart:
            actor = _office_actor(country, office, tuple(roles), phrase.text)  # "Montenegro's prime minister"
        else:
            actor = None
        if actor is not None:
            article.add(actor, phrase)


def _phrase_before(doc, head):
    """The title phrase ending at ``head``: determiners, possessives, nationalities and title words."""
    start = head.i
    while start > head.sent.start and (doc[start - 1].ent_type_ in ("NORP", "GPE") or doc[start - 1].lower_
                                       in _TITLE_GLUE | {"his", "her", "their", "its", "a"}
                                       or doc[start - 1].pos_ == "NOUN" and doc[start - 1].i >= head.i - 2):
        start -= 1
    return doc[start:head.i + 1]


def _office_actor(country: str, office: str, roles: tuple[str, ...], text: str) -> Actor:
    """Whoever holds an office the knowledge base does not list: one actor per country and office."""
    return Actor(f"{country.lower()}-{office.replace('_', '-')}", _strip_possessive(text), "person", country,
                 roles, text, office)


def _holder_actor(row: dict) -> Actor:
    return Actor(row["id"], row["name"], "person", row["country"], tuple(row["roles"]), row["title"], row["office"])


def _resolve_groups_and_pronouns(article: _Article) -> None:
    """ "the pair" -> the last two people; "he"/"his" -> the last person before it."""
    doc = article.doc
    text = text_of(doc).lower()
    for phrase, size in _GROUP_PRONOUNS.items():
        for found in re.finditer(rf"\b{re.escape(phrase)}\b", text):
            people = _last_people(article, found.start(), size)
            if len(people) == size:
                span = doc.char_span(found.start(), found.end(), alignment_mode="expand")
                article.mentions.append(Mention(span.start_char, span.end_char, span.text,
                                                tuple(a.id for a in people), span.sent.start))
    for token in doc:
        if token.lower_ in _PERSON_PRONOUNS and token.pos_ == "PRON":
            person = article.last_person(token.idx)
            if person is not None:
                article.mentions.append(Mention(token.idx, token.idx + len(token), token.text,
                                                (person.id,), token.sent.start))


def _last_people(article: _Article, before: int, size: int) -> list[Actor]:
    people: list[Actor] = []
    for mention in article.before(before):
        for actor_id in mention.actors:
            actor = article.actors.get(actor_id)
            if actor and actor.kind == "person" and actor not in people:
                people.append(actor)
        if len(people) >= size:
            break
    order = list(article.actors)
    return sorted(people[:size], key=lambda a: order.index(a.id))  # in the order the article introduced them


def _strip_possessive(text: str) -> str:
    return re.sub(r"(?:'s|’s|')$", "", text.strip())


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def actor_for_span(doc, mentions: list[Mention], actors: list[dict], start: int, end: int,
                   kb: KnowledgeBase, places: list[dict] = (), by_id: dict[str, dict] | None = None) -> dict | None:
    """The actor a span of the body refers to: the mention that covers most of it, else the span
    itself read as a phrase ("Senior Hungarian officials" -> HUN GOV; "rebels in Darfur" -> SDN REB,
    the country from a place the phrase names). ``by_id``: ``actors`` by id, where the caller keeps
    it (made here for each span, it cost a long article's event rules a pass over all its actors)."""
    best, best_overlap = None, 0
    span = doc.char_span(start, end, alignment_mode="expand")
    # a mention after the phrase's head is attached to it, not what it is: "aid to Syria" is aid
    head_end = span.root.idx + len(span.root) if span is not None else end
    attached: list[Mention] = []  # names hung on the head by a place word: "police in Pakistan"
    for mention in mentions:
        if mention.start >= head_end and span is not None and start <= mention.start < end \
                and _attached_by_place_word(doc, span, mention):
            attached.append(mention)
            continue
        overlap = min(end, mention.end) - max(start, mention.start)
        if overlap > best_overlap and len(mention.actors) == 1:
            best, best_overlap = mention, overlap
    by_id = {a["id"]: a for a in actors} if by_id is None else by_id
    phrase = _phrase_actor(kb, span) if span is not None else None
    actor = by_id.get(best.actors[0]) if best is not None else None
    place_country = next((p["country"] for p in places if p["start"] >= start and p["end"] <= end
                          and p.get("country")), None)
    attached_country = next((by_id[m.actors[0]].get("country") for m in attached
                             if len(m.actors) == 1 and by_id.get(m.actors[0], {}).get("kind") == "country"), None)
    if phrase is not None and not phrase.get("country") and (place_country or attached_country):
        # "police in Pakistan", "rebels in Darfur": the people of a role are of the country they are in
        country = place_country or attached_country
        generic = ":" in phrase["id"]  # a named body keeps its id; a generic mention is coded anew
        phrase = {**phrase, "country": country,
                  "id": generic_id(country, phrase.get("roles") or ()) if generic else phrase["id"]}
    elif phrase is None and place_country and span is not None:
        phrase = {"id": place_country.lower(), "name": span.text, "kind": "country", "country": place_country,
                  "roles": []}  # a place standing for its country ("Darfur", "Samarra")
    if phrase is not None and not phrase.get("country") and places and span is not None:
        countries = {p["country"] for p in places if span.sent.start_char <= p["start"] < span.sent.end_char
                     and p.get("country")}
        if len(countries) == 1:  # "Islamic fundamentalists ... in Algiers": the sentence's one country
            phrase = {**phrase, "country": countries.pop()}
    if actor is None:
        return phrase
    extra = set(phrase.get("roles") or []) - set(actor.get("roles") or []) - {"HEAD"} if phrase else set()
    longer = best is not None and (best.end - best.start) < (end - start)
    if extra and longer and actor["kind"] in ("country", "group", "igo", "organisation"):
        # "U.S. soldier", "United Nations peacekeepers": the actor from the mention, the role from the words around it
        roles = sorted(set(actor.get("roles") or []) | extra) if actor["kind"] == "igo" else sorted(extra)
        return {**actor, "kind": "group", "roles": roles, "country": actor.get("country") or phrase.get("country")}
    return actor


# Prepositions that hang a place, a recipient or a source on a noun: "aid to Syria", "loans from the
# government", "forces in Syria" are aid, loans and forces. ("the government of Iraq", "talks between
# Iran and Iraq" name their actors.)
_ATTACHING = frozenset({"to", "from", "in", "into", "at", "on", "near", "for", "against", "over", "across",
                        "toward", "towards", "by", "through", "around", "inside", "outside"})


def _attached_by_place_word(doc, span, mention) -> bool:
    """Is the mention, after the phrase's head, hung on it by one of the prepositions above?"""
    token = next((t for t in span if t.idx >= mention.start), None)
    while token is not None and token != span.root and token.i != token.head.i:
        if token.dep_ == "prep" and token.lower_ in _ATTACHING:
            return True
        token = token.head
    return False


def _head_words(span):
    """The phrase's head noun with the words that qualify it just before it ("the Iraqi security
    forces"), without what hangs before them ("In Kadhimiya, where pilgrims gather, three attacks")."""
    doc, root = span.doc, span.root
    start = root.i
    while start > span.start and doc[start - 1].dep_ not in ("punct", "relcl", "acl", "advcl", "prep", "cc") \
            and start - 1 < doc[start - 1].head.i <= root.i:
        start -= 1
    return doc[start:root.i + 1]


def _phrase_actor(kb: KnowledgeBase, span) -> dict | None:
    """An actor read off a noun phrase with no resolved mention in it."""
    text = _strip_possessive(span.text)
    for lookup in (kb.igo, kb.group, kb.metonym, kb.igo_in, kb.group_in):
        found = lookup(text)
        if isinstance(found, dict):
            roles = sorted(set(found["roles"]) | set(kb.roles_of(text)[0]) - {"HEAD"})
            return {"id": found["id"], "name": found["name"], "kind": "igo" if found["country"] == "IGO" else "group",
                    "country": found["country"], "roles": roles}
        if found:
            return {"id": _slug(text), "name": text, "kind": "organisation", "country": found[0],
                    "roles": list(found[1])}
    # what the phrase is comes from its head and the words before it: "loans from the government" are
    # loans, "the proximity of the border and joint operations" a proximity, neither an actor
    core = _head_words(span)
    country = _country_in(kb, core) or _named_place_country(core)
    words = " ".join(t.text for t in core if t.ent_type_ not in ("GPE", "LOC", "FAC"))  # "West Bank" is no bank
    roles = list(kb.roles_of(words)[0])
    if not roles:
        roles = [r for token in core if token.ent_type_ not in ("GPE", "LOC", "FAC")
                 for r in kb.roles_of(token.text)[0] if r not in ("HEAD",)]
    if not roles and country and span.root.tag_ in ("NNPS", "NNS") and span.root.text[:1].isupper():
        roles = ["CVL"]  # "Iraqi Kurds", "Bosnian Serbs": a people
    if not roles and country is None:
        return None
    return {"id": generic_id(country, sorted(set(roles))), "name": text, "kind": "group", "country": country,
            "roles": sorted(set(roles))}

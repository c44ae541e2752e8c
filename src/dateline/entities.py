"""Named entities: spaCy's NER, with the errors the small model makes on news corrected.

Corrections: a place name tagged PERSON or ORG ("Kyiv", "Lyman") becomes GPE when the text treats
it as a place (a locative word before it, "city of", "region" after it) or it is a major place
(country, first-level region, large city), and never when the article uses it as a person's surname
("Austin" after "Lloyd Austin") or a title stands before it; a title word tagged ORG ("Defense" in
"Defense Secretary Lloyd Austin") is no entity.
"""
from __future__ import annotations

from functools import lru_cache

from .data import tsv_rows, word_lists

# Labels of named mentions; dates and numbers are other layers' business (timexes) or none.
NAMED_LABELS = frozenset({"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT",
                          "WORK_OF_ART", "LAW", "LANGUAGE"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
ENTITY_WORDS = "entity_words.tsv"


def entity_words(name: str) -> frozenset[str]:
    """One word list of ``data/entity_words.tsv`` (the vocabulary of the name and place rules here, in
    places.py and in truecase.py); a list the table lacks is an error, not an empty list."""
    try:
        return word_lists(ENTITY_WORDS)[name]
    except KeyError:
        raise KeyError(f"no word list {name!r} in {ENTITY_WORDS}") from None

# Words before a name that make it a place ("in Kyiv", "the city of Lyman"), and after it ("Donetsk region").
_LOCATIVE_BEFORE = entity_words("locative_before")
_PLACE_AFTER = entity_words("place_after")
# Place nouns that make the name they govern a place whether or not the gazetteer knows it: "the
# settlement of Jaba", "the neighbourhood of Almaqamat", "al-Ja'ouneh area".
PLACE_NOUNS = entity_words("place_nouns")
# Nouns whose "of" (or "to") phrase names a place: "the villages of X", "the outskirts of X", "the
# entrance to X".
NAMING_NOUNS = PLACE_NOUNS | entity_words("naming_nouns")
# Site words after a name that make it a place ("the Tiyas airbase", "near the Aqabeh axis"), and
# settlement words right before one ("at village Lassipora").
_SITE_AFTER_NAME = entity_words("site_after_name")
_SETTLEMENT_BEFORE_NAME = entity_words("settlement_before_name")
# The last word of a place's own name: "Kindi Hospital", "Bani Zaid Quarter", "Qalamoun Mountains".
_NAMED_PLACE_ENDINGS = entity_words("named_place_endings")
_CLOCK_WORDS = entity_words("clock_words")
_PLACE_PREPOSITIONS = entity_words("place_prepositions")
COMPASS = entity_words("compass")
_COMPASS_ADJECTIVES = entity_words("compass_adjectives")
# Verbs whose object is a place ("stormed Tal Bizam"); not "capture", whose object is often a person.
# Written out in their forms: without event coding the pipeline has no lemmatizer.
PLACE_TAKING_VERBS = entity_words("place_taking_verbs")
# Forms of verbs whose object, when the model calls it an organisation, is a place ("captured Birao"),
# besides PLACE_TAKING_VERBS, whose objects are places whatever the model calls them.
_SEIZING_FORMS = entity_words("seizing_forms")
# Withdrawals, advances, attacks and reinforcements go from, to or on places.
_MOVEMENT_WORDS = entity_words("movement_words")
# First words of place names in the region's languages and in English: mountain, hill, valley,
# village, monastery, spring, well, house; mount, lake, fort.
_PLACE_NAME_STARTS = entity_words("place_name_starts")
# Words of organisations' names: "Fatah Halab Operations Room" is no place.
_ORGANISATION_WORDS = entity_words("organisation_words")
_MAJOR_CITY = 250_000  # a city this large is meant as a place even without a cue
_SPEECH_AFTER = entity_words("speech_after")


@lru_cache(maxsize=None)
def title_words() -> frozenset[str]:
    return frozenset(row[0].casefold() for row in tsv_rows("title_words.tsv"))


def find_entities(doc) -> list[dict]:
    """Every named mention of the Doc as {start, end, text, label, actor}, corrected."""
    from .actors.kb import load_kb
    from .places import load_gazetteer

    gazetteer = load_gazetteer()
    surnames = {ent[-1].text for ent in doc.ents if ent.label_ == "PERSON" and len(ent) > 1}
    countries = _named_countries(doc, gazetteer)
    found = []
    for ent in doc.ents:
        if ent.label_ not in NAMED_LABELS or _is_title(ent):
            continue
        if len(ent) >= 2 and ent[0].text[:1].isupper() and ent[0].lower_ in _PLACE_PREPOSITIONS \
                and _starts_a_sentence(ent):
            # "Near Palmyra , two strikes ...": the model read the sentence's first word into the name (not
            # "the Near East")
            ent = ent[1:]
            found.append(_entity(ent.start_char, ent.end_char, ent.text, "GPE"))
            continue
        if ent.label_ in PLACE_LABELS and not any(c.isupper() for c in ent.text):
            continue  # "burned churches and mosques", "a region of north Kenya": a name has a capital
        label = ent.label_
        if ent[-1].lower_ in _WEEKDAYS:
            label = "DATE"  # "Easter Sunday": the small model sometimes calls it a facility
        elif ent.text.casefold() in _CLOCK_WORDS:
            label = "TIME"  # "around 11 A.M. (Moscow time)": the small model sometimes calls it a place
        elif label in ("GPE", "LOC", "FAC") and _known_person(ent):
            label = "PERSON"  # "a farm outside Saddam Hussein's home town"
        elif label in ("GPE", "LOC") and (_person_named_like_place(ent, surnames)
                                          or _unknown_place_that_acts(ent, gazetteer)):
            label = "PERSON"  # "Secretary Austin", "Austin said" after "Lloyd Austin", "Karim replied"
        elif label == "NORP" and load_kb().igo(ent.text) and not _is_demonym(ent.text):
            label = "ORG"  # "ISIL": a group the model calls a nationality
        elif label in ("GPE", "LOC", "FAC", "ORG") and load_kb().igo(ent.text):
            label = "ORG"  # "outside UN headquarters": an organisation (there is an Un in India)
        elif label in ("GPE", "LOC") and ent.text in load_kb().demonyms:
            label = "NORP"  # "the Angolan port of Lobito": a nationality word, not the place
        elif label in ("FAC", "GPE", "LOC", "ORG") and _after_an_age(ent):
            label = "PERSON"  # "the 25-year-old Jimenez" (there is a Jimenez in Mexico)
        elif label in ("PERSON", "ORG") and ent.text not in surnames and _facility_name(ent):
            label = "FAC"  # "the Kindi Hospital", "Yarmouk Refugee Camp": named by what they are
        elif label in ("PERSON", "ORG") and ent.text not in surnames and not _known_person(ent) and (
                _place_not_person(ent, gazetteer, countries) or _named_as_place(ent)
                or _unknown_name_in_place_phrase(ent)):
            label = "GPE"
        elif label in ("PERSON", "ORG") and _is_demonym(ent.text):
            label = "NORP"  # "Ugandan rebels": spaCy's small model sometimes tags the nationality PERSON
        elif label in ("PRODUCT", "WORK_OF_ART", "EVENT", "LAW", "LANGUAGE") and (
                _named_as_place(ent) or _compass_before(ent)
                or gazetteer.is_place(ent.text)
                and (_in_place_slot(ent) or _taken_place(ent))):
            label = "GPE"  # "the town of Manbij", "northern Aleppo", "in Corsica", "captured Manbij": the small
            # model's PRODUCT or LANGUAGE
        elif label == "NORP" and not _is_demonym(ent.text) and not _group_adjective(ent, gazetteer) and (
                gazetteer.is_place(ent.text) and len(ent) <= 2 or _named_as_place(ent)
                or _in_place_slot(ent)):
            label = "GPE"  # "the northern Aleppo countryside", "Srisakorn district": a place, not a nationality
        if label in PLACE_LABELS and len(ent) >= 2 and ent[1].pos_ == "PROPN" and ent[0].lower_ in _GROUP_WORDS:
            ent = ent[1:]  # "the mainly Sunni Adhamiya district": the group word is not part of the name
        if len(ent) >= 2 and ent[-1].lower_ in ("'s", "’s") and not gazetteer.is_town(ent.text):
            ent = ent[:-1]  # "the State Department 's": the possessive is no part of the name ("St. John's" is)
        found.append(_entity(ent.start_char, ent.end_char, ent.text, label))
    found += _untagged_places(doc, gazetteer, countries)
    taken = {(e["start"], e["end"]) for e in found}
    found += [e for e in _unknown_named_places(doc) if (e["start"], e["end"]) not in taken]
    bracketed = _bracketed_divisions(doc)
    found = [e for e in found if not any(e["start"] < b["end"] and b["start"] < e["end"] for b in bracketed)]
    found += bracketed
    _places_in_lists(doc, found)
    return sorted(found, key=lambda e: e["start"])


_WEEKDAYS = entity_words("weekdays")


def _taken_place(ent) -> bool:
    """What a seizing or place-taking verb acts on: "captured Jaffna", "Jaffna was captured"."""
    root = ent.root
    return root.dep_ in ("dobj", "nsubjpass") and (root.head.lower_ in _SEIZING_FORMS
                                                   or root.head.lower_ in PLACE_TAKING_VERBS)


def _known_person(ent) -> bool:
    """A full name (two words or more) the actor knowledge base knows as a person."""
    from .actors.kb import load_kb

    words = [t for t in ent if t.lower_ not in ("'s", "’s")]
    return len(words) >= 2 and bool(load_kb().person(ent.doc[words[0].i:words[-1].i + 1].text))


def _starts_a_sentence(ent) -> bool:
    before = _word_before(ent.doc, ent.start)
    return before is None or before.is_punct or ent[0].is_sent_start


def _person_named_like_place(ent, surnames: set[str]) -> bool:
    """A one-word place name that is a person here: a title stands before it ("Secretary Austin",
    "Gen. Jordan") or the article names a person with it as surname ("Lloyd Austin ... Austin said"),
    and no locative word places it ("talks in Austin")."""
    if len(ent) != 1:
        return False
    before = _word_before(ent.doc, ent.start)
    if before is not None and (before.lower_ in _LOCATIVE_BEFORE or before.lower_ in _COMPASS_ADJECTIVES):
        return False
    return before is not None and before.text.casefold() in title_words() or ent.text in surnames


def _unknown_place_that_acts(ent, gazetteer) -> bool:
    """ "Karim replied", "as Karim continues to play": a one-word name the model calls a place, which
    no gazetteer entry makes well known, doing something (an active verb other than "be" or "have")
    is a person."""
    if len(ent) != 1 or gazetteer.well_known(ent.text) or _in_place_slot(ent):
        return False
    verb = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    return verb is not None and verb.lower_ not in _BE_OR_HAVE and _acts(ent, coordinated=True)


_BE_OR_HAVE = entity_words("be_or_have")


def _after_an_age(ent) -> bool:
    """ "the 25-year-old Jimenez": a name standing alone after an age is a person's (not "a 67-year-old
    Hammond resident")."""
    before = _word_before(ent.doc, ent.start)
    return before is not None and before.lower_ == "old" and _after_hyphen(before) \
        and ent.root.dep_ not in ("compound", "amod", "nmod") and ent.root.head.pos_ != "PROPN"


def _after_hyphen(token) -> bool:
    """The second half of a hyphenated word: "year-old", "Serb-held"."""
    return token.i > 0 and token.doc[token.i - 1].text == "-"


# Religious and sectarian words the small model reads into a place's name ("Shiite al-Bayaa").
_GROUP_WORDS = entity_words("group_words")


def _group_adjective(ent, gazetteer) -> bool:
    """ "the Kurdish area", "a Shiite enclave", "the Muslim village of Bihac": an ethnic or religious
    adjective, not a place name the model took for a nationality ("the Punjab province")."""
    if ent.text.casefold() in _GROUP_WORDS:
        return True  # "a mostly Shia neighbourhood", "Buddhist Thailand": a faith, whatever its tag
    return len(ent) == 1 and ent.root.pos_ == "ADJ" and (
        ent.root.lower_.endswith(("ish", "ese", "ian", "ist", "ic")) or gazetteer.never_a_place(ent.text))


def _places_in_lists(doc, found: list[dict]) -> None:
    """ "the hamlets of Tal Jabin and Harbal": a name coordinated with a place it is listed with
    is a place too, unless the knowledge base knows it as a person or an organisation."""
    from .actors.kb import load_kb

    if not doc.has_annotation("DEP"):
        return  # no parse (the pipeline without event coding): no coordination to read, and a span's
        # children in an unparsed Doc can crash spaCy
    kb = load_kb()
    place_tokens = place_token_indices(doc, found)
    for e in found:
        if e["label"] not in ("PERSON", "ORG"):
            continue
        span = doc.char_span(e["start"], e["end"], alignment_mode="expand")
        if span is None or kb.person(e["text"]) or kb.igo(e["text"]) or kb.group(e["text"]) \
                or {t.lower_ for t in span} & _ORGANISATION_WORDS:
            continue
        root = span.root
        partners = ([root.head] if root.dep_ == "conj" else []) + [c for c in root.children if c.dep_ == "conj"]
        if any(p.i in place_tokens for p in partners):
            e["label"] = "GPE"


def place_token_indices(doc, entities: list[dict]) -> frozenset[int]:
    """Indices of the tokens inside the GPE, LOC and FAC entities of ``entities``."""
    indices = set()
    for entity in entities:
        if entity["label"] in ("GPE", "LOC", "FAC"):
            span = doc.char_span(entity["start"], entity["end"], alignment_mode="expand")
            indices |= {t.i for t in span} if span is not None else set()
    return frozenset(indices)


def _is_demonym(text: str) -> bool:
    """A nationality word ("Ugandan", "Iraqis"), as the actor knowledge base knows them."""
    from .actors.kb import load_kb

    kb = load_kb()
    return len(text.split()) <= 2 and kb.country_of(text) is not None and not _is_country_name(text)


def _is_country_name(text: str) -> bool:
    """Whether a name is a country's own name (then it is a GPE, not a nationality)."""
    from .places import load_gazetteer

    return any(p.feature == "country" for p in load_gazetteer().well_known(text)[:1])


def _entity(start: int, end: int, text: str, label: str) -> dict:
    return {"start": start, "end": end, "text": text, "label": label, "actor": None}


def _named_countries(doc, gazetteer) -> set[str]:
    """Countries the article names as places (GPE/LOC entities that are countries or regions)."""
    return {p.country for ent in doc.ents if ent.label_ in ("GPE", "LOC")
            for p in gazetteer.well_known(ent.text)[:1] if p.feature in ("country", "admin")}


def _untagged_places(doc, gazetteer, countries: set[str]) -> list[dict]:
    """Capitalised words NER left untagged ("Troops left Kyiv") that are places by the same tests."""
    found = []
    for token in doc:
        if token.ent_type_ or not token.text[:1].isupper() or token.is_sent_start or len(token.text) < 3:
            continue
        if token.tag_ not in ("NNP", "NNPS") or not gazetteer.is_place(token.text):
            continue
        if _used_as_place(doc[token.i:token.i + 1], gazetteer, countries):
            found.append(_entity(token.idx, token.idx + len(token.text), token.text, "GPE"))
    return found


def _named_as_place(ent) -> bool:
    """ "the town of Musa Qala", "the settlement of Jaba", "Tabiah sector": a place noun says so."""
    from .actors.kb import load_kb

    doc = ent.doc
    kb = load_kb()
    if len(ent) > 4 or kb.igo(ent.text) or kb.group(ent.text) or kb.country_of(ent.text):
        return False  # "the NATO base": an organisation's name before a place noun stays the organisation
    return _place_noun_around(doc, ent.start, ent.end)


def _facility_name(ent) -> bool:
    """A name that ends in what the place is: "Kindi Hospital", "Bani Zaid Quarter", "Najjar
    Industrial District". The small model often calls such names organisations or people."""
    from .actors.kb import load_kb

    kb = load_kb()
    return len(ent) >= 2 and ent[-1].lower_ in _NAMED_PLACE_ENDINGS and not (kb.igo(ent.text) or kb.group(ent.text))


def _unknown_name_in_place_phrase(ent) -> bool:
    """ "patrolled around Perejil", "fighting in Bayyanoun", "south of Mallah", "entered Quraytayn",
    "northern Aleppo": a name nobody knows as a person or an organisation, in a place's slot, is a
    place the model took for a person or an organisation."""
    from .actors.kb import load_kb

    doc = ent.doc
    before = _word_before(doc, ent.start)
    after = doc[ent.end].lower_ if ent.end < len(doc) else ""
    if ent.label_ not in ("PERSON", "ORG") or after in ("'s", "’s"):
        return False
    if not (_in_place_slot(ent)
            or ent.root.dep_ == "dobj" and ent.root.head.lower_ in PLACE_TAKING_VERBS
            or ent.label_ == "ORG" and ent.root.dep_ == "dobj" and ent.root.head.lower_ in _SEIZING_FORMS
            or _movement_object(ent) or _place_name_start(ent)):
        return False
    kb = load_kb()
    if ent.label_ == "ORG":  # "protested at Google": an organisation's premises, not a place name
        if before is not None and before.lower_ == "at" and not _compass_before(ent):
            return False
        return not ({t.lower_ for t in ent} & _ORGANISATION_WORDS or kb.igo(ent.text) or kb.group(ent.text)
                    or kb.country_of(ent.text) or ent.text.isupper())
    return not kb.person(ent.text) and not kb.person_by_surname(ent[-1].text)


def _in_place_slot(ent) -> bool:
    """A name after a locative preposition or a direction word: "in Bardiya", "south of Haritan"."""
    before = _word_before(ent.doc, ent.start)
    return before is not None and before.lower_ in _PLACE_PREPOSITIONS or _compass_before(ent) \
        or before is not None and before.lower_ in _HELD and _after_hyphen(before) or _distance_before(ent)


def _distance_before(ent) -> bool:
    """ "about 6km from Daquq", "40 miles north of X": a distance measured from the name."""
    before = _word_before(ent.doc, ent.start)
    if before is None or before.lower_ not in ("from", "of"):
        return False
    unit = _word_before(ent.doc, before.i)
    if unit is not None and unit.lower_ in COMPASS:
        unit = _word_before(ent.doc, unit.i)
    return unit is not None and (unit.lower_ in _DISTANCE_UNITS or unit.lower_.rstrip("s") in _DISTANCE_UNITS
                                 or unit.lower_[:1].isdigit() and unit.lower_.lstrip("0123456789.") in _DISTANCE_UNITS)


def _movement_object(ent) -> bool:
    """ "withdrew from Kafr Nabuda", "reinforcements to Al-Bab", "an assault on Jabal Al-Koz"."""
    root = ent.root
    if root.dep_ != "pobj" or root.head.lower_ not in ("from", "to", "on", "towards", "toward", "into"):
        return False
    return root.head.head.lemma_.lower() in _MOVEMENT_WORDS or root.head.head.lower_ in _MOVEMENT_WORDS


def _place_name_start(ent) -> bool:
    """ "Jabal Maskar", "Kafr Nabuda", "Tal Abyad", "Mount Hermon": the first word says what the place is."""
    return len(ent) >= 2 and ent[0].lower_ in _PLACE_NAME_STARTS


# "rebel-held Vogosca", "government-controlled Aleppo": a name held or controlled is a place.
_HELD = entity_words("held")
# Nouns whose possessor is a place: "Tbilisi's central Rustaveli Avenue", "Hyderabad's streets".
_POSSESSED_PLACE_NOUNS = entity_words("possessed_place_nouns")
# Words after a name that make it a settlement in Nigerian and similar reporting: "Agasha community",
# "the Agatu and Logo LGAs" (local government areas).
_SETTLEMENT_WORDS = entity_words("settlement_words")


def _word_before(doc, i: int):
    """The word before token i, over runs of extra spaces ("in  Tal Afar")."""
    i -= 1
    while i >= 0 and doc[i].is_space:
        i -= 1
    return doc[i] if i >= 0 else None


def _compass_before(ent) -> bool:
    """ "northern Aleppo", "south west of Mallah": a direction locates the name."""
    before = _word_before(ent.doc, ent.start)
    if before is None:
        return False
    if before.lower_ == "of":
        before = _word_before(ent.doc, before.i)
        return before is not None and before.lower_ in COMPASS
    return before.lower_ in _COMPASS_ADJECTIVES


def _place_noun_around(doc, start: int, end: int) -> bool:
    """A place noun governs the tokens start..end: "the town of <X>", "<X> district"."""
    before = [t.lower_ for t in doc[max(start - 2, 0):start]]
    after = doc[end].lower_ if end < len(doc) else ""
    following = " ".join(t.lower_ for t in doc[end:end + 3])
    return (len(before) == 2 and before[1] in ("of", "to") and _singular(before[0]) in NAMING_NOUNS) \
        or after in PLACE_NOUNS or after in _SETTLEMENT_WORDS \
        or following.startswith(("local government", "local council", "refugee camp")) \
        or after in _SITE_AFTER_NAME or bool(before) and before[-1] in _SETTLEMENT_BEFORE_NAME
    # "Guma local government area", "the Tiyas airbase", "the Jenin refugee camp", "at village Lassipora"


def _singular(word: str) -> str:
    """ "villages" -> "village", "cities" -> "city": place nouns are regular."""
    return word[:-3] + "y" if word.endswith("ies") else word[:-1] if word.endswith("s") else word


def _unknown_named_places(doc) -> list[dict]:
    """Proper names NER left untagged that a place noun names as places, known to the gazetteer or not:
    "in Srisakorn district", "the village of Kafr Saghir", "the Bani Zaid Quarter"."""
    found = []
    i = 0
    while i < len(doc):
        if doc[i].ent_type_ or doc[i].tag_ not in ("NNP", "NNPS") or doc[i].is_sent_start:
            i += 1
            continue
        j = i
        while j < len(doc) and doc[j].tag_ in ("NNP", "NNPS") and not doc[j].ent_type_ and j - i < 4:
            j += 1
        before = _word_before(doc, i)
        if _place_noun_around(doc, i, j) or (j - i >= 2 and doc[j - 1].lower_ in _NAMED_PLACE_ENDINGS):
            span = doc[i:j]
            found.append(_entity(span.start_char, span.end_char, span.text, "GPE"))
        elif before is not None and before.lower_ in _BESIDE and _beside_name(doc, i, j):
            j = _hyphenated_end(doc, j)  # "near Riviere-du-Loup"
            span = doc[i:j]
            found.append(_entity(span.start_char, span.end_char, span.text, "GPE"))
        i = j
    return found


# Words of a division after its name ("Mashegu LGA", "Douentza Cercle") and of a settlement ("Kashkash village").
_DIVISION_WORDS = entity_words("division_words")
_SETTLEMENT_KINDS = entity_words("settlement_kinds")
_NAME_PARTICLES = entity_words("name_particles")


def _bracketed_divisions(doc) -> list[dict]:
    """Incident reports name a place and, in brackets, the divisions that hold it: "in Dangamacha village
    (Mashegu LGA, Niger State)", "near Boni (Douentza Cercle, Mopti Region)", "in Nad-e Ali District
    (Helmand Province)". The place and every division are places, whatever the small model made of them
    (it reads such brackets as persons, or as one organisation "Jilib (Jilib District")."""
    found: list[dict] = []
    for bracket in doc:
        close = next((t for t in doc[bracket.i + 1:bracket.i + 20] if t.text in "()"), None) \
            if bracket.text == "(" else None
        if close is None or close.text != ")":
            continue
        parts, start = [], bracket.i + 1
        for t in doc[bracket.i + 1:close.i + 1]:
            if t.text in (",", ")"):
                parts.append(doc[start:t.i])
                start = t.i + 1
        if not 1 <= len(parts) <= 3 or not all(_name_tokens(p) for p in parts) \
                or not any(p[-1].lower_ in _DIVISION_WORDS for p in parts):
            continue
        place = _name_before(doc, bracket.i)
        if place is None:
            continue
        found += [_entity(s.start_char, s.end_char, s.text, "GPE") for s in (place, *parts)]
    return found


def _name_tokens(span) -> bool:
    """Tokens that make a place's name: capitalised words, joined by hyphens or name particles ("Nad-e
    Ali District", "Deir ez-Zor", "Bani al Harith")."""
    if not 1 <= len(span) <= 6 or not span[0].text[:1].isupper() \
            or not (span[-1].text[:1].isupper() or len(span) > 1 and span[-1].lower_ in _DIVISION_WORDS):
        return False
    if not span[-1].text[:1].isupper():
        span = span[:-1]  # "Nad Ali district (Helmand province)": the division word in lower case
    return all(t.text[:1].isupper() or t.text == "-" or t.i > 0 and t.doc[t.i - 1].text == "-"
               and not t.doc[t.i - 1].whitespace_ or t.lower_ in _NAME_PARTICLES for t in span)


def _name_before(doc, i: int):
    """The name right before token i, less a settlement word after it ("Kashkash village (" -> Kashkash);
    a division word stays part of it ("Nad Ali District (")."""
    end = i
    if end > 0 and doc[end - 1].lower_ in _SETTLEMENT_KINDS:
        end -= 1
    start = end - 1 if end > 1 and doc[end - 1].lower_ in _DIVISION_WORDS else end
    while start > 0 and end - start < 6 and (doc[start - 1].text[:1].isupper() or doc[start - 1].text == "-"
                                             or start > 1 and doc[start - 2].text == "-") \
            and doc[start - 1].lower_ not in _PLACE_PREPOSITIONS and doc[start - 1].lower_ not in _LOCATIVE_BEFORE:
        start -= 1
    span = doc[start:end]
    return span if len(span) and _name_tokens(span) else None


def _beside_name(doc, i: int, j: int) -> bool:
    """Tokens i..j after "near"/"outside" are a place's name: no title ("outside Governor Cuomo's
    office"), no one the knowledge base knows, not a person's name that follows."""
    after = doc[j] if j < len(doc) else None
    return not (doc[i].text.casefold() in title_words() or _known_name(doc[i:j])
                or after is not None and after.ent_type_ in ("PERSON", "ORG"))


def _hyphenated_end(doc, j: int) -> int:
    """The end of a name that goes on in hyphenated parts ("Riviere-du-Loup")."""
    while j + 1 < len(doc) and doc[j].text == "-" and not doc[j - 1].whitespace_ and not doc[j].whitespace_ \
            and doc[j + 1].is_alpha:
        j += 2
    return j


# Prepositions after which a name is a place whatever else it could be ("near Ayn Isa"); not "in" or
# "at", which also take organisations and bodies ("in Congress", "at Google").
_BESIDE = entity_words("beside")
_OBJECT_BEFORE = entity_words("object_before")
_DISTANCE_UNITS = entity_words("distance_units")


def _known_name(span) -> bool:
    """A name the actor knowledge base knows as a person, an organisation or a group."""
    from .actors.kb import load_kb

    kb = load_kb()
    return bool(kb.person(span.text) or kb.igo(span.text) or kb.group(span.text))


def _is_title(ent) -> bool:
    """An ORG that is part of a title: only title words ("Defense"), or ending in a title word right
    before another title word or a name ("British Defence" in "British Defence Secretary Tom King").
    "Foreign Ministry" is an organisation: "Ministry" is no title word."""
    if ent.label_ != "ORG":
        return False
    if all(t.text.casefold() in title_words() for t in ent):
        return True
    after = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    return (ent[-1].text.casefold() in title_words() and after is not None
            and (after.text.casefold() in title_words() or after.ent_type_ == "PERSON"))


def _acts(ent, coordinated: bool = False) -> bool:
    """The name is the subject of an active verb right after it ("Austin was fine", "Lyman will
    decide"), not of a passive one ("Kyiv was shelled"): the model's PERSON stands. With ``coordinated``
    a name after "and" may be one of the subjects ("Karim and Sadiq met")."""
    doc = ent.doc
    verb = doc[ent.end] if ent.end < len(doc) else None
    if verb is None or verb.tag_ not in ("VBD", "VBZ", "VBP", "MD"):
        return False
    before = _word_before(doc, ent.start)
    if before is not None and before.lower_ in _OBJECT_BEFORE \
            and not (coordinated and before.lower_ in ("and", "or")):
        return False  # "the pilgrimage to Mecca gets underway", "universities of Georgia and Glasgow found"
    following = doc[ent.end + 1] if ent.end + 1 < len(doc) else None
    return following is None or following.tag_ != "VBN"


def _place_not_person(ent, gazetteer, countries: set[str]) -> bool:
    """A one- or two-word PERSON/ORG that the gazetteer knows, used as a place and not as a name."""
    if len(ent) > 2 or not gazetteer.is_place(ent.text):
        return False
    return _used_as_place(ent, gazetteer, countries)


def _used_as_place(ent, gazetteer, countries: set[str]) -> bool:
    """A known place name used as a place: a locative cue, a major place, or a place in a country the article names."""
    doc = ent.doc
    before = doc[ent.start - 1].text.casefold() if ent.start > 0 else ""
    after = doc[ent.end].text.casefold() if ent.end < len(doc) else ""
    if before in title_words() or (ent.label_ == "PERSON" and before and doc[ent.start - 1].text[:1].isupper()):
        return False  # "Gen. Davis", "Lloyd Austin"
    if before in _LOCATIVE_BEFORE or after in _PLACE_AFTER:
        return True
    if _taken_place(ent):
        return True  # "the army captured Jaffna", "Jaffna was captured"
    if after in ("'s", "’s") and ent.root.head.lemma_.lower() in _POSSESSED_PLACE_NOUNS:
        return True  # "Tbilisi's central Rustaveli Avenue", "Hyderabad's streets"
    if after in _SPEECH_AFTER or ent.label_ == "PERSON" and _acts(ent):
        return False  # "Davis said", "Austin was fine": a person, whatever the gazetteer says
    return any(p.feature in ("country", "admin") or p.capital or p.population >= _MAJOR_CITY
               or p.country in countries for p in gazetteer.well_known(ent.text)[:3])

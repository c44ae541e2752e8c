"""Tag lines -> tag names. Pages often print their tags as one space-joined line ("Tags Biden
Defense Department Lloyd Austin ..."); this finds the most likely split."""
from __future__ import annotations

import re
from functools import lru_cache

from .common import unique

_EXPLICIT = re.compile(r"\s*(?:[,;|·•]|\s{2,}|\t)\s*")
# Cost of a tag by its length in words: two-word names are the common case.
_LENGTH_COST = {1: 1.0, 2: 0.5, 3: 1.2, 4: 2.0}
_SEEN_BONUS = 0.4  # a tag that the article itself writes, case and all, is more likely right
_REPEAT_BONUS = 0.4  # lists often print a tag twice in a row ("Lloyd Austin Lloyd Austin")
_LOWER_TAIL_COST = 0.3  # "Russia-Ukraine war" is a tag, but so is a lower-cased "ukraine" alone


def split_tags(line: str, context: str = "") -> list[str]:
    """A tag line -> distinct tags; explicit separators win, else a least-cost split of the words."""
    line = line.strip()
    if _EXPLICIT.search(line):
        return unique([t for t in _EXPLICIT.split(line) if t])
    words = line.split()
    return unique(_best_split(tuple(words), context))


def _best_split(words: tuple[str, ...], context: str) -> list[str]:
    @lru_cache(maxsize=None)
    def best(i: int) -> tuple[float, tuple[str, ...]]:
        if i == len(words):
            return 0.0, ()
        options = []
        for n in range(1, min(4, len(words) - i) + 1):
            chunk = words[i:i + n]
            if n > 1 and not chunk[0][:1].isupper():
                break  # a lower-case word is a tag of its own ("pentagon", "russia")
            if n > 1 and any(w[:1].isupper() is False and k < n - 1 for k, w in enumerate(chunk[1:], 1)):
                break  # lower-case words may only close a tag ("Russia-Ukraine war")
            tag = " ".join(chunk)
            cost = _LENGTH_COST[n] - (_SEEN_BONUS if _written(tag, context) else 0.0)
            cost -= _REPEAT_BONUS if chunk in (words[i + n:i + 2 * n], words[max(0, i - n):i]) else 0.0
            cost += _LOWER_TAIL_COST if n > 1 and not chunk[-1][:1].isupper() else 0.0
            rest_cost, rest = best(i + n)
            options.append((cost + rest_cost, (tag,) + rest))
        return min(options, key=lambda option: option[0])

    return list(best(0)[1])


def _written(tag: str, context: str) -> bool:
    return bool(context) and re.search(rf"(?<!\w){re.escape(tag)}(?!\w)", context) is not None

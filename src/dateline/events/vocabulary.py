"""The words the event rules test tokens against, read from ``data/events/vocabulary.tsv``.

Each row of the table is ``list<TAB>word``; a comment above each list says what it is for and which
rule reads it. The rule modules read their lists once, at import: ``SPEECH_VERBS = words("speech_verbs")``.

Your own words extend the built-in lists: a TSV file of the same two columns, named in the
``vocabulary_files`` setting (environment variable ``DATELINE_VOCABULARY_FILES``, comma-separated).
It must be set before dateline's event modules are imported (the lists are read once). A row may only
extend a list the table has: a misspelt list name is an error, not a new list nobody reads.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ..data import word_lists, word_pairs
from ..errors import ConfigError

TABLE = "events/vocabulary.tsv"


def words(name: str) -> frozenset[str]:
    """The words of one list, the user's extensions included."""
    try:
        return vocabulary()[name]
    except KeyError:
        raise KeyError(f"no word list {name!r} in {TABLE}") from None


@lru_cache(maxsize=None)
def vocabulary() -> dict[str, frozenset[str]]:
    """Every list: the built-in table, then the files of the ``vocabulary_files`` setting."""
    from ..settings import Config

    return read_vocabulary(Config.load().vocabulary_files)


def read_vocabulary(user_files: tuple[str, ...] = ()) -> dict[str, frozenset[str]]:
    lists = {name: set(found) for name, found in word_lists(TABLE).items()}
    for path in user_files:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"vocabulary file {path}: {exc.strerror or exc}") from exc
        rows = [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]
        for name, word in word_pairs(rows, path):
            if name not in lists:
                raise ConfigError(f"vocabulary file {path}: no word list {name!r} to extend")
            lists[name].add(word)
    return {name: frozenset(found) for name, found in lists.items()}


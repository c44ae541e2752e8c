"""Knowledge tables shipped with dateline, loaded once and read-only."""
from __future__ import annotations

from functools import lru_cache
from importlib import resources


def data_text(name: str) -> str:
    """The text of a data file shipped in ``dateline/data``."""
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def tsv_rows(name: str) -> list[list[str]]:
    """Rows of a tab-separated data file, skipping blank lines and ``#`` comments."""
    return [line.split("\t") for line in data_text(name).splitlines()
            if line.strip() and not line.startswith("#")]


def word_pairs(rows: list[list[str]], source: str) -> list[tuple[str, str]]:
    """The (list, word) pairs of a word-list table's rows (``list<TAB>word``); ``ConfigError`` naming
    the source for a row of another shape."""
    from ..errors import ConfigError

    pairs = []
    for row in rows:
        if len(row) != 2 or not row[0].strip() or not row[1].strip():
            raise ConfigError(f"{source}: expected 'list<TAB>word', got {chr(9).join(row)!r}")
        pairs.append((row[0].strip(), row[1].strip()))
    return pairs


@lru_cache(maxsize=None)
def word_lists(name: str) -> dict[str, frozenset[str]]:
    """A shipped word-list table (``events/vocabulary.tsv``, ``entity_words.tsv``): list -> its words."""
    lists: dict[str, set[str]] = {}
    for list_name, word in word_pairs(tsv_rows(name), name):
        lists.setdefault(list_name, set()).add(word)
    return {list_name: frozenset(found) for list_name, found in lists.items()}


@lru_cache(maxsize=None)
def time_zones() -> dict[str, str]:
    """Time-zone abbreviations used in bylines -> IANA zone names."""
    return {row[0]: row[1] for row in tsv_rows("timezones.tsv")}


@lru_cache(maxsize=None)
def news_agencies() -> dict[str, str]:
    """Agency names as bylines and datelines write them -> the name kept as ``source``."""
    return {row[0].casefold(): row[1] for row in tsv_rows("news_agencies.tsv")}


@lru_cache(maxsize=None)
def publisher_zones() -> dict[str, str]:
    """Country (ISO alpha-2) -> the IANA zone its publishers are taken to write in.

    tzdata's zone.tab gives one zone per country (its first listed); ``publisher_zones.tsv`` picks the
    main news centre for countries with several.
    """
    zones: dict[str, str] = {}
    try:
        zone_tab = resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        zone_tab = ""
    for line in zone_tab.splitlines():
        fields = line.split("\t")
        if len(fields) >= 3 and not line.startswith("#"):
            zones.setdefault(fields[0], fields[2])
    zones.update({row[0]: row[1] for row in tsv_rows("publisher_zones.tsv")})
    return zones


@lru_cache(maxsize=None)
def generic_tlds() -> frozenset[str]:
    """Country-code domains used without a tie to the country (``tv``, ``io``, ...)."""
    return frozenset(row[0] for row in tsv_rows("generic_tlds.tsv"))


@lru_cache(maxsize=None)
def update_labels() -> tuple[str, ...]:
    """Word stems that label a date on a page as an update, not the publication."""
    return tuple(row[0] for row in tsv_rows("update_labels.tsv"))


@lru_cache(maxsize=None)
def published_meta_names() -> dict[str, tuple[str, ...]]:
    """Meta names that state a page's publication time, by tier (``before-json-ld``, ``after-json-ld``),
    most specific first."""
    tiers: dict[str, tuple[str, ...]] = {"before-json-ld": (), "after-json-ld": ()}
    for name, tier, *_ in tsv_rows("published_meta_names.tsv"):
        tiers[tier] += (name,)
    return tiers

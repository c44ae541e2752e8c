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


@lru_cache(maxsize=None)
def time_zones() -> dict[str, str]:
    """Time-zone abbreviations used in bylines -> IANA zone names."""
    return {row[0]: row[1] for row in tsv_rows("timezones.tsv")}


@lru_cache(maxsize=None)
def news_agencies() -> dict[str, str]:
    """Agency names as bylines and datelines write them -> the name kept as ``source``."""
    return {row[0].casefold(): row[1] for row in tsv_rows("news_agencies.tsv")}

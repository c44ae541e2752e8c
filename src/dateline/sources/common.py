"""Checks and clean-ups every reader shares: decoding, binary detection, whitespace."""
from __future__ import annotations

import re

from ..errors import InputError

_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")


def decode_text(data: bytes, origin: str) -> str:
    """Bytes of a text input -> str; empty, binary and non-UTF-8 inputs are refused by name."""
    if not data.strip():
        raise InputError(origin, "empty input: nothing to read")
    if b"\x00" in data[:8192]:
        raise InputError(origin, "binary file, not text (contains NUL bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(origin, f"invalid UTF-8 at byte {exc.start}; convert the file to UTF-8") from exc
    if len(_CONTROL.findall(text[:8192])) > 8:
        raise InputError(origin, "binary file, not text (control characters)")
    return text


def clean_lines(text: str) -> list[str]:
    """Lines with normalised newlines, trailing spaces dropped and non-breaking spaces made plain."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    return [line.rstrip() for line in text.split("\n")]


def paragraphs(text: str) -> list[str]:
    """Blank-line separated paragraphs, each with its inner whitespace collapsed."""
    blocks, current = [], []
    for line in clean_lines(text):
        if line.strip():
            current.append(line.strip())
        elif current:
            blocks.append(" ".join(current))
            current = []
    if current:
        blocks.append(" ".join(current))
    return blocks


def join_paragraphs(blocks: list[str]) -> str:
    return "\n\n".join(b for b in blocks if b)


def unique(items: list[str]) -> list[str]:
    """Items in first-seen order, each once (case-insensitive), blanks dropped."""
    seen, kept = set(), []
    for item in items:
        item = " ".join(item.split())
        if item and item.casefold() not in seen:
            seen.add(item.casefold())
            kept.append(item)
    return kept


def split_authors(value: object) -> list[str]:
    """``"A, B and C"``, ``["A", "B"]`` or ``[{"name": "A"}]`` -> ``["A", "B", "C"]``."""
    if value is None:
        return []
    if isinstance(value, dict):
        value = value.get("name") or ""
    if isinstance(value, (list, tuple)):
        return unique([name for item in value for name in split_authors(item)])
    text = re.sub(r"^\s*by\s+", "", str(value), flags=re.I)
    parts = re.split(r"\s*(?:,|;|\band\b|&|\|)\s*", text)
    return unique([p.strip(" .") for p in parts if p.strip(" .")])

"""Checks and clean-ups every reader shares: decoding, binary detection, whitespace."""
from __future__ import annotations

import re

from ..errors import InputError

_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")


def decode_text(data: bytes, origin: str) -> str:
    """Bytes of a text input -> str (UTF-8, or UTF-16 with a byte-order mark or plainly so);
    empty, binary and otherwise-encoded inputs are refused by name."""
    if not data.strip():
        raise InputError(origin, "empty input: nothing to read")
    utf16 = utf16_encoding(data)
    if utf16 is None and b"\x00" in data[:8192]:
        raise InputError(origin, "binary file, not text (contains NUL bytes)")
    try:
        text = data.decode(utf16 or "utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(origin, f"invalid {'UTF-16' if utf16 else 'UTF-8'} at byte {exc.start}; "
                                 "convert the file to UTF-8") from exc
    if not text.strip():
        raise InputError(origin, "empty input: nothing to read")
    if len(_CONTROL.findall(text[:8192])) > 8:
        raise InputError(origin, "binary file, not text (control characters)")
    nul = text.find("\x00")
    if nul >= 0:  # past the first 8 KB: a text with a binary tail, or a corrupt file
        raise InputError(origin, f"binary or corrupt: a NUL character at character {nul:,}")
    return text


def utf16_encoding(data: bytes) -> str | None:
    """``utf-16`` for UTF-16 with a byte-order mark, ``utf-16-le``/``-be`` for plain UTF-16 text (NUL as
    every other byte of its first characters, as ASCII letters give), else None."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") and data[:4] != b"\xff\xfe\x00\x00":
        return "utf-16"
    head = data[:512]
    if len(head) >= 8 and len(head) % 2 == 0:
        even, odd = head[0::2].count(0), head[1::2].count(0)
        if odd >= 0.8 * len(head) // 2 and even == 0:
            return "utf-16-le"
        if even >= 0.8 * len(head) // 2 and odd == 0:
            return "utf-16-be"
    return None


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

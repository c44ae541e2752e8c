"""Scorers that compare dateline's output with gold data, one module per stage."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from ..errors import DatelineError


HALVES = ("tune", "check")


def half_of(item_id: str) -> str:
    """The half of a development set an item belongs to, fixed by a hash of its id: errors are read only
    in the tune half, and a change is kept only if the check half improves too (docs/quality.md)."""
    return HALVES[hashlib.sha1(str(item_id).encode("utf-8")).digest()[0] % 2]


def load_gold(path: Path, half: str | None = None) -> list[dict[str, Any]]:
    """The items of a gold JSON Lines file (only those of one half when ``half`` is "tune" or "check");
    a missing or malformed file is a named error. Items without an id are numbered by line."""
    if half not in (None, *HALVES):
        raise DatelineError(f"half must be one of {', '.join(HALVES)}, not {half!r}")
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise DatelineError(f"{path}: cannot read gold file ({exc.strerror or exc})") from exc
    try:
        items = [json.loads(line) for line in lines if line.strip()]
    except ValueError as exc:
        raise DatelineError(f"{path}: not JSON Lines ({exc})") from exc
    if half is None:
        return items
    return [item for n, item in enumerate(items) if half_of(item.get("id", n)) == half]

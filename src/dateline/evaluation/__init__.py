"""Scorers that compare dateline's output with gold data, one module per stage."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..errors import DatelineError


def load_gold(path: Path) -> list[dict[str, Any]]:
    """The items of a gold JSON Lines file; a missing or malformed file is a named error."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise DatelineError(f"{path}: cannot read gold file ({exc.strerror or exc})") from exc
    try:
        return [json.loads(line) for line in lines if line.strip()]
    except ValueError as exc:
        raise DatelineError(f"{path}: not JSON Lines ({exc})") from exc

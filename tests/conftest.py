"""Shared fixtures: paths to the project's examples and to the shared gold data (skipped when absent)."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seeds" / "000_c2c565d223d96826.txt"


@pytest.fixture(scope="session")
def seed_path() -> Path:
    if not SEED.exists():
        pytest.skip("the shared seed article is not here")
    return SEED


@pytest.fixture
def shared_eval() -> Path:
    folder = SHARED / "eval"
    if not folder.exists():
        pytest.skip("the shared gold data is not here")
    return folder


@pytest.fixture
def examples() -> Path:
    return ROOT / "examples"

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


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory, seed_path) -> str:
    """One store of all bundled examples plus the seed, ingested (and merged) once for the session."""
    from dateline.core import Dateline

    db = str(tmp_path_factory.mktemp("demo") / "demo.duckdb")
    root = ROOT / "examples"
    Dateline(db=db, workers=1).ingest([str(root / d) for d in ("text", "html", "jsonl", "feeds", "warc/pages.warc.gz")]
                                      + [str(seed_path)])
    return db


@pytest.fixture(scope="session")
def examples_db(tmp_path_factory) -> str:
    """One store of the bundled examples only (no shared data), ingested and merged once for the session;
    tests that write copy it first."""
    from dateline.core import Dateline

    db = str(tmp_path_factory.mktemp("examples") / "examples.duckdb")
    root = ROOT / "examples"
    Dateline(db=db, workers=1).ingest([str(root / d) for d in ("text", "html", "jsonl", "feeds", "warc/pages.warc.gz")])
    return db

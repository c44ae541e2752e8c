"""Every setting in one table: name, default, help. The CLI flags, the docs and ``Config`` read it."""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from .errors import ConfigError


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str

    @property
    def env(self) -> str:
        return "DATELINE_" + self.name.upper()


SETTINGS: tuple[Setting, ...] = (
    Setting("db", "dateline.duckdb", "DuckDB database file that ingest writes and queries read."),
    Setting("max_bytes", 10_000_000,
            "Largest input accepted, in bytes: a whole file, or one record of a WARC archive "
            "(a body of any length is annotated, in pieces: pipeline.PIECE_CHARS)."),
    Setting("batch_size", 200, "Articles written to the store per transaction."),
    Setting("min_body_chars", 40, "An HTML page whose main text is shorter holds no article."),
    Setting("annotate", True, "Add the annotation layers (entities, time expressions, places); "
                              "off gives bare article records, much faster."),
    Setting("events", True, "Code events (needs the dependency parse, about a third slower); off gives "
                            "entities, time expressions, places and actors only."),
    Setting("codebook", "", "A YAML codebook of your own event types, added to the built-in ontology "
                            "(see docs/ontology.md)."),
    Setting("workers", 0, "Processes that annotate in parallel: the batches of a long run, and the pieces "
                          "of a long article (0: one per core)."),
    Setting("actor_files", (), "Your own actor tables (TSV, same columns as the built-in ones, see "
                               "docs/actors-kb.md) that extend or override the knowledge base; "
                               "comma-separated in the environment variable."),
    Setting("vocabulary_files", (), "Your own word tables (TSV, list<TAB>word) that extend the event rules' "
                                    "word lists (src/dateline/data/events/vocabulary.tsv); read once, when the "
                                    "event modules are imported; comma-separated in the environment variable."),
    Setting("merge_window_days", 2, "Events dated only by their article's publication date merge with "
                                    "reports of the same event up to this many days apart."),
    Setting("merge_reciprocal_types", ("CONSULT", "AGREE", "COOPERATE"),
            "Event types whose two actors merge in either order (A meets B = B meets A)."),
    Setting("host", "127.0.0.1", "Address `dateline serve` listens on; any other than this machine's needs a token."),
    Setting("port", 8000, "Port `dateline serve` listens on."),
    Setting("token", "", "Token every request to `dateline serve` must carry (Authorization: Bearer TOKEN)."),
    Setting("cluster", "", "Address of a Dask scheduler (tcp://HOST:PORT) whose workers code the input "
                           "shards into a Parquet dataset folder (--db DATASET/); see docs/scale.md."),
    Setting("local_cluster", 0, "Start a Dask LocalCluster of this many worker processes for the ingest "
                                "(0: none); the output is a Parquet dataset folder, as with cluster."),
    Setting("shard_size", 100, "Articles per shard on a cluster run: files, WARC pages or JSON Lines "
                               "records that one task codes and writes at once (the unit of resuming)."),
)
_BY_NAME = {s.name: s for s in SETTINGS}


@dataclass(frozen=True)
class Config:
    """Settings in force for one ``Dateline``: defaults, then ``DATELINE_*`` variables, then overrides."""

    db: str = "dateline.duckdb"
    max_bytes: int = 10_000_000
    batch_size: int = 200
    min_body_chars: int = 40
    annotate: bool = True
    events: bool = True
    codebook: str = ""
    workers: int = 0
    actor_files: tuple[str, ...] = ()
    vocabulary_files: tuple[str, ...] = ()
    merge_window_days: int = 2
    merge_reciprocal_types: tuple[str, ...] = ("CONSULT", "AGREE", "COOPERATE")
    host: str = "127.0.0.1"
    port: int = 8000
    token: str = ""
    cluster: str = ""
    local_cluster: int = 0
    shard_size: int = 100

    @classmethod
    def load(cls, **overrides: Any) -> "Config":
        values: dict[str, Any] = {}
        for setting in SETTINGS:
            raw = os.environ.get(setting.env)
            if raw not in (None, ""):
                values[setting.name] = _coerce(setting, raw)
        for name, value in overrides.items():
            if name not in _BY_NAME:
                raise ConfigError(f"unknown setting {name!r}")
            if value is not None:
                values[name] = _coerce(_BY_NAME[name], value)
        return cls(**values)


def _coerce(setting: Setting, value: Any) -> Any:
    kind = type(setting.default)
    if kind is tuple:
        items = value.split(",") if isinstance(value, str) else list(value)
        return tuple(str(item).strip() for item in items if str(item).strip())
    if kind is bool:
        if isinstance(value, str) and value.strip().lower() not in ("1", "0", "true", "false", "yes", "no", "on", "off"):
            raise ConfigError(f"setting {setting.name}: {value!r} is not true or false")
        return value.strip().lower() in ("1", "true", "yes", "on") if isinstance(value, str) else bool(value)
    try:
        value = kind(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"setting {setting.name}: {value!r} is not a {kind.__name__}") from exc
    if kind is int and (value < 0 or value == 0 and setting.default != 0):
        raise ConfigError(f"setting {setting.name}: must be positive, got {value}")
    return value

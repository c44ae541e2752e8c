"""Where articles come from: files, directories, globs and standard input, as ``Input`` objects."""
from __future__ import annotations

import glob
import gzip
import io
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterator

from ..errors import InputError


@dataclass
class Input:
    """One input to read: a file on disk, or bytes already in memory (stdin, an archive member)."""

    origin: str
    path: Path | None = None
    data: bytes | None = None

    @property
    def name(self) -> str:
        return (self.path.name if self.path else self.origin).lower()

    def open(self) -> BinaryIO:
        """A binary stream of the raw input (gzip not undone)."""
        if self.data is not None:
            return io.BytesIO(self.data)
        try:
            return open(self.path, "rb")  # type: ignore[arg-type]
        except OSError as exc:
            raise InputError(self.origin, f"cannot read: {exc.strerror or exc}") from exc

    def read(self, limit: int) -> bytes:
        """All bytes (gzip undone), refusing inputs over ``limit`` bytes."""
        if self.path is not None:
            try:
                size = self.path.stat().st_size
            except OSError as exc:
                raise InputError(self.origin, f"cannot read: {exc.strerror or exc}") from exc
            if size > limit:
                raise InputError(self.origin, f"too large: {size:,} bytes, the limit is {limit:,} "
                                              "(setting max_bytes, --max-bytes)")
        with self.open() as stream:
            try:
                data = stream.read(limit + 1)
            except OSError as exc:
                raise InputError(self.origin, f"cannot read: {exc.strerror or exc}") from exc
        if self.name.endswith(".gz") and not self.name.endswith(".warc.gz"):
            data = _gunzip(data, self.origin, limit)
        if len(data) > limit:
            raise InputError(self.origin, f"too large: over {limit:,} bytes (setting max_bytes, --max-bytes)")
        return data


def _gunzip(data: bytes, origin: str, limit: int) -> bytes:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            return stream.read(limit + 1)
    except (OSError, EOFError) as exc:
        raise InputError(origin, f"not a readable gzip file ({exc})") from exc


def expand_paths(paths: list[str]) -> Iterator[Input | InputError]:
    """Each path, directory (recursively, sorted, hidden files skipped), glob, or ``-`` -> inputs."""
    for raw in paths:
        if raw == "-":
            yield Input(origin="<stdin>", data=sys.stdin.buffer.read())
            continue
        path = Path(raw)
        if path.is_dir():
            yield from _walk(path)
        elif path.exists() or path.is_symlink():
            yield Input(origin=str(path), path=path)
        elif glob.has_magic(raw):
            matches = sorted(glob.glob(raw, recursive=True))
            if not matches:
                yield InputError(raw, "no file matches this pattern")
            for match in matches:
                yield from (_walk(Path(match)) if Path(match).is_dir()
                            else [Input(origin=match, path=Path(match))])
        else:
            yield InputError(raw, "no such file or directory")


# A directory walk takes article files only; a file named on the command line is always read.
ARTICLE_SUFFIXES = (".txt", ".text", ".html", ".htm", ".xhtml", ".jsonl", ".ndjson", ".json", ".xml", ".rss",
                    ".atom", ".warc", ".warc.gz", ".gz", "")


def _walk(folder: Path) -> Iterator[Input | InputError]:
    try:
        entries = sorted(folder.rglob("*"))
    except OSError as exc:
        yield InputError(str(folder), f"cannot list directory: {exc.strerror or exc}")
        return
    for entry in entries:
        relative = entry.relative_to(folder).parts
        if any(part.startswith(".") for part in relative) or not entry.is_file():
            continue
        if entry.suffix.lower() not in ARTICLE_SUFFIXES:
            continue
        yield Input(origin=str(entry), path=entry)

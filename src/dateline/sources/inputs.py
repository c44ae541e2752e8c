"""Where articles come from: files, directories, globs and standard input, as ``Input`` objects."""
from __future__ import annotations

import errno
import glob
import gzip
import io
import stat
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
        """A binary stream of the raw input (gzip not undone); only regular files are opened: a FIFO
        or a device would block or never end."""
        if self.data is not None:
            return io.BytesIO(self.data)
        try:
            mode = self.path.stat().st_mode  # type: ignore[union-attr]
            if not stat.S_ISREG(mode):
                raise InputError(self.origin, f"not a regular file ({_file_kind(mode)}); "
                                              "pipe it to standard input (-) to read it")
            return open(self.path, "rb")  # type: ignore[arg-type]
        except OSError as exc:
            raise InputError(self.origin, f"cannot read: {exc.strerror or exc}") from exc

    def head(self, size: int = 4096) -> bytes:
        """The first bytes of the raw input."""
        with self.open() as stream:
            try:
                return stream.read(size)
            except OSError as exc:  # files that open but cannot be read: /proc/self/mem, a failing disk
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


def _file_kind(mode: int) -> str:
    for test, kind in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return kind
    return "not a file"


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
    found = 0
    for entry in entries:
        relative = entry.relative_to(folder).parts
        if any(part.startswith(".") for part in relative) or entry.suffix.lower() not in ARTICLE_SUFFIXES:
            continue
        if entry.is_symlink() and not entry.exists():  # said, not skipped: the user meant it to be read
            found += 1
            yield InputError(str(entry), _broken_link(entry))
        elif entry.is_file():
            found += 1
            yield Input(origin=str(entry), path=entry)
    if not found:
        yield InputError(str(folder), "no article files in this directory (looked for "
                                      + ", ".join(s for s in ARTICLE_SUFFIXES if s) + " and names without one)")


def _broken_link(entry: Path) -> str:
    try:
        entry.stat()
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop: the link leads back to itself"
        return f"broken symbolic link ({exc.strerror or exc})"
    return "symbolic link cannot be followed"

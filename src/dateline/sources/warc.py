"""WARC archives (plain or gzipped) -> article records, one per archived HTML page, streamed."""
from __future__ import annotations

import io
import zlib
from typing import Any, BinaryIO, Iterator

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeadersParserException

from ..errors import InputError
from ..model import Article, Failure, record_id
from ..settings import Config
from . import html
from .inputs import Input

_HTML_TYPES = {"text/html", "application/xhtml+xml"}
_BROKEN = (ArchiveLoadFailed, StatusAndHeadersParserException, EOFError, OSError, zlib.error)
_CHUNK = 1 << 16


def read(inp: Input, config: Config) -> Iterator[Article | Failure]:
    """Each HTML page of the archive -> an article; other records are skipped."""
    with inp.open() as raw:
        stream = _open_archive(raw, inp.origin)
        yield from _pages(stream, inp.origin, config)


def _open_archive(raw: BinaryIO, origin: str) -> BinaryIO:
    """The archive as an uncompressed stream, after checking that it starts like a WARC."""
    magic = raw.read(2)
    if not magic:
        raise InputError(origin, "empty input: nothing to read")
    raw.seek(0)
    if magic == b"\x1f\x8b":
        stream: BinaryIO = io.BufferedReader(_Gunzip(raw), _CHUNK)  # type: ignore[arg-type]
        try:
            head = stream.peek(64)[:64]
        except zlib.error as exc:
            raise InputError(origin, f"not a readable gzip file ({exc})") from exc
    else:
        stream, head = raw, raw.read(64)
        raw.seek(0)
    if not head:
        raise InputError(origin, "not a readable gzip file (it ends before any data)")
    if not head.lstrip(b"\r\n").startswith(b"WARC/"):
        first = head.split(b"\n", 1)[0].decode("latin-1").strip()[:40]
        raise InputError(origin, f"not a WARC file: it starts with {first!r}, not 'WARC/'")
    return stream


class _Gunzip(io.RawIOBase):
    """gzip undone as it is read, one member or many; a cut-off stream ends early and sets ``cut_off``.

    ``gzip.GzipFile`` is not used: it raises ``EOFError`` on a cut-off file, which warcio takes
    for a clean end, and it drops the data it had decompressed in that read.
    """

    def __init__(self, raw: BinaryIO):
        self.raw, self.unzip, self.pending = raw, zlib.decompressobj(wbits=31), b""
        self.cut_off = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self.pending:
            data = self._compressed()
            if not data:
                self.cut_off = not self.unzip.eof
                return 0
            self.pending = self.unzip.decompress(data, _CHUNK)  # bounded: no gzip bomb in memory
        size = min(len(buffer), len(self.pending))
        buffer[:size], self.pending = self.pending[:size], self.pending[size:]
        return size

    def _compressed(self) -> bytes:
        """The next compressed bytes to feed, starting a new decompressor at each gzip member."""
        if self.unzip.unconsumed_tail:
            return self.unzip.unconsumed_tail
        data = self.unzip.unused_data or self.raw.read(_CHUNK)
        if data and self.unzip.eof:
            self.unzip = zlib.decompressobj(wbits=31)
        return data


class _Corrupt(Exception):
    """The archive is broken from this record on: cut off, or not parseable as WARC."""


def _pages(stream: BinaryIO, origin: str, config: Config) -> Iterator[Article | Failure]:
    """Articles and failures for the HTML records; a broken archive stops with one ``Failure``."""
    pages = 0
    try:
        for number, record in _records(stream):
            if _is_html(record):
                pages += 1
                yield _page(record, pages, f"{origin}#{pages}", config)
            elif not _drain(record):
                raise _Corrupt(f"the archive is cut off inside WARC record {number}")
    except _Corrupt as exc:
        if pages == 0:
            raise InputError(origin, str(exc)) from exc
        yield Failure(origin, str(exc))


def _records(stream: BinaryIO) -> Iterator[tuple[int, Any]]:
    """(number, record) from warcio; errors it raises on a malformed or cut-off record -> ``_Corrupt``."""
    archive = ArchiveIterator(stream)
    records, number = iter(archive), 0
    while True:
        number += 1
        try:
            record = next(records)
        except StopIteration:
            break
        # warcio meets broken headers with AttributeError, ValueError... as well as its own errors.
        except _BROKEN as exc:
            raise _Corrupt(f"WARC record {number} is corrupt: {_one_line(exc)}") from exc
        except (AttributeError, ValueError, IndexError, KeyError, TypeError) as exc:
            raise _Corrupt(f"WARC record {number} is corrupt: malformed or cut-off headers") from exc
        yield number, record
    # warcio ends quietly when the archive stops inside a record's headers (bytes past the last
    # record's end show it) or a gzip member is cut where no record data is lost yet.
    if archive.fh.tell() > archive.offset:
        raise _Corrupt(f"the archive is cut off inside WARC record {number}")
    if getattr(getattr(stream, "raw", None), "cut_off", False):
        raise _Corrupt(f"the gzip stream is cut off after WARC record {number - 1}")


def _is_html(record: Any) -> bool:
    """A ``response`` with HTTP 200 and an HTML type, or a ``resource`` record typed HTML."""
    if record.rec_type == "response":
        http = record.http_headers
        return (http is not None and http.get_statuscode() == "200"
                and _html_type(http.get_header("Content-Type")))
    if record.rec_type == "resource":
        return _html_type(record.rec_headers.get_header("Content-Type"))
    return False


def _html_type(value: str | None) -> bool:
    return bool(value) and value.split(";")[0].strip().lower() in _HTML_TYPES


def _page(record: Any, number: int, origin: str, config: Config) -> Article | Failure:
    """One HTML record -> its article, or a ``Failure`` (too large, truncated, no article)."""
    url = record.rec_headers.get_header("WARC-Target-URI")
    where = f"record {number} ({url})" if url else f"record {number}"
    limit = config.max_bytes
    if record.length and record.length > limit:
        return Failure(origin, f"{where}: {_too_large(record.length, limit)}")
    try:
        payload = record.content_stream().read(limit + 1)
        complete = _drain(record)
    except _BROKEN as exc:
        return Failure(origin, f"{where}: payload cannot be read ({_one_line(exc)})")
    if len(payload) > limit:
        return Failure(origin, f"{where}: {_too_large(len(payload), limit)}")
    if not complete:
        return Failure(origin, f"{where}: truncated: the archive ends inside this record")
    try:
        article = html.article_from_html(payload, origin, config, url=url, id_kind="warc")
    except InputError as exc:
        return Failure(origin, f"{where}: {exc.reason}")
    article.id = record_id("warc", payload)
    return article


def _drain(record: Any) -> bool:
    """Read the rest of the record; False when the archive ended before its declared length."""
    while record.raw_stream.read(_CHUNK):
        pass
    # warcio's LimitReader counts what is left of Content-Length; without one the headers were cut.
    left = getattr(record.raw_stream, "limit", None)
    return left is not None and left <= 0


def _too_large(size: int, limit: int) -> str:
    return f"too large: {size:,} bytes, the limit is {limit:,} (setting max_bytes, --max-bytes)"


def _one_line(exc: BaseException) -> str:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return (lines[0] if lines else type(exc).__name__)[:200]

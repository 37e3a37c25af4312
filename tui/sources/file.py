"""The ``file`` source: gigs the user keeps in local files.

``path`` is a file or a glob (``~/gigs/agents/*.csv``). Formats, chosen by extension:

- ``.json``  — an array of gig objects, or an object with a ``gigs`` array
  (so the output of ``gigs list --format json`` reads back unchanged);
- ``.jsonl`` / ``.ndjson`` — one gig object per line;
- ``.csv``   — a header row of gig field names, one gig per row;
- ``.toml``  — ``[[gigs]]`` tables.

Field names are the gig fields of INTERFACES.md; values may be raw text
(``"rate": "60〜90万円/月"``) or already structured. Normalization happens later, the same
way as for every other source. A file that cannot be read names the file and the line.

JSON, JSON Lines and CSV files are *streamed*: read in chunks and handed on one record at a
time (:func:`iter_records`), so a file of hundreds of megabytes is never held whole in
memory, neither as text nor as parsed records. ``fetch`` returns a lazy
:class:`FileRecords`; ``tui.collect`` normalizes it file by file off the event loop. Each
file is all or nothing, as when files were read whole: a file with a fault anywhere (a
malformed record, a truncated array) adds no gigs, and the fault is reported naming the
file, the line and column, and the record. TOML is read whole (``tomllib`` has no
streaming reader), up to :data:`MAX_FILE_BYTES`.
"""

from __future__ import annotations

import codecs
import csv
import glob
import io
import json
import os
import re
import tomllib
from pathlib import Path
from typing import Any, BinaryIO, Callable, Iterator

from ..errors import SourceError
from .base import FetchContext, Record, Source

#: A file read whole (TOML) larger than this is refused rather than read into memory.
MAX_FILE_BYTES = 512 * 1024 * 1024
#: One record (a JSON value, a JSON Lines line) larger than this many characters is refused.
MAX_RECORD_CHARS = 64 * 1024 * 1024
#: Streamed files are read this many bytes at a time.
CHUNK_BYTES = 1024 * 1024
#: A progress line every this many records of one file.
PROGRESS_EVERY = 10_000

FORMATS = {
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".toml": "toml",
}


class FileSource(Source):
    """Gigs from local JSON, JSON Lines, CSV or TOML files."""

    type_name = "file"
    title = "Local files"
    network = False
    default_refresh_minutes = 0
    requires = ("path",)
    options = {"format": "force a format (json, jsonl, csv, toml) instead of the extension"}

    def files(self) -> list[Path]:
        """The files the configured path or glob names, sorted."""
        pattern = os.path.expandvars(os.path.expanduser(self.spec.path or ""))
        if glob.has_magic(pattern):
            return [Path(p) for p in sorted(glob.glob(pattern, recursive=True)) if Path(p).is_file()]
        return [Path(pattern)]

    async def fetch(self, ctx: FetchContext) -> "FileRecords":
        """The records of every matching file, read lazily (see :class:`FileRecords`)."""
        files = self.files()
        if not files:
            raise SourceError(self.name, f"no files match {self.spec.path!r}")
        return FileRecords(self.name, files, self.spec.options.get("format"), ctx.progress)

    def describe(self) -> str:
        return self.spec.path or ""


class FileRecords:
    """The records of a file source's files, read lazily, one record in memory at a time.

    ``parts()`` gives one iterator per file, for a consumer that keeps a file's results
    only once the file has been read to its end: a file with a fault raises
    :class:`SourceError` from its iterator (the consumer drops that file and goes on);
    after the last file, ``parts()`` itself raises SourceError naming every fault when no
    file could be read. Iterating the object directly gives the same records as a list
    (each file buffered until it is known to be sound), for consumers that want one.
    """

    def __init__(
        self,
        source: str,
        files: list[Path],
        fmt: str | None = None,
        progress: Callable[[str], None] | None = None,
    ) -> None:
        self.source = source
        self.files = list(files)
        self.format = fmt
        self._progress = progress or (lambda message: None)
        #: Faults of the files read so far (``path: problem``).
        self.problems: list[str] = []
        #: Records in the files read to their end without a fault.
        self.read = 0

    def parts(self) -> Iterator[Iterator[Record]]:
        """One record iterator per file, in order; see the class docstring."""
        self.problems = []
        self.read = 0
        for path in self.files:
            yield self._one(path)
        if self.problems and not self.read:
            raise SourceError(self.source, "; ".join(self.problems))
        for problem in self.problems:
            self._progress(problem)

    def _one(self, path: Path) -> Iterator[Record]:
        count = 0
        try:
            for record in iter_records(path, self.format):
                count += 1
                if count % PROGRESS_EVERY == 0:
                    self._progress(f"{path.name}: {count:,} gigs…")
                yield record
        except SourceError as exc:
            self.problems.append(exc.problem)
            raise
        self.read += count
        self._progress(f"{path.name}: {count} gigs")

    def __iter__(self) -> Iterator[Record]:
        for part in self.parts():
            try:
                got = list(part)
            except SourceError:
                continue
            yield from got

    def __repr__(self) -> str:
        return f"FileRecords({self.source!r}, {len(self.files)} files)"


def read_records(path: Path, fmt: str | None = None) -> list[Record]:
    """Read one file into a list of records. SourceError names the file (and line) on any fault."""
    return list(iter_records(path, fmt))


def iter_records(path: Path, fmt: str | None = None) -> Iterator[Record]:
    """The records of one file, one at a time, read in chunks (TOML: read whole).

    A generator: faults (no such file, malformed content, a truncated file) raise
    :class:`SourceError` naming the file and where when reading reaches them, so records
    before a fault have been yielded by then. Items that are not objects are passed over.
    """
    kind = fmt or FORMATS.get(path.suffix.lower())
    reader = _READERS.get(kind or "")
    if reader is None:
        if fmt:
            raise SourceError("file", f"{path}: unknown format {fmt!r} (use json, jsonl, csv or toml)")
        known = ", ".join(sorted(FORMATS))
        raise SourceError("file", f"{path}: unknown file type (use one of {known})")
    if kind == "toml":
        yield from _toml(path)
        return
    try:
        stream = open(path, "rb")  # noqa: SIM115 - closed by the with below
    except FileNotFoundError:
        raise SourceError("file", f"{path}: file not found") from None
    except OSError as exc:
        raise SourceError("file", f"{path}: cannot read ({exc.strerror or exc})") from None
    with stream:
        try:
            yield from reader(path, stream)
        except OSError as exc:
            raise SourceError("file", f"{path}: cannot read ({exc.strerror or exc})") from None


# ------------------------------------------------------------------------------ JSON

_WS = re.compile(r"[ \t\n\r]*")
#: What may follow a decoded number and still be part of it, had the window been longer.
_NUMBER_TAIL = re.compile(r"[0-9.eE+-]*")
#: Decoder messages that may only mean "the value goes on past the window".
_CUT_SHORT = ("Unterminated string",)
#: An error this close to the window's end may be a value cut short by it.
_NEAR_END = 8


class _JsonWindow:
    """A sliding window over a JSON text read in chunks, decoding one value at a time.

    ``pos`` is the reading position in ``buf``; what lies before it is dropped when more
    text is read. Line and column of any position are kept, for messages.
    """

    def __init__(self, path: Path, stream: BinaryIO) -> None:
        self.path = path
        self._stream = stream
        self._decoder = codecs.getincrementaldecoder("utf-8-sig")(errors="replace")
        self._scan = json.JSONDecoder().raw_decode
        self.buf = ""
        self.pos = 0
        self.eof = False
        self._line = 1  # line of buf[0]
        self._col = 1  # column of buf[0]
        self.what = ""  # the value being read, for messages ("gig 5,001")

    def more(self, at_least: int = 0) -> bool:
        """Read more text (a chunk, or ``at_least`` bytes) into the window; False at the end."""
        if self.eof:
            return False
        self._drop()
        data = self._stream.read(max(at_least, CHUNK_BYTES))
        if not data:
            self.eof = True
        self.buf += self._decoder.decode(data, final=not data)
        return True

    def _drop(self) -> None:
        """Forget the text before ``pos`` (keeping count of its lines and columns)."""
        if not self.pos:
            return
        lines = self.buf.count("\n", 0, self.pos)
        if lines:
            self._line += lines
            self._col = self.pos - self.buf.rfind("\n", 0, self.pos)
        else:
            self._col += self.pos
        self.buf = self.buf[self.pos:]
        self.pos = 0

    def where(self, at: int) -> tuple[int, int]:
        """Line and column (from 1) of ``buf[at]``."""
        lines = self.buf.count("\n", 0, at)
        if not lines:
            return self._line, self._col + at
        return self._line + lines, at - self.buf.rfind("\n", 0, at)

    def error(self, problem: str, at: int | None = None) -> SourceError:
        """A SourceError for malformed JSON at ``at`` (default: the reading position)."""
        line, col = self.where(self.pos if at is None else at)
        what = f"; {self.what}" if self.what else ""
        return SourceError("file", f"{self.path}:{line}:{col}: malformed JSON ({problem}{what})")

    def peek(self) -> str:
        """The next character that is not whitespace ("" at the end of the file)."""
        while True:
            self.pos = _WS.match(self.buf, self.pos).end()  # type: ignore[union-attr]
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self.more():
                return ""

    def expect(self, char: str, problem: str) -> None:
        """Step over ``char`` (after whitespace) or raise ``problem``."""
        if self.peek() != char:
            raise self.error(problem)
        self.pos += 1

    def value(self) -> Any:
        """Decode the next JSON value, reading as much of the file as it takes."""
        self.peek()
        while True:
            try:
                value, end = self._scan(self.buf, self.pos)
            except json.JSONDecodeError as exc:
                cut = exc.msg.startswith(_CUT_SHORT) or exc.pos >= len(self.buf) - _NEAR_END
                if self.eof or not cut:
                    raise self.error(exc.msg, exc.pos) from None
            else:
                # A number may go on past the window's end (12|34, 0|.5, 1|e3, true|).
                if self.eof or _NUMBER_TAIL.match(self.buf, end).end() < len(self.buf):  # type: ignore[union-attr]
                    self.pos = end
                    return value
            held = len(self.buf) - self.pos
            if held > MAX_RECORD_CHARS:
                line, col = self.where(self.pos)
                raise SourceError(
                    "file",
                    f"{self.path}:{line}:{col}: {self.what or 'a value'} is over "
                    f"{MAX_RECORD_CHARS:,} characters long or never ends (malformed JSON?)",
                )
            self.more(at_least=held)  # double the window: a long value is read in O(n)

    def end(self) -> None:
        """Only whitespace may follow the top-level value."""
        self.what = ""
        if self.peek():
            raise self.error("Extra data")


def _json(path: Path, stream: BinaryIO) -> Iterator[Record]:
    window = _JsonWindow(path, stream)
    first = window.peek()
    if first == "[":
        yield from _array(window)
        window.end()
        return
    if first != "{":
        window.value()  # malformed JSON is reported as such; a scalar is the wrong shape
        window.end()
        raise SourceError("file", f"{path}: the top level must be an array of gig objects")
    window.pos += 1
    found = False
    wrong_shape = False
    if window.peek() == "}":
        window.pos += 1
    else:
        while True:
            if window.peek() != '"':
                raise window.error("Expecting property name enclosed in double quotes")
            key = window.value()
            window.expect(":", "Expecting ':' delimiter")
            if key == "gigs" and not found:
                found = True
                if window.peek() == "[":
                    yield from _array(window)
                else:  # the wrong shape; said once the whole text is known to be JSON
                    window.what = "'gigs'"
                    window.value()
                    window.what = ""
                    wrong_shape = True
            else:
                window.what = f"key {key!r}"
                window.value()  # another key (or a repeated 'gigs', which is passed over)
                window.what = ""
            following = window.peek()
            if following == "}":
                window.pos += 1
                break
            if following != ",":
                raise window.error("Expecting ',' delimiter")
            window.pos += 1
    window.end()
    if not found:
        raise SourceError("file", f"{path}: expected an array or an object with 'gigs'")
    if wrong_shape:
        raise SourceError("file", f"{path}: 'gigs' must be an array of gig objects")


def _array(window: _JsonWindow) -> Iterator[Record]:
    """The objects of the array starting at the window's position (on its ``[``)."""
    window.pos += 1
    if window.peek() == "]":
        window.pos += 1
        return
    index = 0
    while True:
        index += 1
        window.what = f"gig {index:,}"
        item = window.value()
        if isinstance(item, dict):
            yield item
        del item
        following = window.peek()
        if following == ",":
            window.pos += 1
        elif following == "]":
            window.pos += 1
            window.what = ""
            return
        else:
            raise window.error("Expecting ',' delimiter")


def _jsonl(path: Path, stream: BinaryIO) -> Iterator[Record]:
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="replace", newline=None)
    lineno = 0
    while True:
        line = text.readline(MAX_RECORD_CHARS + 1)
        if not line:
            return
        lineno += 1
        if len(line) > MAX_RECORD_CHARS:
            raise SourceError(
                "file", f"{path}:{lineno}: line over {MAX_RECORD_CHARS:,} characters long"
            )
        if not line.strip():
            continue
        try:
            item = json.loads(line.rstrip("\n"))
        except json.JSONDecodeError as exc:
            raise SourceError(
                "file", f"{path}:{lineno}:{exc.colno}: malformed JSON ({exc.msg})"
            ) from None
        if isinstance(item, dict):
            yield item


# ------------------------------------------------------------------------------ CSV


def _csv(path: Path, stream: BinaryIO) -> Iterator[Record]:
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="replace", newline="")
    reader = csv.DictReader(text)
    rows = iter(reader)
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except csv.Error as exc:
            line = reader.reader.line_num  # DictReader's own count lags a failed row
            raise SourceError("file", f"{path}:{line}: malformed CSV ({exc})") from None
        record = {
            (k or "").strip(): v
            for k, v in row.items()
            if k and v not in (None, "") and not isinstance(v, list)
        }
        if record:
            yield record


# ------------------------------------------------------------------------------ TOML


def _toml(path: Path) -> Iterator[Record]:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise SourceError("file", f"{path}: file too large ({size:,} bytes)")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SourceError("file", f"{path}: file not found") from None
    except OSError as exc:
        raise SourceError("file", f"{path}: cannot read ({exc.strerror or exc})") from None
    try:
        data = tomllib.loads(raw.decode("utf-8-sig", errors="replace"))
    except tomllib.TOMLDecodeError as exc:
        raise SourceError("file", f"{path}: malformed TOML ({exc})") from None
    items = data.get("gigs", [])
    if not isinstance(items, list):
        raise SourceError("file", f"{path}: [[gigs]] must be an array of gig objects")
    yield from (item for item in items if isinstance(item, dict))


_READERS: dict[str, Callable[..., Iterator[Record]]] = {
    "json": _json,
    "jsonl": _jsonl,
    "csv": _csv,
    "toml": _toml,
}

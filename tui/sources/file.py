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
"""

from __future__ import annotations

import csv
import glob
import io
import json
import os
import tomllib
from pathlib import Path
from typing import Any

from ..errors import SourceError
from .base import FetchContext, Record, Source

#: Files larger than this are refused rather than read into memory.
MAX_FILE_BYTES = 512 * 1024 * 1024

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

    async def fetch(self, ctx: FetchContext) -> list[Record]:
        files = self.files()
        if not files:
            raise SourceError(self.name, f"no files match {self.spec.path!r}")
        records: list[Record] = []
        problems: list[str] = []
        for path in files:
            try:
                got = read_records(path, self.spec.options.get("format"))
            except SourceError as exc:
                problems.append(exc.problem)
                continue
            records.extend(got)
            ctx.progress(f"{path.name}: {len(got)} gigs")
        if problems and not records:
            raise SourceError(self.name, "; ".join(problems))
        for problem in problems:
            ctx.progress(problem)
        return records

    def describe(self) -> str:
        return self.spec.path or ""


def read_records(path: Path, fmt: str | None = None) -> list[Record]:
    """Read one file into records. SourceError names the file (and line) on any fault."""
    kind = fmt or FORMATS.get(path.suffix.lower())
    if kind is None:
        known = ", ".join(sorted(FORMATS))
        raise SourceError("file", f"{path}: unknown file type (use one of {known})")
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise SourceError("file", f"{path}: file too large ({size:,} bytes)")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SourceError("file", f"{path}: file not found") from None
    except OSError as exc:
        raise SourceError("file", f"{path}: cannot read ({exc.strerror or exc})") from None
    text = raw.decode("utf-8-sig", errors="replace")
    reader = {"json": _json, "jsonl": _jsonl, "csv": _csv, "toml": _toml}[kind]
    return reader(path, text)


def _objects(path: Path, items: Any, where: str) -> list[Record]:
    if not isinstance(items, list):
        raise SourceError("file", f"{path}: {where} must be an array of gig objects")
    return [item for item in items if isinstance(item, dict)]


def _json(path: Path, text: str) -> list[Record]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SourceError("file", f"{path}:{exc.lineno}: malformed JSON ({exc.msg})") from None
    if isinstance(data, dict):
        if "gigs" not in data:
            raise SourceError("file", f"{path}: expected an array or an object with 'gigs'")
        return _objects(path, data["gigs"], "'gigs'")
    return _objects(path, data, "the top level")


def _jsonl(path: Path, text: str) -> list[Record]:
    records: list[Record] = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise SourceError("file", f"{path}:{lineno}: malformed JSON ({exc.msg})") from None
        if isinstance(item, dict):
            records.append(item)
    return records


def _csv(path: Path, text: str) -> list[Record]:
    try:
        rows = list(csv.DictReader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise SourceError("file", f"{path}: malformed CSV ({exc})") from None
    records = []
    for row in rows:
        record = {
            (k or "").strip(): v
            for k, v in row.items()
            if k and v not in (None, "") and not isinstance(v, list)
        }
        if record:
            records.append(record)
    return records


def _toml(path: Path, text: str) -> list[Record]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SourceError("file", f"{path}: malformed TOML ({exc})") from None
    return _objects(path, data.get("gigs", []), "[[gigs]]")

"""Parsed TOML documents kept in the cache folder, by the digest of their text.

``tomllib`` is pure Python: importing it and parsing the shipped default and a user's
config take a few milliseconds of every start. A text parses to the same document every
time, so the document is kept (``marshal``, named by the text's digest and the Python
version) and read back on the next start; an edited file has another digest and is
parsed again. Nothing here writes next to the user's files. Each kept file carries a
checksum: one that does not read back whole is parsed again and replaced.

``marshal`` has no dates and times: a document with TOML dates or times (the shortlist's
``updated``) is kept with each one as a tagged tuple, which TOML cannot produce (its
arrays read as lists), and turned back on reading.
"""

from __future__ import annotations

import marshal
import os
import sys
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any, Callable

try:  # the blake2 module itself: ``import hashlib`` loads OpenSSL too
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python built without it
    from hashlib import blake2b

from . import paths

#: Kept documents, newest first; older ones are deleted when a new one is written.
KEEP = 16
#: Bytes of the checksum each kept file starts with.
_SUM = 16
_TAG = f"{sys.implementation.cache_tag}-m{marshal.version}"


def folder() -> Path:
    """Where the parsed documents are kept (inside the cache folder: safe to delete)."""
    return paths.cache_dir() / "parsed-toml"


def _file(text: str) -> Path:
    digest = blake2b(text.encode("utf-8"), digest_size=16).hexdigest()
    return folder() / f"{digest}.{_TAG}.marshal"


def document(text: str, parse: Callable[[str], dict[str, Any]]) -> dict[str, Any]:
    """``parse(text)``, or the document kept from an earlier ``parse`` of the same text.

    Errors from ``parse`` (a bad file) pass through and nothing is kept. Each call
    returns a new document: callers may change it.
    """
    kept = _file(text)
    data = _read(kept)
    if data is not None:
        return data
    data = parse(text)
    _keep(kept, data)
    return data


def _read(kept: Path) -> dict[str, Any] | None:
    """The document kept in ``kept``; None when there is none or its checksum fails."""
    try:
        raw = kept.read_bytes()
    except OSError:
        return None
    check, blob = raw[:_SUM], raw[_SUM:]
    if blake2b(blob, digest_size=_SUM).digest() != check:
        return None  # damaged (or cut short): parsed again and replaced
    try:
        packed, data = marshal.loads(blob)
    except (EOFError, ValueError, TypeError):
        return None
    if not isinstance(data, dict):
        return None
    return _unpack(data) if packed else data


def _keep(kept: Path, data: dict[str, Any]) -> None:
    """Write ``data`` to ``kept`` (atomically), when it can be; never raises."""
    try:
        blob = marshal.dumps((False, data))
    except ValueError:  # dates or times
        blob = marshal.dumps((True, _pack(data)))
    try:
        kept.parent.mkdir(parents=True, exist_ok=True)
        temp = kept.with_name(f"{kept.name}.{os.getpid()}.tmp")
        temp.write_bytes(blake2b(blob, digest_size=_SUM).digest() + blob)
        os.replace(temp, kept)
        _prune(kept.parent)
    except OSError:
        pass  # a read-only or full cache folder: parse every time


def _prune(where: Path) -> None:
    """Delete all but the ``KEEP`` newest kept documents (and stray temporary files)."""
    entries = []
    for entry in os.scandir(where):
        try:
            entries.append((entry.stat().st_mtime_ns, entry.path))
        except OSError:
            continue
    entries.sort(reverse=True)
    for _mtime, path in entries[KEEP:]:
        try:
            os.unlink(path)
        except OSError:
            pass


# ------------------------------------------------------------------ dates and times
def _pack(value: Any) -> Any:
    """``value`` with each date, time and datetime as a tagged tuple."""
    if isinstance(value, dict):
        return {k: _pack(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_pack(v) for v in value]
    if isinstance(value, datetime):
        offset = value.utcoffset()
        return ("datetime", value.year, value.month, value.day, value.hour, value.minute,
                value.second, value.microsecond,
                None if offset is None else offset // timedelta(microseconds=1))
    if isinstance(value, date):
        return ("date", value.year, value.month, value.day)
    if isinstance(value, time):  # TOML local times carry no offset
        return ("time", value.hour, value.minute, value.second, value.microsecond)
    return value


def _unpack(value: Any) -> Any:
    """The inverse of ``_pack``."""
    if isinstance(value, dict):
        return {k: _unpack(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_unpack(v) for v in value]
    if isinstance(value, tuple):
        kind, *parts = value
        if kind == "datetime":
            *fields, offset = parts
            zone = None if offset is None else timezone(timedelta(microseconds=offset))
            return datetime(*fields, tzinfo=zone)
        if kind == "date":
            return date(*parts)
        return time(*parts)
    return value

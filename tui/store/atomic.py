"""The store's safe writer: atomic saves and an OS lock on a separate lock file.

Every user file gigs writes (the shortlist, manual gigs, saved presets) goes through here:

- ``atomic_write_bytes`` / ``atomic_write_text``: a temp file in the same folder is written,
  flushed and fsynced, then renamed over the target with ``os.replace`` and the folder is
  fsynced. A crash or kill at any moment leaves either the old or the new file.
- ``locked(path)``: an exclusive OS lock on ``<path>.lock``, a file that is never renamed,
  so two processes serialise their read-modify-write cycles. POSIX uses ``fcntl.flock``;
  Windows locks the first byte of the lock file with ``msvcrt.locking``. The lock is not
  re-entrant: do not nest ``locked`` on the same path in one thread.
- ``update_file`` / ``update_toml``: under the lock, re-read the file, apply one change,
  write it atomically. A TOML file that does not parse is never overwritten.
- ``dump_toml``: tomli-w output that keeps every string exactly (``\\r\\n`` included) while
  still writing multi-line notes as readable ``\"\"\"`` blocks where that is lossless.
"""

from __future__ import annotations

import contextlib
import copy
import os
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import parsed_toml
from ..errors import StoreError
from ..lazyre import lazy

if TYPE_CHECKING:
    import tomllib

__all__ = [
    "atomic_write_bytes",
    "atomic_write_text",
    "dump_toml",
    "lock_path",
    "locked",
    "parse_toml",
    "read_bytes",
    "toml_error_line",
    "update_file",
    "update_toml",
]

_TMP_SUFFIX = ".tmp"


def _tmp_prefix(path: Path) -> str:
    return f".{path.name}."


def lock_path(path: Path) -> Path:
    """The lock file that guards ``path``: ``<path>.lock`` beside it (never renamed)."""
    path = Path(path)
    return path.with_name(path.name + ".lock")


def _fsync_dir(folder: Path) -> None:
    """Make a rename durable: fsync the folder (a no-op where folders cannot be opened)."""
    if os.name == "nt":  # pragma: no cover - Windows cannot open a directory
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - exotic file systems
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically.

    Creates missing parent folders. An existing file keeps its permission bits; a new one
    gets the usual ``0o666 & ~umask``. Raises ``StoreError`` naming the file on failure.
    """
    path = Path(path)
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        try:
            mode: int | None = path.stat().st_mode & 0o7777
        except FileNotFoundError:
            mode = None
        tmp = folder / f"{_tmp_prefix(path)}{os.urandom(6).hex()}{_TMP_SUFFIX}"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            if mode is not None:
                os.chmod(tmp, mode)
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        _fsync_dir(folder)
    except OSError as exc:
        raise StoreError(path, f"cannot write: {exc.strerror or exc}") from exc


def atomic_write_text(path: Path, text: str) -> None:
    """``atomic_write_bytes`` of UTF-8 text, newlines written exactly as given."""
    atomic_write_bytes(path, text.encode("utf-8"))


def read_bytes(path: Path) -> bytes | None:
    """The file's bytes, or None when it does not exist. Other failures -> ``StoreError``."""
    path = Path(path)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except IsADirectoryError as exc:
        raise StoreError(path, "is a folder, not a file") from exc
    except OSError as exc:
        raise StoreError(path, f"cannot read: {exc.strerror or exc}") from exc


@contextlib.contextmanager
def locked(path: Path) -> Iterator[Path]:
    """Hold an exclusive OS lock for ``path`` (on ``<path>.lock``) while the block runs.

    Blocks until the lock is free. The kernel drops the lock when the process dies, so a
    killed writer never leaves the store locked. Yields the lock file's path.
    """
    lp = lock_path(path)
    try:
        lp.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lp, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as exc:
        raise StoreError(lp, f"cannot open the lock file: {exc.strerror or exc}") from exc
    try:
        _lock_fd(fd, lp)
        try:
            yield lp
        finally:
            _unlock_fd(fd)
    finally:
        os.close(fd)


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _lock_fd(fd: int, lp: Path) -> None:
        while True:
            try:
                os.lseek(fd, 0, os.SEEK_SET)
                msvcrt.locking(fd, msvcrt.LK_LOCK, 1)
                return
            except OSError:
                time.sleep(0.05)  # LK_LOCK gives up after ~10 s; keep waiting

    def _unlock_fd(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        with contextlib.suppress(OSError):
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock_fd(fd: int, lp: Path) -> None:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
                return
            except InterruptedError:  # pragma: no cover - retried by Python already
                continue
            except OSError as exc:
                raise StoreError(lp, f"cannot lock: {exc.strerror or exc}") from exc

    def _unlock_fd(fd: int) -> None:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)


def _remove_stale_temps(path: Path, older_than: float = 60.0) -> None:
    """Delete temp files a killed writer of ``path`` left behind (call under the lock)."""
    now = time.time()
    prefix = _tmp_prefix(path)
    try:
        candidates = list(path.parent.iterdir())
    except OSError:
        return
    for p in candidates:
        name = p.name
        if name.startswith(prefix) and name.endswith(_TMP_SUFFIX):
            with contextlib.suppress(OSError):
                if now - p.stat().st_mtime > older_than:
                    p.unlink()


def update_file(path: Path, transform: Callable[[bytes | None], bytes | None]) -> bytes | None:
    """Read-modify-write ``path`` under its lock.

    ``transform`` gets the current bytes (None = no file) and returns the new bytes, or None
    to leave the file as it is. Only changed content is written. Returns what the file
    holds afterwards. Exceptions from ``transform`` propagate and nothing is written.
    """
    path = Path(path)
    with locked(path):
        _remove_stale_temps(path)
        old = read_bytes(path)
        new = transform(old)
        if new is None or new == old:
            return old
        atomic_write_bytes(path, new)
        return new


_LINE_RE = lazy(r"at line (\d+)")
_WHERE_RE = lazy(r"\s*\(at (?:line \d+, column \d+|end of document)\)")


def toml_error_line(exc: tomllib.TOMLDecodeError) -> int | None:
    """The 1-based line a ``tomllib`` error points at, if it says."""
    lineno = getattr(exc, "lineno", None)  # Python 3.14+
    if isinstance(lineno, int) and lineno > 0:
        return lineno
    m = _LINE_RE.search(str(exc))
    return int(m.group(1)) if m else None


def parse_toml(path: Path, data: bytes | None, *, kept: bool = False) -> dict[str, Any]:
    """Parse TOML bytes read from ``path`` (None or empty = ``{}``).

    ``kept``: the document is kept in the cache folder and read back without parsing
    while the file is unchanged (``tui.parsed_toml``); for files read at every start.
    Bad UTF-8 or bad TOML raises ``StoreError(path, problem, line)``.
    """
    if not data:
        return {}
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise StoreError(path, "not UTF-8 text", line) from exc
    if text.startswith("\ufeff"):
        text = text[1:]

    def parse(text: str) -> dict[str, Any]:
        import tomllib  # pure Python: loaded only for a text not parsed before

        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            problem = _WHERE_RE.sub("", str(exc)).strip() or "bad TOML"
            line = toml_error_line(exc)
            if line is None and "end of document" in str(exc):
                line = text.count("\n") + (0 if text.endswith("\n") else 1)
            raise StoreError(path, f"not valid TOML: {problem}", line or None) from exc

    return parsed_toml.document(text, parse) if kept else parse(text)


def _has_cr(value: Any) -> bool:
    if isinstance(value, str):
        return "\r" in value
    if isinstance(value, dict):
        return any(_has_cr(k) or _has_cr(v) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return any(_has_cr(v) for v in value)
    return False


def _dump_chunk(obj: dict[str, Any]) -> str:
    # tomli-w turns "\r\n" into "\n" inside multi-line strings: only use them when lossless.
    import tomli_w  # on the first save, not at start

    return tomli_w.dumps(obj, multiline_strings=not _has_cr(obj))


def _chunks(data: dict[str, Any]) -> list[str]:
    """Dump the document piece by piece: one chunk per second-level table / array item.

    A note with ``\\r`` then only switches its own table to escaped strings, which keeps
    diffs small.
    """
    scalars = {k: v for k, v in data.items() if not _is_table(v) and not _is_table_array(v)}
    chunks = [_dump_chunk(scalars)] if scalars else []
    for key, value in data.items():
        if _is_table(value):
            flat = {k: v for k, v in value.items() if not _is_table(v)}
            if flat or not value:
                chunks.append(_dump_chunk({key: flat}))
            for sub, subvalue in value.items():
                if _is_table(subvalue):
                    chunks.append(_dump_chunk({key: {sub: subvalue}}))
        elif _is_table_array(value):
            for item in value:
                chunks.append(_dump_chunk({key: [item]}))
    return chunks


def _is_table(v: Any) -> bool:
    return isinstance(v, dict)


def _is_table_array(v: Any) -> bool:
    return isinstance(v, list) and bool(v) and all(isinstance(i, dict) for i in v)


def dump_toml(data: dict[str, Any], path: Path | str = "<toml>") -> str:
    """TOML text for ``data`` through tomli-w, verified to read back equal.

    Multi-line strings are written as ``\"\"\"`` blocks unless that would lose a ``\\r``.
    Raises ``StoreError`` when ``data`` cannot be written as TOML (e.g. it holds None).
    """
    import tomllib

    try:
        text = "\n".join(c.rstrip("\n") + "\n" for c in _chunks(data) if c.strip())
        if tomllib.loads(text) == data:
            return text
        import tomli_w

        text = tomli_w.dumps(data)
        if tomllib.loads(text) == data:
            return text
    except (TypeError, ValueError, tomllib.TOMLDecodeError) as exc:
        raise StoreError(path, f"cannot be written as TOML: {exc}") from exc
    raise StoreError(path, "cannot be written as TOML without changing it")


def update_toml(path: Path, mutate: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    """Under the lock, re-read the TOML file (missing = ``{}``), apply ``mutate`` in place,
    write the result atomically and return it.

    A file that does not parse raises ``StoreError(path, problem, line)`` and is never
    overwritten. Nothing is written when ``mutate`` leaves the data unchanged.
    """
    path = Path(path)
    result: dict[str, Any] = {}

    def transform(old: bytes | None) -> bytes | None:
        nonlocal result
        data = parse_toml(path, old)
        before = copy.deepcopy(data)
        mutate(data)
        result = data
        if old is not None and data == before:
            return None
        return dump_toml(data, path).encode("utf-8")

    update_file(path, transform)
    return result

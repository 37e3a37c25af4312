"""Small checks that turn raw TOML values into typed ones or a ConfigError.

Every failure names the file and the dotted key (``sources[2].timeout``) and says what
was expected and what was found: ``must be a number > 0, got 'abc'``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, NoReturn

from ..errors import ConfigError

#: The characters of a bare TOML key.
BARE_KEY_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


def made_of(text: str, chars: frozenset[str]) -> bool:
    """Is ``text`` one or more of ``chars``? (A set test: no regular expression to
    compile on the way to the first paint.)"""
    return bool(text) and all(c in chars for c in text)


def toml_key(name: str) -> str:
    """A key as TOML writes it: bare when it can be, else quoted (``"副業"``)."""
    if made_of(name, BARE_KEY_CHARS):
        return name
    escaped = name.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def join_key(prefix: str, name: str) -> str:
    """``join_key("presets", "副業")`` → ``presets."副業"``."""
    return f"{prefix}.{toml_key(name)}" if prefix else toml_key(name)


def shown(value: Any) -> str:
    """A value as a message shows it: strings quoted, booleans as TOML writes them."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, (datetime, date, time)):
        return f"the date/time {value.isoformat()}"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def is_number(value: Any) -> bool:
    """True for TOML integers and floats (not booleans, not NaN or infinities)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


class Checker:
    """Checks for one file: every failure is a ConfigError naming ``path``."""

    def __init__(self, path: Path | str) -> None:
        self.path = path

    def fail(self, key: str | None, problem: str) -> NoReturn:
        raise ConfigError(self.path, key, problem)

    def table(self, value: Any, key: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.fail(key, f"must be a table, got {shown(value)}")
        return value

    def known_keys(
        self, table: Mapping[str, Any], key: str, allowed: Iterable[str], what: str = "key"
    ) -> None:
        """Fail on the first key of ``table`` not in ``allowed``, naming it and the known ones."""
        allowed = tuple(allowed)
        for name in table:
            if name not in allowed:
                self.fail(join_key(key, name), f"unknown {what} (known: {', '.join(allowed)})")

    def string(self, value: Any, key: str, *, nonempty: bool = False) -> str:
        if not isinstance(value, str):
            self.fail(key, f"must be a string, got {shown(value)}")
        if nonempty and not value.strip():
            self.fail(key, "must not be empty")
        return value

    def boolean(self, value: Any, key: str) -> bool:
        if not isinstance(value, bool):
            self.fail(key, f"must be true or false, got {shown(value)}")
        return value

    def number(
        self,
        value: Any,
        key: str,
        *,
        gt: float | None = None,
        ge: float | None = None,
        le: float | None = None,
    ) -> float:
        """A TOML integer or float within bounds, as a float."""
        bounds = []
        if gt is not None:
            bounds.append(f"> {gt:g}")
        if ge is not None:
            bounds.append(f">= {ge:g}")
        if le is not None:
            bounds.append(f"<= {le:g}")
        expected = "a number" + (" " + " and ".join(bounds) if bounds else "")
        if ge is not None and le is not None:
            expected = f"a number from {ge:g} to {le:g}"
        ok = is_number(value) and (
            (gt is None or value > gt) and (ge is None or value >= ge) and (le is None or value <= le)
        )
        if not ok:
            self.fail(key, f"must be {expected}, got {shown(value)}")
        return float(value)

    def choice(self, value: Any, key: str, choices: Iterable[str]) -> str:
        choices = tuple(choices)
        if not isinstance(value, str) or value not in choices:
            self.fail(key, f"must be one of {', '.join(choices)}, got {shown(value)}")
        return value

    def string_list(self, value: Any, key: str, *, nonempty_items: bool = True) -> tuple[str, ...]:
        if not isinstance(value, list):
            self.fail(key, f"must be a list of strings, got {shown(value)}")
        for i, item in enumerate(value, 1):
            self.string(item, f"{key}[{i}]", nonempty=nonempty_items)
        return tuple(value)

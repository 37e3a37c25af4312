"""Regular expressions compiled on first use.

A module that holds many patterns (a source adapter, a parser) would otherwise compile
them all when it is imported — tens of milliseconds on the way to the first paint, for
patterns that are only needed once data arrives. ``lazy(pattern, flags)`` stands in for
``re.compile(pattern, flags)``: the first attribute used (``search``, ``match``, ``sub``…)
compiles it, once.
"""

from __future__ import annotations

import re
import threading
from typing import Any

_LOCK = threading.Lock()


class LazyPattern:
    """A ``re.Pattern`` compiled the first time one of its attributes is used."""

    __slots__ = ("_source", "_flags", "_compiled")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._source = pattern
        self._flags = flags
        self._compiled: re.Pattern[str] | None = None

    def compiled(self) -> re.Pattern[str]:
        """The compiled pattern (compiling it now if needed)."""
        rx = self._compiled
        if rx is None:
            with _LOCK:
                rx = self._compiled
                if rx is None:
                    rx = self._compiled = re.compile(self._source, self._flags)
        return rx

    def __getattr__(self, name: str) -> Any:
        return getattr(self.compiled(), name)

    def __repr__(self) -> str:
        return f"lazy({self._source!r}, {self._flags!r})"


def lazy(pattern: str, flags: int = 0) -> LazyPattern:
    """Like ``re.compile(pattern, flags)``, compiled on first use."""
    return LazyPattern(pattern, flags)

"""Find source types through the ``gigs.sources`` entry-point group.

Built-in sources register through the same group (see ``pyproject.toml``) as third-party
plugins. Listing the installed types does not import them; a type is imported only when a
configured source uses it. When running from a checkout that was never installed, the
built-in table below stands in for the missing entry points. A built-in name always
means the built-in class (a plugin cannot take it over), so resolving one needs no scan
of the installed distributions; the scan happens only for plugin types and listings.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import import_module

from ..errors import SourceError
from ..record import record
from .base import Source, SourceSpec

GROUP = "gigs.sources"

#: module:Class of every built-in type; must match pyproject's entry points.
BUILTIN: dict[str, str] = {
    "sample": "tui.sources.sample:SampleSource",
    "file": "tui.sources.file:FileSource",
    "manual": "tui.sources.manual:ManualSource",
    "remoteok": "tui.sources.remoteok:RemoteOKSource",
    "remotive": "tui.sources.remotive:RemotiveSource",
    "arbeitnow": "tui.sources.arbeitnow:ArbeitnowSource",
    "jobicy": "tui.sources.jobicy:JobicySource",
    "himalayas": "tui.sources.himalayas:HimalayasSource",
    "hn": "tui.sources.hn:HNSource",
    "feed": "tui.sources.feed:FeedSource",
    "jobposting": "tui.sources.jobposting:JobPostingSource",
}


@record
class SourceType:
    """An installed source type, known by name before it is imported."""

    name: str
    target: str  # "module:Class"
    distribution: str | None  # the package that provides it; None for a checkout

    @property
    def builtin(self) -> bool:
        return self.target.startswith("tui.")


@lru_cache(maxsize=1)
def _installed() -> tuple[tuple[str, str, str | None], ...]:
    """The ``gigs.sources`` entry points, scanned once per process (a scan of every
    installed distribution takes tens of milliseconds)."""
    from importlib.metadata import entry_points

    return tuple(
        (ep.name, ep.value, getattr(getattr(ep, "dist", None), "name", None))
        for ep in entry_points(group=GROUP)
    )


def available() -> dict[str, SourceType]:
    """Every installed source type by name, built-ins first, without importing any."""
    found: dict[str, SourceType] = {
        name: SourceType(name, target, None) for name, target in BUILTIN.items()
    }
    for name, value, dist in _installed():
        found[name] = SourceType(name, value, dist)
    return found


def is_known(type_name: str) -> bool:
    """Is ``type_name`` an installed type? Built-in names answer without scanning the
    installed distributions (that scan is left for plugin types and listings)."""
    return type_name in BUILTIN or type_name in available()


def target_of(type_name: str) -> str | None:
    """``module:Class`` of an installed type (built-ins without a scan), or None."""
    if type_name in BUILTIN:
        return BUILTIN[type_name]
    found = available().get(type_name)
    return found.target if found is not None else None


def load_type(type_name: str) -> type[Source]:
    """Import a source class by type name; SourceError if unknown or broken."""
    target = target_of(type_name)
    if target is None:
        known = ", ".join(sorted(available()))
        raise SourceError(type_name, f"unknown source type {type_name!r} (installed: {known})")
    module_name, _, attr = target.partition(":")
    try:
        cls = getattr(import_module(module_name), attr)
    except Exception as exc:  # a broken plugin must not take the app down
        raise SourceError(type_name, f"cannot load {target}: {exc}") from exc
    if not (isinstance(cls, type) and issubclass(cls, Source)):
        raise SourceError(type_name, f"{target} is not a gigs Source subclass")
    return cls


def build(spec: SourceSpec) -> Source:
    """Instantiate the source a config entry describes."""
    cls = load_type(spec.type)
    return cls(spec)

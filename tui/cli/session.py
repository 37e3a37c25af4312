"""Loading what every command needs: the config, the gigs, the shortlist.

Kept apart from the commands so the app and the CLI load things the same way.
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .. import paths
from ..collect import Collection, collect, prepare
from ..record import record

if TYPE_CHECKING:
    from ..config import Config


def load(args) -> "Config":
    """The config named by --config / GIGS_CONFIG / the default location (ConfigError: exit 2)."""
    from ..config import load_config

    explicit = getattr(args, "config", None) or os.environ.get("GIGS_CONFIG") or None
    path = paths.config_path(getattr(args, "config", None))
    return with_saved_presets(load_config(path, explicit=bool(explicit)))


def with_saved_presets(config: "Config") -> "Config":
    """Add the presets saved from the app (``<data>/presets.toml``) after the config's."""
    from ..config import load_saved_presets, merge_presets

    from dataclasses import replace

    return replace(
        config, presets=merge_presets(config.presets, load_saved_presets(paths.presets_path()))
    )


@record(frozen=False)
class Loaded:
    """A config and the gigs its sources gave."""

    config: "Config"
    collection: Collection


def gather(config: "Config", *, offline: bool, refresh: bool = False) -> Collection:
    """Run the sources (through the cache when it exists) and return their gigs."""
    prepared = prepare(config)
    try:
        from ..cache import collect_cached
    except ImportError:
        return asyncio.run(collect(config, offline=offline, prepared=prepared))
    return asyncio.run(
        collect_cached(config, offline=offline, refresh=refresh, prepared=prepared)
    )


def report_failures(collection: Collection) -> None:
    """One line per failed source on stderr."""
    for state in collection.states:
        if state.error and state.status in ("error", "cached"):
            tail = " (showing cached gigs)" if state.status == "cached" else ""
            print(f"gigs: source {state.name!r}: {state.error}{tail}", file=sys.stderr)


def shortlist_path() -> Path:
    return paths.shortlist_path()

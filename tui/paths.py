"""Where gigs keeps its files: the config, the user's data, the cache, the shipped defaults.

Directories come from platformdirs, so on Linux ``XDG_CONFIG_HOME``, ``XDG_DATA_HOME`` and
``XDG_CACHE_HOME`` are honoured (tests set them to hide the user's real files). Nothing
here creates a directory: writers create what they need when they write.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import platformdirs

from .errors import ConfigError

APP_NAME = "gigs"
#: Environment variable that names the config file (``--config`` wins over it).
CONFIG_ENV = "GIGS_CONFIG"
CONFIG_FILE = "config.toml"
DEFAULT_CONFIG_FILE = "default.toml"

_PACKAGE_DIR = Path(__file__).resolve().parent


def resolve_config_path(
    explicit: str | os.PathLike[str] | None = None, env: Mapping[str, str] = os.environ
) -> tuple[Path, bool]:
    """The config file to read and whether the user named it (``--config`` or ``GIGS_CONFIG``).

    A file the user named must exist; the default location may be missing.
    """
    if explicit is not None and str(explicit) != "":
        return Path(explicit).expanduser(), True
    from_env = env.get(CONFIG_ENV, "")
    if from_env:
        return Path(from_env).expanduser(), True
    return platformdirs.user_config_path(APP_NAME) / CONFIG_FILE, False


def config_path(
    explicit: str | os.PathLike[str] | None = None, env: Mapping[str, str] = os.environ
) -> Path:
    """The config file: ``--config`` wins over ``GIGS_CONFIG``, else the platform's config dir."""
    return resolve_config_path(explicit, env)[0]


def data_dir() -> Path:
    """The user's data directory (shortlist, manual gigs, saved presets, state)."""
    return platformdirs.user_data_path(APP_NAME)


def cache_dir() -> Path:
    """The cache directory (fetched source payloads); safe to delete."""
    return platformdirs.user_cache_path(APP_NAME)


def shortlist_path() -> Path:
    """``<data>/shortlist.toml``: stars, statuses, notes and checklists."""
    return data_dir() / "shortlist.toml"


def manual_path() -> Path:
    """``<data>/manual.toml``: gigs the user added by hand (the ``manual`` source)."""
    return data_dir() / "manual.toml"


def presets_path() -> Path:
    """``<data>/presets.toml``: presets saved from the app (after the config's)."""
    return data_dir() / "presets.toml"


def state_path() -> Path:
    """``<data>/state.toml``: small app state such as the last time the app was opened."""
    return data_dir() / "state.toml"


def shipped_config_dir() -> Path:
    """The folder of shipped configs: ``default.toml`` and ``examples/``.

    An installed wheel carries the repository's ``config/`` folder as
    ``tui/_shipped_config/``; a source checkout uses ``<repo>/config``.
    """
    installed = _PACKAGE_DIR / "_shipped_config"
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent / "config"


def default_config_path() -> Path:
    """The shipped ``default.toml``, the base every user config layers on."""
    return shipped_config_dir() / DEFAULT_CONFIG_FILE


def default_config_text() -> str:
    """The text of the shipped ``default.toml``; ConfigError if the install lacks it."""
    path = default_config_path()
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        problem = f"cannot read the shipped default config ({exc.strerror or exc})"
        raise ConfigError(path, None, problem) from exc


def locations(
    explicit: str | os.PathLike[str] | None = None, env: Mapping[str, str] = os.environ
) -> dict[str, Path]:
    """Every path ``gigs locate`` prints, by label, in display order."""
    return {
        "config": config_path(explicit, env),
        "data": data_dir(),
        "shortlist": shortlist_path(),
        "manual": manual_path(),
        "presets": presets_path(),
        "state": state_path(),
        "cache": cache_dir(),
        "shipped config": shipped_config_dir(),
    }

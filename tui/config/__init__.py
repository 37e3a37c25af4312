"""Configuration: the shipped default plus the user's ``config.toml``, validated.

Public API::

    load_config(path, *, explicit=False, env=os.environ) -> Config
    config_check(path, *, explicit=False, env=os.environ) -> list[str]
    starter_config_text() -> str
    load_saved_presets(path) -> dict[str, Preset]
    save_preset(path, preset) -> None
    delete_preset(path, name) -> bool
    merge_presets(config_presets, saved) -> dict[str, Preset]
    normalize_sort(value) -> tuple[str, ...];  parse_sort_key(text) -> (column, descending)
    default_language(env=os.environ) -> "ja" | "en"

and the settings types ``Config``, ``Preset``, ``Profile``, ``UISettings``. Every problem
is a ``tui.errors.ConfigError`` naming the file and the dotted key. Plain Python only.
"""

from __future__ import annotations

from .loader import SECTIONS, config_check, layer, load_config, read_toml, starter_config_text
from .presets import (
    delete_preset,
    load_saved_presets,
    merge_presets,
    normalize_sort,
    parse_sort_key,
    save_preset,
)
from .sections import default_language
from .settings import Config, Preset, Profile, UISettings

__all__ = [
    "SECTIONS",
    "Config",
    "Preset",
    "Profile",
    "UISettings",
    "config_check",
    "default_language",
    "delete_preset",
    "layer",
    "load_config",
    "load_saved_presets",
    "merge_presets",
    "normalize_sort",
    "parse_sort_key",
    "read_toml",
    "save_preset",
    "starter_config_text",
]

"""The validated configuration as typed, immutable values.

``tui.config.loader.load_config`` builds these from the shipped ``default.toml`` and the
user's ``config.toml``; nothing else in gigs reads the TOML directly.
"""

from __future__ import annotations

from dataclasses import field
from pathlib import Path

from ..money import Money
from ..record import record
from ..sources.base import SourceSpec


@record
class Preset:
    """A named view: a tab in the app, ``--preset NAME`` on the command line.

    ``sort`` holds normalized sort keys: a column id, prefixed with ``-`` when descending
    (``("status", "-rate")``). ``columns`` is None when the preset keeps the app's columns.
    """

    name: str
    title: str
    query: str = ""
    sort: tuple[str, ...] = ()
    columns: tuple[str, ...] | None = None


@record
class Profile:
    """What the user is looking for; the fit score weighs gigs against it."""

    skills: dict[str, float] = field(default_factory=dict)
    avoid: tuple[str, ...] = ()
    min_rate: float | None = None  # 万円/月
    remote: str | None = None  # full | partial | onsite
    max_days: float | None = None  # days per week, 1..7
    forms: tuple[str, ...] = ()  # contract forms, e.g. ("quasi_mandate",)


@record
class UISettings:
    """``[ui]``: language (ja|en), Textual theme name, URL opener command, mouse support."""

    language: str = "en"
    theme: str = "textual-dark"
    opener: str = ""  # empty: the system's opener (never over SSH)
    mouse: bool = True


@record
class Config:
    """Everything ``config.toml`` (layered on the shipped default) says.

    ``path`` is the user's file that was read, or None when only the shipped default is in
    effect. ``source_keys[i]`` is the config key of ``sources[i]`` (``"sources[2]"``,
    counting from 1) for messages. ``keymap`` maps every binding id to its keys.
    """

    path: Path | None
    sources: list[SourceSpec]
    money: Money
    presets: dict[str, Preset]
    always: str
    profile: Profile | None
    keymap: dict[str, tuple[str, ...]]
    ui: UISettings
    source_keys: list[str]

    def source(self, name: str) -> SourceSpec | None:
        """The configured source called ``name``, if any."""
        return next((s for s in self.sources if s.name == name), None)

    def source_key(self, name: str) -> str | None:
        """The config key (``"sources[2]"``) of the source called ``name``, if any."""
        for spec, key in zip(self.sources, self.source_keys):
            if spec.name == name:
                return key
        return None

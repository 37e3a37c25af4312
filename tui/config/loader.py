"""Reading config files and layering the user's on the shipped default.

The shipped ``config/default.toml`` is the base. The user's file layers on it: its
``[[sources]]`` list and ``[presets]`` table replace the shipped ones wholesale when
present; every other table merges key by key (``fx = { USD = 150 }`` keeps the shipped
EUR). The merged document is then validated section by section.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .. import parsed_toml, paths
from ..errors import ConfigError
from .presets import parse_presets
from .sections import (
    parse_filters,
    parse_keymap,
    parse_money,
    parse_profile,
    parse_sources,
    parse_ui,
)
from .settings import Config
from .validate import Checker

#: Every top-level table of config.toml, in the order INTERFACES.md lists them.
SECTIONS = ("sources", "money", "presets", "filters", "profile", "keymap", "ui")
#: Sections the user's file replaces wholesale instead of merging key by key.
REPLACED = ("sources", "presets")


def parse_toml_text(text: str, path: Path | str) -> dict[str, Any]:
    """Parse TOML text; a syntax error is a ConfigError naming the file, line and column.

    A text parsed before is read back from the cache folder (``tui.parsed_toml``).
    """

    def parse(text: str) -> dict[str, Any]:
        import tomllib  # pure Python: loaded only for a text not parsed before

        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(path, None, f"invalid TOML: {exc}") from None

    return parsed_toml.document(text, parse)


def read_toml(path: Path) -> dict[str, Any]:
    """Read and parse a TOML file; ConfigError naming it if unreadable, not UTF-8 or invalid."""
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise ConfigError(path, None, "no such file") from None
    except IsADirectoryError:
        raise ConfigError(path, None, "is a directory, not a config file") from None
    except OSError as exc:
        raise ConfigError(path, None, f"cannot read: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(path, None, f"not UTF-8 text (bad byte at offset {exc.start})") from None
    return parse_toml_text(text, path)


def merge_tables(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    """``over`` merged into a copy of ``base`` key by key, recursing into tables."""
    merged = copy.deepcopy(dict(base))
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge_tables(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def layer(base: Mapping[str, Any], user: Mapping[str, Any]) -> dict[str, Any]:
    """The user's document over the shipped one: REPLACED sections wholesale, others merged."""
    merged = copy.deepcopy(dict(base))
    for key, value in user.items():
        if key in REPLACED or not (isinstance(value, dict) and isinstance(merged.get(key), dict)):
            merged[key] = copy.deepcopy(value)
        else:
            merged[key] = merge_tables(merged[key], value)
    return merged


def shipped_document() -> dict[str, Any]:
    """The shipped ``default.toml``, parsed (ConfigError naming it if broken)."""
    return parse_toml_text(paths.default_config_text(), paths.default_config_path())


def build_config(
    data: Mapping[str, Any],
    path: Path | str,
    *,
    source_path: Path | None,
    env: Mapping[str, str] = os.environ,
) -> Config:
    """Validate a whole (already layered) document; errors name ``path``."""
    check = Checker(path)
    check.known_keys(data, "", SECTIONS, what="section")
    sources, source_keys = parse_sources(check, data.get("sources", []))
    money = parse_money(check, data.get("money", {}))
    presets = parse_presets(check, data.get("presets", {}))
    always = parse_filters(check, data.get("filters", {}))
    profile = parse_profile(check, data["profile"]) if "profile" in data else None
    keymap = parse_keymap(check, data.get("keymap", {}))
    ui = parse_ui(check, data.get("ui", {}), env)
    return Config(
        path=source_path,
        sources=sources,
        money=money,
        presets=presets,
        always=always,
        profile=profile,
        keymap=keymap,
        ui=ui,
        source_keys=source_keys,
    )


def load_config(
    path: Path | str | None, *, explicit: bool = False, env: Mapping[str, str] = os.environ
) -> Config:
    """The config: the shipped default with the user's file at ``path`` layered on it.

    ``path`` None, or a missing file at the default location, means the shipped default
    alone (``Config.path`` is then None). A missing file the user named (``explicit``:
    ``--config`` or ``GIGS_CONFIG``) is a ConfigError. Every error names the file and the
    dotted key (``sources[2].timeout``, sources counted from 1).
    """
    base = shipped_document()
    if path is not None:
        path = Path(path).expanduser()
        if path.exists() or explicit:
            user = read_toml(path)
            return build_config(layer(base, user), path, source_path=path, env=env)
    return build_config(base, paths.default_config_path(), source_path=None, env=env)


def config_check(
    path: Path | str | None, *, explicit: bool = False, env: Mapping[str, str] = os.environ
) -> list[str]:
    """Validate the config at ``path`` (ConfigError if invalid) and return warnings.

    Warnings cover what is valid but probably unintended: a missing file (shipped
    defaults in effect), disabled sources, no enabled source, a source whose type cannot
    be loaded or whose options/requirements the type rejects, a refresh interval below a
    board's minimum, presets beyond the number keys.
    """
    from ..errors import GigsError
    from ..sources import registry

    warnings: list[str] = []
    if path is not None and not Path(path).expanduser().exists() and not explicit:
        warnings.append(f"no config file at {path}; the shipped defaults are in effect")
    config = load_config(path, explicit=explicit, env=env)
    for spec, key in zip(config.sources, config.source_keys):
        if not spec.enabled:
            warnings.append(f"source {spec.name!r} ({key}) is disabled")
            continue
        try:
            cls = registry.load_type(spec.type)
            source = cls(spec)
        except GigsError as exc:
            warnings.append(f"source {spec.name!r} ({key}): {getattr(exc, 'problem', exc)}")
            continue
        except Exception as exc:  # a broken plugin is reported, not raised
            warnings.append(f"source {spec.name!r} ({key}): cannot be built: {exc}")
            continue
        wanted = spec.refresh_minutes
        if wanted is not None and wanted < float(cls.min_refresh_minutes):
            warnings.append(
                f"source {spec.name!r} ({key}): refresh_minutes {wanted:g} is below the "
                f"minimum of {cls.min_refresh_minutes:g} for {spec.type!r}; "
                f"{source.refresh_minutes:g} is used"
            )
    if config.sources and not any(s.enabled for s in config.sources):
        warnings.append("no source is enabled: only gigs added by hand will show")
    if not config.sources:
        warnings.append("no sources are configured: only gigs added by hand will show")
    extra = list(config.presets)[8:]
    if extra:
        warnings.append(
            "presets after the 8th have no number key (tab 1 is All): "
            + ", ".join(repr(n) for n in extra)
        )
    return warnings


STARTER_HEADER = """\
# gigs configuration — written by `gigs config init`.
#
# Everything below is commented out, so this file starts valid and gigs runs on the
# shipped defaults (shown here). Uncomment and edit what you want to change:
#   - a [[sources]] list you write replaces the shipped list of sources entirely;
#   - a [presets] table you write replaces the shipped presets entirely;
#   - every other table merges key by key (fx = { USD = 155 } keeps the other rates).
# Check it with `gigs config check`; `gigs locate` prints where every file lives.
# More examples: the config/examples/ folder of the gigs source (agents, boards, profile).

"""


def starter_config_text() -> str:
    """A starter config for ``gigs config init``: the shipped default, every line commented.

    Explanatory comments stay as they are; settings become ``# key = value`` lines, so the
    file loads cleanly and the user uncomments what they change.
    """
    body = paths.default_config_text().splitlines()
    # the default's own opening comment block speaks of itself; the header replaces it
    while body and (body[0].startswith("#") or not body[0].strip()):
        body.pop(0)
    lines = []
    for line in body:
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            lines.append(line)
        else:
            indent = line[: len(line) - len(line.lstrip())]
            lines.append(f"{indent}# {line.lstrip()}")
    return STARTER_HEADER + "\n".join(lines).rstrip("\n") + "\n"

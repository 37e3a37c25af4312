"""Presets: named views from ``[presets]`` in config and from ``<data>/presets.toml``.

A preset table holds ``title`` (default: the name), ``query``, ``sort`` (a string of
comma-separated keys or a list of keys) and ``columns`` (a list of column ids). Sort keys
are column ids with an optional ``-``/``+`` prefix or ``:desc``/``:asc`` suffix; they are
stored normalized: ``"-rate"`` (descending) or ``"rate"`` (ascending).

Presets saved from the app live in ``<data dir>/presets.toml`` in the same
``[presets.<name>]`` shape and come after the config's (a saved preset whose name the
config already uses is ignored: the config file wins).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ..errors import ConfigError, StoreError, UsageError
from ..model import COLUMN_IDS
from .settings import Preset
from .validate import Checker, join_key, shown

PRESET_KEYS = ("title", "query", "sort", "columns")


_DIRECTIONS = {"desc": True, "descending": True, "asc": False, "ascending": False}


def parse_sort_key(text: str) -> tuple[str, bool]:
    """One sort key → ``(column id, descending)``: ``"-rate"``, ``"rate:desc"``, ``"+title"``.

    The same syntax as ``gigs list --sort`` (``tui.query.sort``): column ids are matched
    case-insensitively, ``:asc``/``:ascending``/``:desc``/``:descending`` suffixes work, and a
    prefix and a suffix may both be given if they agree. Raises ValueError naming the problem.
    """
    key = text.strip()
    if not key:
        raise ValueError("empty sort key")
    sign: bool | None = None
    if key[0] in "+-":
        sign = key[0] == "-"
        key = key[1:].strip()
    column, sep, direction = key.partition(":")
    suffix: bool | None = None
    if sep:
        suffix = _DIRECTIONS.get(direction.strip().casefold())
        if suffix is None:
            raise ValueError(f"sort direction must be :asc or :desc, got {text.strip()!r}")
        if sign is not None and sign != suffix:
            raise ValueError(f"conflicting sort directions in {text.strip()!r}")
    column = column.strip().casefold()
    if column not in COLUMN_IDS:
        raise ValueError(
            f"unknown column {column!r} in sort key {text.strip()!r} "
            f"(columns: {', '.join(COLUMN_IDS)})"
        )
    return column, bool(suffix if suffix is not None else sign)


def normalize_sort(value: str | Sequence[str]) -> tuple[str, ...]:
    """Sort keys (``"-rate,title"`` or ``["status", "rate:desc"]``) as ``("-rate", "title")``.

    Empty parts of a comma-separated string are skipped; an empty list item, a bad key or a
    column sorted on twice is a ValueError.
    """
    if isinstance(value, str):
        items = [part for part in value.split(",") if part.strip()]
    else:
        items = list(value)
    keys: list[str] = []
    seen: set[str] = set()
    for item in items:
        column, descending = parse_sort_key(item)
        if column in seen:
            raise ValueError(f"column {column!r} is sorted on twice")
        seen.add(column)
        keys.append(f"-{column}" if descending else column)
    return tuple(keys)


def parse_preset(check: Checker, name: str, table: Any, key: str) -> Preset:
    """One ``[presets.<name>]`` table as a Preset; ConfigError naming ``key.<field>``."""
    table = check.table(table, key)
    check.known_keys(table, key, PRESET_KEYS)
    if not name.strip():
        check.fail(key, "a preset name must not be empty")
    title = check.string(table.get("title", name), join_key(key, "title"), nonempty=True)
    query = check.string(table.get("query", ""), join_key(key, "query"))
    sort: tuple[str, ...] = ()
    if "sort" in table:
        raw = table["sort"]
        sort_key = join_key(key, "sort")
        if isinstance(raw, list):
            for i, item in enumerate(raw, 1):
                check.string(item, f"{sort_key}[{i}]")
                try:
                    parse_sort_key(item)
                except ValueError as exc:
                    check.fail(f"{sort_key}[{i}]", str(exc))
        elif not isinstance(raw, str):
            check.fail(sort_key, f"must be a string or a list of strings, got {shown(raw)}")
        try:
            sort = normalize_sort(raw)
        except ValueError as exc:
            check.fail(sort_key, str(exc))
    columns: tuple[str, ...] | None = None
    if "columns" in table:
        columns_key = join_key(key, "columns")
        columns = check.string_list(table["columns"], columns_key)
        if not columns:
            check.fail(columns_key, "must list at least one column")
        for i, column in enumerate(columns, 1):
            if column not in COLUMN_IDS:
                check.fail(
                    f"{columns_key}[{i}]",
                    f"unknown column {column!r} (columns: {', '.join(COLUMN_IDS)})",
                )
            if column in columns[: i - 1]:
                check.fail(f"{columns_key}[{i}]", f"column {column!r} is listed twice")
    return Preset(name=name, title=title, query=query, sort=sort, columns=columns)


def parse_presets(check: Checker, value: Any, key: str = "presets") -> dict[str, Preset]:
    """The ``[presets]`` table as presets by name, in file order."""
    table = check.table(value, key)
    return {name: parse_preset(check, name, body, join_key(key, name)) for name, body in table.items()}


def preset_to_toml(preset: Preset) -> dict[str, Any]:
    """A preset as the table ``[presets.<name>]`` holds (no defaults written twice)."""
    data: dict[str, Any] = {"title": preset.title, "query": preset.query}
    if preset.sort:
        data["sort"] = list(preset.sort)
    if preset.columns is not None:
        data["columns"] = list(preset.columns)
    return data


def load_saved_presets(path: Path) -> dict[str, Preset]:
    """Presets saved from the app (``<data>/presets.toml``); ``{}`` when the file is missing.

    A file that cannot be read or does not validate is a ConfigError naming it.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise ConfigError(path, None, f"cannot read: {exc.strerror or exc}") from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(path, None, f"not UTF-8 text (byte {exc.start})") from exc
    from .loader import parse_toml_text  # kept parsed between starts, as config.toml

    data = parse_toml_text(text, path)
    check = Checker(path)
    check.known_keys(data, "", ("presets",), what="table")
    return parse_presets(check, data.get("presets", {}))


def save_preset(path: Path, preset: Preset) -> None:
    """Add or replace ``preset`` in ``<data>/presets.toml``, safely (locked, atomic).

    The preset is validated first (ValueError naming the problem); an existing file that
    does not parse is never overwritten (StoreError naming it).
    """
    check = Checker(path)
    try:
        parse_preset(check, preset.name, preset_to_toml(preset), join_key("presets", preset.name))
    except ConfigError as exc:
        raise ValueError(f"{exc.key}: {exc.problem}") from None
    from ..store.atomic import update_toml

    def mutate(data: dict[str, Any]) -> None:
        table = data.setdefault("presets", {})
        if not isinstance(table, dict):
            raise StoreError(path, "'presets' is not a table; not overwriting it")
        table[preset.name] = preset_to_toml(preset)

    update_toml(Path(path), mutate)


def delete_preset(path: Path, name: str) -> bool:
    """Remove the saved preset ``name``; True when it was there."""
    from ..store.atomic import update_toml

    removed = False

    def mutate(data: dict[str, Any]) -> None:
        nonlocal removed
        table = data.get("presets")
        if isinstance(table, dict) and name in table:
            del table[name]
            removed = True

    if Path(path).exists():
        update_toml(Path(path), mutate)
    return removed


def merge_presets(config_presets: Mapping[str, Preset], saved: Mapping[str, Preset]) -> dict[str, Preset]:
    """The config's presets in file order, then the saved ones the config does not name."""
    merged = dict(config_presets)
    for name, preset in saved.items():
        merged.setdefault(name, preset)
    return merged


def find_preset(config: Any, name: str | None) -> Preset | None:
    """The preset called ``name`` (its key or its title), or a UsageError listing them."""
    if not name:
        return None
    presets = config.presets
    if name in presets:
        return presets[name]
    for preset in presets.values():
        if preset.title == name:
            return preset
    known = ", ".join(presets) or "none configured"
    raise UsageError(f"unknown preset {name!r} (presets: {known})")

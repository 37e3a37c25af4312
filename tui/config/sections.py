"""Validation of each config section: raw TOML tables in, typed settings out.

Each ``parse_*`` takes a :class:`Checker` (which names the file in every error) and the
merged section; every unknown key and bad value is a ConfigError naming the dotted key.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import Any

from .. import keymap as keymap_mod
from ..model import CONTRACT_FORMS
from ..money import DEFAULT_FX, Money
from ..sources import registry
from ..sources.base import SourceSpec
from .settings import Profile, UISettings
from .validate import BARE_KEY_CHARS, Checker, join_key, made_of, shown

SOURCE_KEYS = ("name", "type", "enabled", "url", "timeout", "refresh_minutes", "options", "path", "urls")
MONEY_KEYS = ("hours_per_month", "days_per_month", "fx")
FILTER_KEYS = ("always",)
PROFILE_KEYS = ("skills", "avoid", "min_rate", "remote", "max_days", "forms")
UI_KEYS = ("language", "theme", "opener", "mouse")
LANGUAGES = ("ja", "en")
PROFILE_REMOTES = ("full", "partial", "onsite")
PROFILE_FORMS = tuple(f for f in CONTRACT_FORMS if f != "unknown")

#: The characters of a source's name (it is part of every uid).
SOURCE_NAME_CHARS = BARE_KEY_CHARS | {"."}


def is_currency(code: str) -> bool:
    """Three upper-case ASCII letters (ISO 4217: USD, EUR)."""
    return len(code) == 3 and code.isascii() and code.isalpha() and code.isupper()


def _url(check: Checker, value: Any, key: str) -> str:
    text = check.string(value, key)
    if not re.match(r"^https?://[^\s/]+", text):
        check.fail(key, f"must be an http:// or https:// URL, got {shown(value)}")
    return text


def parse_sources(check: Checker, value: Any) -> tuple[list[SourceSpec], list[str]]:
    """``[[sources]]`` as SourceSpecs and their config keys (``sources[1]``, counting from 1)."""
    if not isinstance(value, list):
        check.fail("sources", f"must be an array of tables ([[sources]]), got {shown(value)}")
    def installed_names() -> str:
        return ", ".join(sorted(registry.available()))

    specs: list[SourceSpec] = []
    keys: list[str] = []
    seen: dict[str, str] = {}
    for i, entry in enumerate(value, 1):
        key = f"sources[{i}]"
        entry = check.table(entry, key)
        check.known_keys(entry, key, SOURCE_KEYS)
        if "name" not in entry:
            check.fail(f"{key}.name", "is required (a unique name; it is part of every uid)")
        name = check.string(entry["name"], f"{key}.name", nonempty=True)
        if not made_of(name, SOURCE_NAME_CHARS):
            check.fail(f"{key}.name", f"may hold only letters, digits, '_', '.' and '-', got {shown(name)}")
        if name in seen:
            check.fail(f"{key}.name", f"duplicate source name {name!r} (also {seen[name]})")
        seen[name] = key
        if "type" not in entry:
            check.fail(f"{key}.type", f"is required (installed types: {installed_names()})")
        type_name = check.string(entry["type"], f"{key}.type", nonempty=True)
        if not registry.is_known(type_name):
            check.fail(
                f"{key}.type",
                f"unknown source type {type_name!r} (installed: {installed_names()})",
            )
        enabled = check.boolean(entry.get("enabled", True), f"{key}.enabled")
        url = _url(check, entry["url"], f"{key}.url") if "url" in entry else None
        timeout = check.number(entry["timeout"], f"{key}.timeout", gt=0) if "timeout" in entry else None
        refresh = (
            check.number(entry["refresh_minutes"], f"{key}.refresh_minutes", ge=0)
            if "refresh_minutes" in entry
            else None
        )
        options = dict(check.table(entry.get("options", {}), f"{key}.options"))
        path = check.string(entry["path"], f"{key}.path", nonempty=True) if "path" in entry else None
        urls: tuple[str, ...] = ()
        if "urls" in entry:
            urls = check.string_list(entry["urls"], f"{key}.urls")
            for j, item in enumerate(urls, 1):
                _url(check, item, f"{key}.urls[{j}]")
        specs.append(
            SourceSpec(
                name=name,
                type=type_name,
                enabled=enabled,
                url=url,
                timeout=timeout,
                refresh_minutes=refresh,
                options=options,
                path=path,
                urls=urls,
            )
        )
        keys.append(key)
    return specs, keys


def parse_money(check: Checker, value: Any) -> Money:
    """``[money]``: positive hours/days per month and ``fx`` (JPY per unit), over DEFAULT_FX."""
    table = check.table(value, "money")
    check.known_keys(table, "money", MONEY_KEYS)
    hours = check.number(table.get("hours_per_month", 160), "money.hours_per_month", gt=0)
    days = check.number(table.get("days_per_month", 20), "money.days_per_month", gt=0)
    fx_table = check.table(table.get("fx", {}), "money.fx")
    fx = dict(DEFAULT_FX)
    for code, rate in fx_table.items():
        key = join_key("money.fx", code)
        if not is_currency(code):
            check.fail(key, "currency codes are 3 upper-case letters (ISO 4217: USD, EUR)")
        fx[code] = check.number(rate, key, gt=0)
    fx["JPY"] = 1.0
    return Money(hours_per_month=hours, days_per_month=days, fx=fx)


def parse_filters(check: Checker, value: Any) -> str:
    """``[filters]``: ``always``, a query added to every view."""
    table = check.table(value, "filters")
    check.known_keys(table, "filters", FILTER_KEYS)
    return check.string(table.get("always", ""), "filters.always")


def parse_profile(check: Checker, value: Any) -> Profile:
    """``[profile]``: skill weights, words to avoid, minimum rate, remote, days, forms."""
    table = check.table(value, "profile")
    check.known_keys(table, "profile", PROFILE_KEYS)
    skills_table = check.table(table.get("skills", {}), "profile.skills")
    skills: dict[str, float] = {}
    for skill, weight in skills_table.items():
        key = join_key("profile.skills", skill)
        if not skill.strip():
            check.fail(key, "a skill name must not be empty")
        skills[skill] = check.number(weight, key)
    avoid = check.string_list(table.get("avoid", []), "profile.avoid")
    min_rate = check.number(table["min_rate"], "profile.min_rate", ge=0) if "min_rate" in table else None
    remote = check.choice(table["remote"], "profile.remote", PROFILE_REMOTES) if "remote" in table else None
    max_days = None
    if "max_days" in table:
        max_days = check.number(table["max_days"], "profile.max_days", ge=1, le=7)
    forms = check.string_list(table.get("forms", []), "profile.forms")
    for i, form in enumerate(forms, 1):
        check.choice(form, f"profile.forms[{i}]", PROFILE_FORMS)
    return Profile(
        skills=skills, avoid=avoid, min_rate=min_rate, remote=remote, max_days=max_days, forms=forms
    )


def parse_keymap(check: Checker, value: Any) -> dict[str, tuple[str, ...]]:
    """``[keymap]`` applied to the binding table: every binding id → its keys."""
    table = check.table(value, "keymap")
    _, problems = keymap_mod.keymap_problems(table)
    if problems:
        first = problems[0]
        check.fail(join_key("keymap", first.binding_id), first.problem)
    return keymap_mod.resolve_keymap(table)


def default_language(env: Mapping[str, str] = os.environ) -> str:
    """``"ja"`` when the locale (LC_ALL, else LC_MESSAGES, else LANG) is Japanese, else ``"en"``."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "")
        if value:
            return "ja" if value.lower().startswith("ja") else "en"
    return "en"


def parse_ui(check: Checker, value: Any, env: Mapping[str, str] = os.environ) -> UISettings:
    """``[ui]``: language (default from the locale), theme, opener, mouse."""
    table = check.table(value, "ui")
    check.known_keys(table, "ui", UI_KEYS)
    language = (
        check.choice(table["language"], "ui.language", LANGUAGES)
        if "language" in table
        else default_language(env)
    )
    theme = check.string(table.get("theme", "textual-dark"), "ui.theme", nonempty=True)
    opener = check.string(table.get("opener", ""), "ui.opener")
    mouse = check.boolean(table.get("mouse", True), "ui.mouse")
    return UISettings(language=language, theme=theme, opener=opener, mouse=mouse)

"""Shared fixtures.

Every test runs with its own XDG config/data/cache folders, so the user's real config,
shortlist and cache are never read or written (platformdirs honours XDG_* on Linux), and
with GIGS_CONFIG, NO_COLOR and locale variables cleared so results do not depend on the
machine that runs them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path_factory, monkeypatch):
    base = tmp_path_factory.mktemp("home")
    for var, sub in (("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "data"), ("XDG_CACHE_HOME", "cache")):
        path = base / sub
        path.mkdir()
        monkeypatch.setenv(var, str(path))
    monkeypatch.delenv("GIGS_CONFIG", raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.delenv("SSH_CONNECTION", raising=False)
    monkeypatch.delenv("SSH_TTY", raising=False)
    yield base


@pytest.fixture
def user_config(isolated_dirs) -> Path:
    """The path of the user's config.toml inside the isolated config folder."""
    path = isolated_dirs / "config" / "gigs" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    return path

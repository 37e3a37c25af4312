"""Where gigs looks for its files: --config beats GIGS_CONFIG beats the platform dir, and
every directory follows XDG_* (which the tests point at a temp dir to hide real files)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui import paths
from tui.errors import ConfigError


@pytest.fixture
def xdg(tmp_path, monkeypatch):
    """Point the XDG dirs at a temp folder so no test sees the user's real config or data."""
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(var, str(tmp_path / var.lower()))
    monkeypatch.delenv("GIGS_CONFIG", raising=False)
    return tmp_path


def test_explicit_path_wins_over_env(xdg):
    env = {"GIGS_CONFIG": str(xdg / "from-env.toml")}
    assert paths.config_path(str(xdg / "flag.toml"), env=env) == xdg / "flag.toml"
    assert paths.resolve_config_path(str(xdg / "flag.toml"), env=env) == (xdg / "flag.toml", True)


def test_env_wins_over_default(xdg):
    env = {"GIGS_CONFIG": str(xdg / "from-env.toml")}
    assert paths.config_path(None, env=env) == xdg / "from-env.toml"
    assert paths.resolve_config_path(None, env=env)[1] is True


@pytest.mark.parametrize("env", [{}, {"GIGS_CONFIG": ""}])
def test_default_config_is_under_xdg_config_home(xdg, env):
    path, explicit = paths.resolve_config_path(None, env=env)
    assert path == xdg / "xdg_config_home" / "gigs" / "config.toml"
    assert explicit is False


def test_tilde_is_expanded(xdg, monkeypatch):
    monkeypatch.setenv("HOME", str(xdg / "home"))
    assert paths.config_path("~/my.toml", env={}) == xdg / "home" / "my.toml"
    assert paths.config_path(None, env={"GIGS_CONFIG": "~/env.toml"}) == xdg / "home" / "env.toml"


def test_config_path_reads_os_environ_by_default(xdg, monkeypatch):
    monkeypatch.setenv("GIGS_CONFIG", str(xdg / "os-env.toml"))
    assert paths.config_path() == xdg / "os-env.toml"
    assert paths.config_path(xdg / "flag.toml") == xdg / "flag.toml"


def test_data_and_cache_dirs_follow_xdg(xdg):
    data = xdg / "xdg_data_home" / "gigs"
    assert paths.data_dir() == data
    assert paths.cache_dir() == xdg / "xdg_cache_home" / "gigs"
    assert paths.shortlist_path() == data / "shortlist.toml"
    assert paths.manual_path() == data / "manual.toml"
    assert paths.presets_path() == data / "presets.toml"
    assert paths.state_path() == data / "state.toml"


def test_nothing_is_created_by_asking(xdg):
    paths.data_dir(), paths.cache_dir(), paths.config_path(env={})
    assert not (xdg / "xdg_data_home").exists()
    assert not (xdg / "xdg_cache_home").exists()


def test_shipped_config_dir_holds_default_and_examples():
    folder = paths.shipped_config_dir()
    assert (folder / "default.toml").is_file()
    assert sorted(p.name for p in (folder / "examples").glob("*.toml")) == [
        "agents.toml",
        "boards.toml",
        "profile.toml",
    ]
    assert paths.default_config_path() == folder / "default.toml"
    assert paths.default_config_text() == (folder / "default.toml").read_text(encoding="utf-8")
    assert "[[sources]]" in paths.default_config_text()


def test_locations_lists_every_path(xdg):
    found = paths.locations(str(xdg / "c.toml"), env={})
    assert found["config"] == xdg / "c.toml"
    assert found["shortlist"] == paths.shortlist_path()
    assert found["cache"] == paths.cache_dir()
    assert all(isinstance(p, Path) for p in found.values())


def test_installed_wheel_copy_wins_over_the_checkout(tmp_path, monkeypatch):
    """A wheel carries config/ as tui/_shipped_config (hatch force-include); prefer it."""
    installed = tmp_path / "tui" / "_shipped_config"
    installed.mkdir(parents=True)
    (installed / "default.toml").write_text("# installed copy\n", encoding="utf-8")
    monkeypatch.setattr(paths, "_PACKAGE_DIR", tmp_path / "tui")
    assert paths.shipped_config_dir() == installed
    assert paths.default_config_text() == "# installed copy\n"


def test_missing_shipped_default_is_a_config_error(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "_PACKAGE_DIR", tmp_path / "tui")
    with pytest.raises(ConfigError) as info:
        paths.default_config_text()
    assert str(tmp_path / "config" / "default.toml") in str(info.value)

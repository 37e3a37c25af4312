"""Config loading: the shipped default and every example load; the user's file layers on
the shipped one (sources and presets replaced wholesale, other tables merged key by key);
every bad value is a ConfigError naming the file and the exact dotted key."""

from __future__ import annotations

import dataclasses
import tomllib
from pathlib import Path

import pytest

from tui import paths
from tui.config import (
    SECTIONS,
    Preset,
    config_check,
    default_language,
    delete_preset,
    load_config,
    load_saved_presets,
    merge_presets,
    normalize_sort,
    parse_sort_key,
    save_preset,
    starter_config_text,
)
from tui.errors import ConfigError, StoreError
from tui.money import DEFAULT_FX

EXAMPLES = sorted((paths.shipped_config_dir() / "examples").glob("*.toml"))
NO_LOCALE: dict[str, str] = {}


@pytest.fixture(autouse=True)
def hide_user_dirs(tmp_path, monkeypatch):
    """Every test runs with XDG dirs in a temp folder, so the user's real config never leaks in."""
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(var, str(tmp_path / var.lower()))
    monkeypatch.delenv("GIGS_CONFIG", raising=False)


def write(tmp_path: Path, text: str, name: str = "config.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def load(tmp_path: Path, text: str, **kw) -> Config:
    return load_config(write(tmp_path, text), explicit=True, env=kw.pop("env", NO_LOCALE), **kw)


# --- valid configs -------------------------------------------------------------------


def test_shipped_default_alone():
    config = load_config(None, env=NO_LOCALE)
    assert config.path is None
    got = [(s.name, s.type, s.enabled) for s in config.sources]
    # the public boards with ML queries, two broad ones disabled, the sample last
    assert got == [
        ("remotive", "remotive", True), ("remoteok", "remoteok", True),
        ("jobicy", "jobicy", True), ("hn", "hn", True),
        ("himalayas", "himalayas", False), ("arbeitnow", "arbeitnow", False),
        ("sample", "sample", True),
    ]
    assert config.source_keys == [f"sources[{i}]" for i in range(1, 8)]
    assert list(config.presets) == ["remote-high", "side", "quasi", "shortlist"]
    assert config.presets["remote-high"] == Preset(
        "remote-high", "Remote ≥80万", "remote:full rate>=80 skill:pytorch", ("-rate",), None
    )
    assert config.presets["shortlist"].sort == ("status", "-rate")
    assert config.presets["side"].title == "副業"
    assert config.money.hours_per_month == 160 and config.money.days_per_month == 20
    assert config.always == ""
    assert config.profile is None
    assert config.keymap["star"] == ("s",)
    assert (config.ui.language, config.ui.theme, config.ui.opener, config.ui.mouse) == (
        "en", "textual-dark", "", True,
    )


def test_shipped_fx_matches_money_defaults():
    shipped = tomllib.loads(paths.default_config_text())["money"]["fx"]
    assert sorted(shipped) == sorted(["USD", "EUR", "GBP", "CAD", "AUD", "CHF", "SGD", "INR"])
    for code, rate in shipped.items():
        assert rate == DEFAULT_FX[code], code
    # currencies only money.py knows stay convertible
    assert load_config(None).money.fx["KRW"] == DEFAULT_FX["KRW"]


def test_missing_file_at_default_location_is_fine(tmp_path):
    config = load_config(tmp_path / "absent.toml", explicit=False)
    assert config.path is None and config.sources[-1].name == "sample"


def test_missing_explicit_file_is_an_error(tmp_path):
    missing = tmp_path / "nope.toml"
    with pytest.raises(ConfigError) as info:
        load_config(missing, explicit=True)
    assert str(missing) in str(info.value)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_examples_load(example):
    config = load_config(example, explicit=True, env=NO_LOCALE)
    assert config.path == example
    assert config.sources and config.presets


def test_examples_cover_what_they_promise():
    by_name = {p.name: load_config(p, explicit=True) for p in EXAMPLES}
    agents = by_name["agents.toml"]
    assert {s.type for s in agents.sources} == {"file", "jobposting"}
    assert agents.presets["副業"].title == "副業"
    boards = by_name["boards.toml"]
    assert {"remotive", "remoteok"} <= {s.type for s in boards.sources}
    assert boards.money.fx["USD"] == 150.0 and boards.money.fx["GBP"] == 190.0
    profile = by_name["profile.toml"]
    assert profile.profile is not None and profile.profile.remote == "full"
    assert profile.keymap["star"] == ("s", "space")
    assert profile.ui.language == "ja"


def test_japanese_preset_names_keep_file_order(tmp_path):
    config = load(tmp_path, '[presets."副業"]\nquery = "days<=2"\n[presets.a]\ntitle = "A"\n')
    assert list(config.presets) == ["副業", "a"]
    assert config.presets["副業"].title == "副業"
    assert config.presets["副業"].sort == () and config.presets["副業"].columns is None


def test_integer_fx_and_key_by_key_money_merge(tmp_path):
    config = load(tmp_path, "[money]\nhours_per_month = 140\nfx = { USD = 155, NOK = 14 }\n")
    money = config.money
    assert money.fx["USD"] == 155.0 and isinstance(money.fx["USD"], float)
    assert money.fx["EUR"] == 160.0  # shipped rate kept
    assert money.fx["NOK"] == 14.0
    assert money.hours_per_month == 140 and money.days_per_month == 20


def test_sources_are_replaced_wholesale(tmp_path):
    config = load(
        tmp_path,
        '[[sources]]\nname = "mine"\ntype = "file"\npath = "~/g.csv"\n'
        '[[sources]]\nname = "rt"\ntype = "remotive"\ntimeout = 5\nrefresh_minutes = 0\n'
        'url = "http://127.0.0.1:8000"\noptions = { search = "ml" }\n',
    )
    assert [s.name for s in config.sources] == ["mine", "rt"]
    assert config.source_keys == ["sources[1]", "sources[2]"]
    rt = config.source("rt")
    assert (rt.timeout, rt.refresh_minutes, rt.url, rt.options) == (5.0, 0.0, "http://127.0.0.1:8000", {"search": "ml"})
    assert config.source("mine").path == "~/g.csv"
    assert config.source_key("rt") == "sources[2]"
    assert list(config.presets) == ["remote-high", "side", "quasi", "shortlist"]  # untouched


def test_empty_sources_list_replaces_too(tmp_path):
    assert load(tmp_path, "sources = []\n").sources == []


def test_presets_are_replaced_wholesale(tmp_path):
    config = load(tmp_path, '[presets.only]\nquery = "is:new"\nsort = "rate:desc, title:asc"\n'
                  'columns = ["star", "title", "rate"]\n')
    assert list(config.presets) == ["only"]
    assert config.presets["only"].sort == ("-rate", "title")
    assert config.presets["only"].columns == ("star", "title", "rate")
    assert [s.name for s in config.sources][-1] == "sample"  # untouched


def test_other_tables_merge_key_by_key(tmp_path):
    config = load(tmp_path, '[ui]\ntheme = "nord"\n[filters]\nalways = "-php"\n[keymap]\nstar = "space"\n')
    assert config.ui.theme == "nord" and config.ui.mouse is True and config.ui.opener == ""
    assert config.always == "-php"
    assert config.keymap["star"] == ("space",) and config.keymap["quit"] == ("q",)


def test_profile(tmp_path):
    config = load(tmp_path, '[profile]\nskills = { pytorch = 3, "scikit-learn" = 1.5 }\navoid = ["php"]\n'
                  'min_rate = 80\nremote = "partial"\nmax_days = 3\nforms = ["quasi_mandate", "dispatch"]\n')
    p = config.profile
    assert p.skills == {"pytorch": 3.0, "scikit-learn": 1.5}
    assert (p.avoid, p.min_rate, p.remote, p.max_days, p.forms) == (
        ("php",), 80.0, "partial", 3.0, ("quasi_mandate", "dispatch"),
    )
    assert load(tmp_path, "[profile]\n").profile is not None


@pytest.mark.parametrize(
    "env, expected",
    [
        ({}, "en"),
        ({"LANG": "ja_JP.UTF-8"}, "ja"),
        ({"LANG": "ja_JP.UTF-8", "LC_ALL": "C"}, "en"),
        ({"LANG": "C", "LC_MESSAGES": "ja_JP"}, "ja"),
        ({"LC_ALL": "ja_JP.eucJP"}, "ja"),
        ({"LANG": "en_US.UTF-8"}, "en"),
    ],
)
def test_language_defaults_from_locale(env, expected):
    assert default_language(env) == expected
    assert load_config(None, env=env).ui.language == expected


def test_configured_language_beats_locale(tmp_path):
    assert load(tmp_path, '[ui]\nlanguage = "en"\n', env={"LANG": "ja_JP.UTF-8"}).ui.language == "en"


# --- bad configs: the exact dotted key, and the file named ---------------------------

SRC = '[[sources]]\nname = "a"\ntype = "sample"\n'

BAD = [
    ("unknown top-level table", "[colors]\nx = 1\n", "colors", "unknown section (known: sources, money"),
    ("unknown key in a source", SRC + 'colour = "red"\n', "sources[1].colour", "unknown key"),
    ("source missing name", '[[sources]]\ntype = "sample"\n', "sources[1].name", "required"),
    ("source bad name", '[[sources]]\nname = "a b"\ntype = "sample"\n', "sources[1].name", "letters"),
    ("source name ending in a newline", '[[sources]]\nname = "a\\n"\ntype = "sample"\n', "sources[1].name", "letters"),
    ("source name not ASCII", '[[sources]]\nname = "案件"\ntype = "sample"\n', "sources[1].name", "letters"),
    ("duplicate source name", SRC + SRC, "sources[2].name", "duplicate source name 'a'"),
    ("source missing type", '[[sources]]\nname = "a"\n', "sources[1].type", "required"),
    ("unknown type", '[[sources]]\nname = "a"\ntype = "monster"\n', "sources[1].type", "installed: arbeitnow"),
    ("bad url", SRC + 'url = "ftp://example.com"\n', "sources[1].url", "http:// or https://"),
    ("negative timeout", SRC + "timeout = -5\n", "sources[1].timeout", "must be a number > 0, got -5"),
    ("text timeout", SRC + 'timeout = "abc"\n', "sources[1].timeout", "must be a number > 0, got 'abc'"),
    ("bool timeout", SRC + "timeout = true\n", "sources[1].timeout", "got true"),
    ("negative refresh", SRC + "refresh_minutes = -1\n", "sources[1].refresh_minutes", ">= 0"),
    ("enabled not bool", SRC + 'enabled = "yes"\n', "sources[1].enabled", "true or false"),
    ("options not table", SRC + 'options = "x"\n', "sources[1].options", "must be a table"),
    ("path empty", SRC + 'path = ""\n', "sources[1].path", "must not be empty"),
    ("urls not list", SRC + 'urls = "https://a.b"\n', "sources[1].urls", "list of strings"),
    ("urls bad item", SRC + 'urls = ["https://a.b", "nope"]\n', "sources[1].urls[2]", "http://"),
    ("sources not array", 'sources = "x"\n', "sources", "array of tables"),
    ("second source bad", SRC + '[[sources]]\nname = "b"\ntype = "sample"\ntimeout = 0\n', "sources[2].timeout", "> 0"),
    ("sort unknown column", '[presets.x]\nsort = "-salary"\n', "presets.x.sort", "unknown column 'salary'"),
    ("sort list item unknown", '[presets.x]\nsort = ["rate", "bogus"]\n', "presets.x.sort[2]", "unknown column 'bogus'"),
    ("sort twice", '[presets.x]\nsort = "rate,-rate"\n', "presets.x.sort", "twice"),
    ("sort bad direction", '[presets.x]\nsort = "rate:up"\n', "presets.x.sort", ":asc or :desc"),
    ("sort conflicting", '[presets.x]\nsort = ["-rate:asc"]\n', "presets.x.sort[1]", "conflicting"),
    ("sort not text", "[presets.x]\nsort = 3\n", "presets.x.sort", "string or a list"),
    ("japanese preset bad sort", '[presets."副業"]\nsort = "pay"\n', 'presets."副業".sort', "unknown column 'pay'"),
    ("preset columns unknown", '[presets.x]\ncolumns = ["title", "salary"]\n', "presets.x.columns[2]", "unknown column 'salary'"),
    ("preset columns empty", "[presets.x]\ncolumns = []\n", "presets.x.columns", "at least one"),
    ("preset columns twice", '[presets.x]\ncolumns = ["rate", "rate"]\n', "presets.x.columns[2]", "twice"),
    ("preset unknown key", '[presets.x]\nfilter = "a"\n', "presets.x.filter", "unknown key"),
    ("preset query not text", "[presets.x]\nquery = 1\n", "presets.x.query", "must be a string"),
    ("preset not table", 'presets = { x = "a" }\n', "presets.x", "must be a table"),
    ("profile remote bad", '[profile]\nremote = "hybrid"\n', "profile.remote", "full, partial, onsite"),
    ("profile max_days", "[profile]\nmax_days = 8\n", "profile.max_days", "from 1 to 7"),
    ("profile forms unknown", '[profile]\nforms = ["unknown"]\n', "profile.forms[1]", "quasi_mandate"),
    ("profile skill weight", '[profile]\nskills = { pytorch = "high" }\n', "profile.skills.pytorch", "number"),
    ("profile unknown key", "[profile]\nmin_pay = 3\n", "profile.min_pay", "unknown key"),
    ("fx lowercase code", "[money]\nfx = { usd = 150 }\n", "money.fx.usd", "3 upper-case"),
    ("fx four letters", "[money]\nfx = { USDX = 1 }\n", "money.fx.USDX", "3 upper-case"),
    ("fx full-width code", '[money]\nfx = { "ＵＳＤ" = 150 }\n', 'money.fx."ＵＳＤ"', "3 upper-case"),
    ("fx negative", "[money]\nfx = { USD = -1 }\n", "money.fx.USD", "> 0"),
    ("hours zero", "[money]\nhours_per_month = 0\n", "money.hours_per_month", "> 0"),
    ("money unknown key", "[money]\nrate = 1\n", "money.rate", "unknown key"),
    ("filters always not text", "[filters]\nalways = 5\n", "filters.always", "must be a string"),
    ("keymap unknown id", '[keymap]\nstat = "s"\n', "keymap.stat", "unknown binding id"),
    ("keymap collision", '[keymap]\nstar = "j"\n', "keymap.star", "'cursor_down'"),
    ("keymap empty keys", '[keymap]\nhelp = ""\n', "keymap.help", "no keys"),
    ("ui language fr", '[ui]\nlanguage = "fr"\n', "ui.language", "ja, en, got 'fr'"),
    ("ui theme empty", '[ui]\ntheme = ""\n', "ui.theme", "must not be empty"),
    ("ui mouse text", '[ui]\nmouse = "yes"\n', "ui.mouse", "true or false"),
    ("ui unknown key", '[ui]\ncolour = "x"\n', "ui.colour", "unknown key"),
    ("table as value", "money = 3\n", "money", "must be a table"),
]


@pytest.mark.parametrize("text, key, problem", [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_config_names_file_and_key(tmp_path, text, key, problem):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_config(path, explicit=True)
    err = info.value
    assert err.key == key
    assert problem in err.problem
    assert err.path == str(path)
    assert str(err).startswith(f"{path}: {key}: ")


def test_keymap_collision_names_both_ids_and_the_key(tmp_path):
    with pytest.raises(ConfigError) as info:
        load(tmp_path, '[keymap]\nstar = "j"\n')
    assert "'j'" in info.value.problem and "cursor_down" in info.value.problem


def test_toml_syntax_error_names_file_and_line(tmp_path):
    path = write(tmp_path, '[ui]\ntheme = "nord"\nopener = \n')
    with pytest.raises(ConfigError) as info:
        load_config(path, explicit=True)
    assert info.value.key is None
    assert str(path) in str(info.value)
    assert "line 3" in info.value.problem


def test_non_utf8_file_is_named(tmp_path):
    path = tmp_path / "config.toml"
    path.write_bytes(b'[ui]\ntheme = "\xff"\n')
    with pytest.raises(ConfigError) as info:
        load_config(path, explicit=True)
    assert str(path) in str(info.value) and "UTF-8" in info.value.problem


def test_directory_as_config_is_named(tmp_path):
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path, explicit=True)
    assert str(tmp_path) in str(info.value)


# --- config check, starter ------------------------------------------------------------


def test_config_check_warns_about_disabled_sources(tmp_path):
    path = write(tmp_path, SRC + 'enabled = false\n')
    warnings = config_check(path)
    assert "source 'a' (sources[1]) is disabled" in warnings
    assert any("no source is enabled" in w for w in warnings)


def test_config_check_warns_about_a_missing_file(tmp_path):
    warnings = config_check(tmp_path / "absent.toml")
    assert any("no config file" in w and "absent.toml" in w for w in warnings)


def test_config_check_warns_about_presets_without_number_keys(tmp_path):
    text = "".join(f'[presets.p{i}]\nquery = "is:new"\n' for i in range(1, 11))
    warnings = config_check(write(tmp_path, text))
    assert any("'p9', 'p10'" in w for w in warnings)


def test_config_check_raises_on_a_bad_config(tmp_path):
    with pytest.raises(ConfigError):
        config_check(write(tmp_path, "[ui]\nnope = 1\n"))


def test_starter_config_loads_cleanly_and_shows_every_section(tmp_path):
    text = starter_config_text()
    assert tomllib.loads(text) == {}  # everything commented: a valid start
    config = load(tmp_path, text)
    assert config.path is not None
    assert dataclasses.replace(config, path=None) == load_config(None, env=NO_LOCALE)
    for section in SECTIONS:
        header = "[[sources]]" if section == "sources" else f"[{section}"
        assert f"# {header}" in text, section


def test_starter_uncommented_is_the_shipped_default():
    """The starter is the shipped default with its settings commented: undo that and the
    active lines are exactly the default's, so the two can never drift apart."""
    default_lines = [l for l in paths.default_config_text().splitlines() if l.strip() and not l.lstrip().startswith("#")]
    starter = starter_config_text().splitlines()
    for line in default_lines:
        assert f"# {line.lstrip()}" in [s.lstrip() for s in starter], line


# --- sort keys ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [
        ("-rate", ("-rate",)),
        ("+rate", ("rate",)),
        ("rate:desc", ("-rate",)),
        ("rate:ASC", ("rate",)),
        ("-rate, title", ("-rate", "title")),
        (["status", "-rate"], ("status", "-rate")),
        ("", ()),
        ("Rate:Descending", ("-rate",)),
        ("-rate:desc", ("-rate",)),
        ("rate,,title", ("rate", "title")),
    ],
)
def test_normalize_sort(value, expected):
    assert normalize_sort(value) == expected


@pytest.mark.parametrize("value", ["+rate:desc", "salary", "rate:sideways", "rate,title,-rate", ["rate", ""]])
def test_bad_sort_keys(value):
    with pytest.raises(ValueError):
        normalize_sort(value)


def test_parse_sort_key():
    assert parse_sort_key(" -posted ") == ("posted", True)
    assert parse_sort_key("fit:asc") == ("fit", False)
    with pytest.raises(ValueError, match="empty"):
        parse_sort_key("  ")


# --- saved presets --------------------------------------------------------------------


def test_saved_presets_missing_file_is_empty(tmp_path):
    assert load_saved_presets(tmp_path / "presets.toml") == {}


def test_saved_presets_bad_file_names_it(tmp_path):
    path = write(tmp_path, '[presets.x]\nsort = "-salary"\n', "presets.toml")
    with pytest.raises(ConfigError) as info:
        load_saved_presets(path)
    assert info.value.key == "presets.x.sort" and str(path) in str(info.value)
    broken = write(tmp_path, "[presets.x\n", "broken.toml")
    with pytest.raises(ConfigError, match="line 1"):
        load_saved_presets(broken)
    stray = write(tmp_path, "[other]\n", "stray.toml")
    with pytest.raises(ConfigError) as info:
        load_saved_presets(stray)
    assert info.value.key == "other"


def test_merge_presets_config_first_and_wins():
    a, b, b2 = Preset("a", "A"), Preset("b", "B"), Preset("b", "saved B")
    merged = merge_presets({"b": b}, {"a": a, "b": b2})
    assert list(merged) == ["b", "a"] and merged["b"] is b




def test_save_and_load_preset_round_trip(tmp_path):
    path = tmp_path / "data" / "presets.toml"
    first = Preset("副業", "副業", "days<=2", ("-rate", "title"), ("star", "title", "rate"))
    second = Preset("ml", "ML", "skill:pytorch")
    save_preset(path, first)
    save_preset(path, second)
    assert load_saved_presets(path) == {"副業": first, "ml": second}
    replaced = Preset("副業", "Side", "days<=1")
    save_preset(path, replaced)
    assert list(load_saved_presets(path).items()) == [("副業", replaced), ("ml", second)]
    assert delete_preset(path, "ml") is True
    assert delete_preset(path, "ml") is False
    assert load_saved_presets(path) == {"副業": replaced}


def test_save_preset_rejects_a_bad_preset(tmp_path):
    path = tmp_path / "presets.toml"
    with pytest.raises(ValueError, match="unknown column 'salary'"):
        save_preset(path, Preset("x", "X", "", ("-salary",)))
    assert not path.exists()


def test_save_preset_never_overwrites_a_broken_file(tmp_path):
    path = write(tmp_path, "[presets.x\n", "presets.toml")
    with pytest.raises(StoreError):
        save_preset(path, Preset("y", "Y"))
    assert path.read_text(encoding="utf-8") == "[presets.x\n"


@pytest.mark.parametrize("value", ["-rate", "Rate:Descending", "+title", "status, -rate", "fit:asc,-posted"])
def test_preset_sort_matches_the_query_layers_parser(value):
    """A preset's sort must mean what `gigs list --sort` means (tui.query.sort)."""
    query_sort = pytest.importorskip("tui.query.sort")
    expected = tuple(str(k) for k in query_sort.parse_sort(value))
    assert normalize_sort(value) == expected


@pytest.mark.parametrize("name, written", [
    ("remote-80", "remote-80"), ("a_b", "a_b"), ("副業", '"副業"'), ("a b", '"a b"'),
    ("a.b", '"a.b"'), ('say "hi"', '"say \\"hi\\""'), ("", '""'),
])
def test_keys_are_written_bare_only_when_toml_allows(name, written):
    from tui.config.validate import toml_key

    assert toml_key(name) == written

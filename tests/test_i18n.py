"""The one message catalogue (``tui.i18n``) and the Japanese / English UI built on it.

Three kinds of test: the catalogue itself (both languages, fields, ids the UI uses); a
scan of ``tui/ui/*.py`` that fails when a string shown in the UI is a literal instead of a
catalogue entry; and Pilot runs of the app with ``[ui] language = "ja"`` and ``"en"``.
"""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from tests.support.pilot import wait_for
from tui.config import load_config
from tui.i18n import LANGUAGES, MESSAGES, english_to_id, has, language_of, t
from tui.keymap import BINDINGS as KEY_SPECS
from tui.model import COLUMN_IDS, CONTRACT_FORMS, REMOTES
from tui.table_model import COLUMNS, cell_width
from tui.ui.detail import DetailPane

UI_DIR = Path(__file__).resolve().parent.parent / "tui" / "ui"


# ------------------------------------------------------------------ the catalogue
def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


#: Entries whose languages legitimately use different fields (the caller passes both).
DIFFERENT_FIELDS = {"shortlist.status"}


@pytest.mark.parametrize("msg_id", sorted(MESSAGES))
def test_every_entry_has_english_and_japanese(msg_id):
    entry = MESSAGES[msg_id]
    assert set(entry) == set(LANGUAGES), msg_id
    for lang in LANGUAGES:
        assert isinstance(entry[lang], str) and entry[lang].strip(), (msg_id, lang)


@pytest.mark.parametrize("msg_id", sorted(MESSAGES))
def test_fields_are_the_same_in_both_languages(msg_id):
    en, ja = (_fields(MESSAGES[msg_id][lang]) for lang in ("en", "ja"))
    if msg_id in DIFFERENT_FIELDS:
        assert en and ja
    else:
        assert en == ja, msg_id
    # every entry formats with its own fields (no stray braces)
    values = {name: "X" for name in en | ja}
    for lang in LANGUAGES:
        t(msg_id, lang, **values)


def test_t_formats_falls_back_and_raises_on_unknown_ids():
    assert t("app.added", "en", uid="abc") == "Added abc"
    assert t("app.added", "ja", uid="abc") == "abc を追加しました"
    assert t("app.preset_saved", "en", name="副業", path="/p") == "Saved preset '副業' to /p"
    assert t("tabs.all", "fr") == "All"  # a language the catalogue lacks reads English
    with pytest.raises(KeyError):
        t("no.such.message", "en")
    assert has("tabs.all") and not has("no.such.message")


def test_language_of_reads_the_config_and_defaults_to_english(user_config):
    user_config.write_text('[ui]\nlanguage = "ja"\n', encoding="utf-8")
    assert language_of(load_config(user_config)) == "ja"
    assert language_of(None) == "en"
    assert language_of(object()) == "en"


def test_default_language_follows_the_locale(user_config, monkeypatch):
    user_config.write_text("[money]\n", encoding="utf-8")  # [ui] language unset
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")
    assert load_config(user_config).ui.language == "ja"
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert load_config(user_config).ui.language == "en"


def test_column_labels_match_the_cli_and_cover_every_column():
    for column in COLUMN_IDS:
        assert t(f"column.{column}", "en") == COLUMNS[column].label
        for unit in ("万円/月", "円/h", "日/週"):  # units read the same in both languages
            if COLUMNS[column].label == unit:
                assert t(f"column.{column}", "ja") == unit


def test_remote_and_form_labels_cover_every_value():
    for value in REMOTES:
        assert has(f"remote.{value}")
    for value in CONTRACT_FORMS:
        assert has(f"form.{value}")


def test_screen_binding_texts_are_unique_in_english():
    ids = [k for k in MESSAGES if k.startswith("key.")]
    assert len(english_to_id("key.")) == len(ids)


def test_keymap_descriptions_have_both_languages():
    for spec in KEY_SPECS:
        assert spec.description_en.strip() and spec.description_ja.strip(), spec.id


# ------------------------------------------------------ no UI string outside the catalogue
#: Calls that turn an id into text: their first argument is an id, not shown text.
TRANSLATORS = {"t", "_t", "_text", "msg", "message", "has"}
#: Calls whose arguments are never shown (names, selectors, language codes).
NOT_SHOWN = {"getattr", "hasattr", "isinstance", "query_one", "query", "set_class",
             "add_class", "remove_class", "get_component_rich_style", "startswith", "endswith",
             "label", "confirm", "description"}
#: Calls inside shown text whose other arguments are widths and alignments.
TEXT_FIRST = {"pad", "cut"}
#: Where shown text goes: call name -> positional argument indexes and keyword names.
SINKS: dict[str, tuple[tuple[int, ...], tuple[str, ...]]] = {
    "notify": ((0,), ("message", "title")),
    "Static": ((0,), ("content", "renderable")),
    "Label": ((0,), ("content", "renderable")),
    "Text": ((0,), ("text",)),
    "append": ((0,), ("text",)),
    "update": ((0,), ("content", "renderable")),
    "show_message": ((0,), ()),
    "Option": ((0,), ("prompt",)),
    "SystemCommand": ((0, 1), ("title", "help")),
    "Binding": ((2,), ("description", "tooltip")),
    "Input": ((), ("placeholder", "value")),
    "Mark": ((1,), ("label",)),
    "Histogram": ((), ("unit", "empty")),
    "render_histogram": ((), ("unit", "empty")),
    "MarketScreen": ((), ("view",)),
    "NoteScreen": ((0,), ("title",)),
    "set_tabs": ((0,), ("labels",)),
    "row": ((0, 1), ("label", "value")),
}
#: Literal strings with letters that may be shown as they are (symbols Python calls letters).
ALLOWED = {"ℹ"}


def _call_name(node: ast.Call) -> str | None:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _assignments(scope: ast.AST) -> dict[str, list[ast.expr]]:
    """Name -> the values assigned to it directly in ``scope`` (not in nested functions)."""
    out: dict[str, list[ast.expr]] = {}

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
                continue
            if isinstance(child, ast.Assign):
                for target in child.targets:
                    if isinstance(target, ast.Name):
                        out.setdefault(target.id, []).append(child.value)
            elif isinstance(child, (ast.AugAssign, ast.AnnAssign)) and isinstance(child.target, ast.Name):
                if child.value is not None:
                    out.setdefault(child.target.id, []).append(child.value)
            visit(child)

    visit(scope)
    return out


def shown_literals(source: str) -> list[tuple[int, str]]:
    """(line, text) of every literal with letters that reaches a UI sink in ``source``."""
    tree = ast.parse(source)
    module_names = _assignments(tree)
    found: list[tuple[int, str]] = []

    def walk(expr: ast.AST, names: dict[str, list[ast.expr]], depth: int) -> None:
        if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
            text = expr.value
            if any(ch.isalpha() for ch in text) and text not in ALLOWED and text not in MESSAGES:
                found.append((expr.lineno, text))
            return
        if isinstance(expr, ast.Call):
            name = _call_name(expr)
            if name in NOT_SHOWN:
                return
            if name in TRANSLATORS:  # the id is checked elsewhere; its fields are shown
                for kw in expr.keywords:
                    walk(kw.value, names, depth)
                return
            if name in SINKS:  # a sink inside a sink is checked on its own
                return
            if isinstance(expr.func, ast.Attribute):
                walk(expr.func.value, names, depth)
            # keyword arguments of other calls are options (style=, overflow=, ...)
            for arg in expr.args[:1] if name in TEXT_FIRST else expr.args:
                walk(arg, names, depth)
            return
        if isinstance(expr, ast.FormattedValue):
            walk(expr.value, names, depth)  # not the format spec
            return
        if isinstance(expr, ast.Dict):
            for value in expr.values:
                walk(value, names, depth)
            return
        if isinstance(expr, ast.Subscript):
            walk(expr.value, names, depth)
            return
        if isinstance(expr, ast.Compare):
            return
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Div):
            return  # a path built with "/" (file names are not translated)
        if isinstance(expr, ast.Name):
            if depth < 3:
                for value in names.get(expr.id, []) + module_names.get(expr.id, []):
                    walk(value, names, depth + 1)
            return
        for child in ast.iter_child_nodes(expr):
            walk(child, names, depth)

    def check_calls(scope: ast.AST, names: dict[str, list[ast.expr]]) -> None:
        for node in ast.walk(scope):
            if not isinstance(node, ast.Call):
                continue
            spec = SINKS.get(_call_name(node) or "")
            if spec is None:
                continue
            positions, keywords = spec
            for i in positions:
                if i < len(node.args):
                    if isinstance(node.args[i], ast.Tuple):
                        continue  # list.append((char, style)), not Text.append
                    walk(node.args[i], names, 0)
            for kw in node.keywords:
                if kw.arg in keywords:
                    walk(kw.value, names, 0)

    functions = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
    for fn in functions:
        check_calls(fn, _assignments(fn))
    # module and class level (BINDINGS and the like), outside any function
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            for item in node.body:
                if not isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    check_calls(item, {})
        elif not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            check_calls(node, {})
    return sorted(set(found))


def test_the_scan_finds_literals_in_every_kind_of_sink():
    source = '''
def f(self, state):
    label = " cached" if state else " failed"
    self.notify(f"Sorted by {state:<10}", title="Oops")
    line.append(f"{label}: {state}", style="bold red")
    yield SystemCommand("Filter", t("cmd.filter.help", lang), self.go)
    yield Input(placeholder="type here", id="filter")
    row("detail.rate", f"{x}/100")
    ok = t("app.added", lang, uid=gig.uid) + " · " + "★"
    self.notify(ok)
    out.append(pad(msg("x"), 9, "right") + cut("Long", 3), style="dim")
    cells.append((" ", "bold"))
B = [Binding("q", "close", "Close", id="back"), Binding("j", "down", show=False)]
'''
    texts = [text for _, text in shown_literals(source)]
    assert sorted(texts) == sorted(
        [" cached", " failed", "Sorted by ", "Oops", "Filter", "type here", "Long", "Close"]
    )


@pytest.mark.parametrize("path", sorted(UI_DIR.glob("*.py")), ids=lambda p: p.name)
def test_no_ui_string_is_missing_from_the_catalogue(path):
    found = shown_literals(path.read_text(encoding="utf-8"))
    assert not found, f"{path.name}: shown text not in tui.i18n.MESSAGES: {found}"


@pytest.mark.parametrize("path", sorted(UI_DIR.glob("*.py")), ids=lambda p: p.name)
def test_every_literal_id_given_to_t_exists(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _call_name(node) in {"t", "_text"} and node.args:
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                assert first.value in MESSAGES, f"{path.name}:{node.lineno}: {first.value!r}"
            elif isinstance(first, ast.JoinedStr) and isinstance(first.values[0], ast.Constant):
                prefix = first.values[0].value
                assert any(k.startswith(prefix) for k in MESSAGES), f"{path.name}: {prefix!r}"


# ------------------------------------------------------------------ the app in each language


def app_in(user_config: Path, lang: str):
    from tui.ui.app import GigsApp

    user_config.write_text(f'[ui]\nlanguage = "{lang}"\n', encoding="utf-8")
    return GigsApp(load_config(user_config), offline=True)


def rendered(widget) -> str:
    return str(widget.render())


def other(lang: str) -> str:
    return "en" if lang == "ja" else "ja"


@pytest.mark.parametrize("lang", ["ja", "en"])
async def test_main_screen_detail_and_status_line_speak_the_language(user_config, lang):
    app = app_in(user_config, lang)
    async with app.run_test(size=(160, 45)) as pilot:
        await wait_for(pilot, lambda: app.index is not None and app.shown)
        body = app.query_one(DetailPane).text.plain
        for msg_id in ("detail.rate", "detail.remote", "detail.source", "detail.sample"):
            assert t(msg_id, lang) in body, msg_id
        assert t("detail.sample", other(lang)) not in body
        status = rendered(app.query_one("#status-line"))
        total = len(app.gigs)
        assert f"{len(app.shown)}{t('status.of_total', lang, total=total)}" in status
        assert t("tabs.all", lang) in rendered(app.query_one("#tabs"))
        header = app.table.render_line(0).text
        assert t("column.title", lang) in header and t("column.skills", lang) in header
        shown = {b.binding.description for b in app.screen.active_bindings.values() if b.binding.show}
        from tui.keymap import BY_ID

        assert BY_ID["focus_filter"].description(lang) in shown
        assert BY_ID["quit"].description(lang) in shown
        assert t("filter.placeholder", lang) == app.query_one("#filter").placeholder


@pytest.mark.parametrize("lang", ["ja", "en"])
async def test_help_checklist_sources_and_shortlist_in_the_language(user_config, lang):
    from tui.keymap import BY_ID
    from tui.store.checklist import CHECK_ITEMS
    from tui.ui.checklist_screen import ChecklistScreen
    from tui.ui.help_screen import HelpScreen
    from tui.ui.sources_screen import SourcesScreen

    app = app_in(user_config, lang)
    async with app.run_test(size=(160, 45)) as pilot:
        await wait_for(pilot, lambda: app.index is not None and app.shown)
        # help: keys and the filter language
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        text = rendered(app.screen.query_one("Static"))
        assert t("help.keys", lang) in text
        assert t("help.filter", lang).splitlines()[0] in text
        assert BY_ID["cursor_down"].description(lang) in text
        assert t("help.filter", other(lang)).splitlines()[0] not in text
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, HelpScreen))
        # checklist: header, hint line, item labels and its footer
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, ChecklistScreen))
        title = rendered(app.screen.query_one("#checklist-title"))
        assert t("checklist.title", lang) in title and t("checklist.hint", lang) in title
        first = str(app.screen.query_one("#checklist").get_option_at_index(0).prompt)
        assert CHECK_ITEMS[0].label(lang) in first
        descriptions = {b.binding.description for b in app.screen.active_bindings.values()}
        assert t("key.cycle", lang) in descriptions and t("key.back", lang) in descriptions
        await pilot.press("2")  # ok: the detail pane's shortlist section appears
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, ChecklistScreen))
        await wait_for(pilot, lambda: t("shortlist.heading", lang) in app.query_one(DetailPane).text.plain)
        body = app.query_one(DetailPane).text.plain
        assert t("shortlist.checklist", lang, summary="").strip() in body
        # sources panel
        await pilot.press("S")
        await wait_for(pilot, lambda: isinstance(app.screen, SourcesScreen))
        head = rendered(app.screen.query_one("#sources-title"))
        assert t("sources.title", lang) in head and t("sources.hint", lang) in head
        assert t("key.refresh_all", lang) in {
            b.binding.description for b in app.screen.active_bindings.values()
        }
        await pilot.press("escape")


async def test_japanese_at_80x24_renders_and_stays_inside_the_screen(user_config):
    app = app_in(user_config, "ja")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.index is not None and app.shown)
        svg = app.export_screenshot()
        assert svg.startswith("<svg")
        assert t("tabs.all", "ja") in svg and "件" in svg
        # the main screen's parts lie inside the 80×24 screen, none of them empty
        for selector in ("#tabs", "#status-line", "#table", "#detail", "#filter", "KeyBar"):
            region = app.screen.query_one(selector).region
            assert region.area and region.right <= 80 and region.bottom <= 24, selector
        status = app.query_one("#status-line")
        assert status.size.width <= 80 and status.size.height == 1
        # the footer fits: its ja labels take no more room than the English ones
        shown = [b for b in app.screen.active_bindings.values() if b.binding.show]
        from tui.keymap import BY_ID

        ja = sum(cell_width(BY_ID[b.binding.id].description("ja")) for b in shown if b.binding.id in BY_ID)
        en = sum(cell_width(BY_ID[b.binding.id].description("en")) for b in shown if b.binding.id in BY_ID)
        assert ja <= en * 1.1
        await pilot.press("question_mark")
        await pilot.pause()
        assert app.export_screenshot().startswith("<svg")

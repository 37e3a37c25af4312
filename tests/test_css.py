"""``tui.ui.css.compact``: the same rules as the readable CSS, in fewer tokens.

Each stylesheet is parsed by Textual's own parser before and after ``compact``, and the
rules compared: their selectors, specificity and every declared value.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import textual.containers
import textual.widgets
from textual.app import App
from textual.css.parse import parse
from textual.css.tokenize import tokenize, tokenize_values
from textual.screen import Screen
from textual.scroll_view import ScrollView
from textual.widget import Widget

from tui.ui.app import GigsApp
from tui.ui.css import compact

UI = Path(__file__).resolve().parent.parent / "tui" / "ui"
VARIABLES = tokenize_values(App().get_css_variables())


def rules(css: str) -> list[tuple]:
    """What Textual makes of ``css``: each rule's selectors, specificity and values."""
    return [
        (repr(rule.selector_set), sorted(rule.selector_names),
         repr(sorted(rule.styles.get_rules().items())), rule.is_default_rules)
        for rule in parse("", css, ("", "test"), variable_tokens=VARIABLES)
    ]


def tokens(css: str) -> int:
    return sum(1 for _ in tokenize(css, ("", "test")))


def textual_css() -> list[tuple[str, str]]:
    """Every DEFAULT_CSS of Textual's widgets and containers: a corpus of real CSS."""
    classes = {Widget, Screen, App, ScrollView}
    for name in textual.widgets.__all__:
        classes.add(getattr(textual.widgets, name))
    classes.update(v for v in vars(textual.containers).values() if isinstance(v, type))
    found = {(c.__name__, c.__dict__["DEFAULT_CSS"]) for c in classes
             if isinstance(c, type) and c.__dict__.get("DEFAULT_CSS")}
    return sorted(found)


def our_css() -> list[tuple[str, str]]:
    """The readable CSS as written in ``tui/ui``: ``app.tcss`` and the text handed to
    ``compact`` in each module (read from the source, before compaction)."""
    found = [("app.tcss", (UI / "app.tcss").read_text(encoding="utf-8"))]
    for path in sorted(UI.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "compact"
                    and node.args and isinstance(node.args[0], ast.Constant)):
                found.append((f"{path.name}:{node.lineno}", node.args[0].value))
    return found


@pytest.mark.parametrize("name, css", textual_css(), ids=[n for n, _ in textual_css()])
def test_textual_css_means_the_same_compacted(name, css) -> None:
    assert rules(compact(css)) == rules(css)


def test_the_corpus_is_real_and_compacting_halves_its_tokens() -> None:
    corpus = textual_css()
    assert len(corpus) > 40
    before = sum(tokens(css) for _, css in corpus)
    after = sum(tokens(compact(css)) for _, css in corpus)
    assert after < 0.6 * before


@pytest.mark.parametrize("name, css", our_css(), ids=[n for n, _ in our_css()])
def test_our_css_means_the_same_compacted(name, css) -> None:
    assert rules(compact(css)) == rules(css)
    assert tokens(compact(css)) < tokens(css)


def test_every_stylesheet_of_ours_is_compacted() -> None:
    """The modules' DEFAULT_CSS go through ``compact`` (found above), and the app's
    stylesheet is ``app.tcss`` compacted."""
    assert len(our_css()) >= 15
    assert GigsApp.CSS == compact((UI / "app.tcss").read_text(encoding="utf-8"))
    assert not getattr(GigsApp, "CSS_PATH", None)
    from tui.ui.gig_table import GigTable

    assert GigTable.DEFAULT_CSS == compact(GigTable.DEFAULT_CSS)  # nothing left to take out


@pytest.mark.parametrize("css, expected", [
    ("A  {  color:  red ;  }", "A{color:red;}"),
    ("A B > C , D { padding: 0 1; }", "A B>C,D{padding:0 1;}"),  # descendant space stays
    ("/* note */ A { width: 1fr; } /* open", "A{width:1fr;}"),
    ("A {\n  # color: blue;\n  height: 1;\n}", "A{height:1;}"),  # a line comment
    ("#main { color: $foreground 20%; }", "#main{color:$foreground 20%;}"),  # an id, not a comment
    ("A { & > .b { text-style: bold; } &:focus { c: d; } }", "A{&>.b{text-style:bold;}&:focus{c:d;}}"),
])
def test_compact_keeps_what_means_something(css, expected) -> None:
    assert compact(css) == expected

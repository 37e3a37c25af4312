"""``TextLine``: the one-line bars (tabs, status line, key bar) drawn with the Line API."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult

from tui.ui.text_line import TextLine


class LineApp(App[None]):
    def compose(self) -> ComposeResult:
        yield TextLine("starting", id="line")


async def test_cut_with_an_ellipsis_at_the_width_never_wrapped() -> None:
    app = LineApp()
    async with app.run_test(size=(20, 4)) as pilot:
        line = app.query_one(TextLine)
        line.update(Text("remotive offline │ remoteok offline │ hn offline"))
        await pilot.pause()
        strip = line.render_line(0)
        assert strip.cell_length == 20 and strip.text.endswith("…")
        assert line.region.height == 1


async def test_markup_and_escapes_show_as_plain_text_and_styles_stay() -> None:
    app = LineApp()
    async with app.run_test(size=(60, 4)) as pilot:
        line = app.query_one(TextLine)
        text = Text("[red]x[/red] \x1b[31mred\x1b[0m \x07bell")
        text.stylize("bold", 0, 3)
        line.update(text)
        await pilot.pause()
        strip = line.render_line(0)
        assert strip.text.startswith("[red]x[/red]")
        assert not any(ch in strip.text for ch in "\x1b\x07")
        assert any(seg.style and seg.style.bold for seg in strip)


async def test_an_update_and_a_theme_change_draw_it_again() -> None:
    app = LineApp()
    async with app.run_test(size=(30, 4)) as pilot:
        line = app.query_one(TextLine)
        first = line.render_line(0)
        line.update("changed")
        await pilot.pause()
        assert line.render_line(0).text.startswith("changed")
        before = list(line.render_line(0))[0].style
        app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"
        await pilot.pause()
        after = list(line.render_line(0))[0].style
        assert first.text.startswith("starting") and after != before


# ------------------------------------------------------------------ one-line drawing
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.style import Style  # noqa: E402

from tui.ui.text_line import _ONE_LINE, one_line_strip, text_strips  # noqa: E402

#: The reference's control characters: spaces, one for one, and the newlines kept.
_WRAPPED = {c: space for c, space in _ONE_LINE.items() if c != 0x0A}

_CONSOLE = Console(width=200, color_system="truecolor", legacy_windows=False)
_STYLES = st.sampled_from([Style(bold=True), Style(color="red"), Style(underline=True),
                           Style(bgcolor="blue", italic=True), Style(reverse=True),
                           "dim", "bold yellow"])  # style names too, as the app writes them
#: The text's own style (under its spans), as ``Text(..., style=...)`` gives it.
_OWN = st.sampled_from(["", "dim", Style(color="green", bold=True)])
# ASCII, Japanese (two cells each), combining marks, controls and newlines.
_CHARS = st.sampled_from(list("ab Z-…|") + list("日本語案件ｱ") + ["\u0301", "\n", "\t", "\x1b", "\x07"])
_WORDS = st.sampled_from(["a", "word", "longerword", " ", "  ", "\n", "日本語の案件", "ML", "-", "\t"])


def _rich_line(text: Text, width: int, style: Style) -> list:
    """What Rich's layout pipeline draws for one cut line (the reference)."""
    safe = text.copy()
    safe.plain = safe.plain.translate(_ONE_LINE)
    options = _CONSOLE.options.update(width=width, height=1, highlight=False, markup=False,
                                      no_wrap=True, overflow="ellipsis")
    lines = _CONSOLE.render_lines(safe, options, style=style, pad=True, new_lines=False)
    return list(lines[0])


def _rich_wrapped(text: Text, width: int, style: Style) -> list[list]:
    """What Rich's layout pipeline draws for wrapped text (the reference)."""
    safe = text.copy()
    safe.plain = safe.plain.translate(_WRAPPED)
    options = _CONSOLE.options.update(width=width, highlight=False, markup=False,
                                      no_wrap=False, overflow="fold")
    return [list(line) for line in
            _CONSOLE.render_lines(safe, options, style=style, pad=True, new_lines=False)]


def _cells(segments) -> list[tuple[str, object]]:
    """Each cell's character and style (how the segments are split does not matter, nor
    None against the null style: both draw the same)."""
    out = []
    for seg in segments:
        for ch in seg.text:
            out.append((ch, seg.style or Style()))
    return out


@settings(max_examples=300, deadline=None)
@given(
    chars=st.lists(_CHARS, max_size=40),
    spans=st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40), _STYLES), max_size=4),
    width=st.integers(1, 30),
    base=st.sampled_from([Style(), Style(color="white", bgcolor="black"), Style(dim=True)]),
    own=_OWN,
)
def test_one_line_strip_draws_the_cells_rich_draws(chars, spans, width, base, own) -> None:
    text = Text("".join(chars), style=own)
    for start, end, style in spans:
        text.stylize(style, min(start, end), max(start, end))
    strip = one_line_strip(text, _CONSOLE, width, base)
    assert strip.cell_length == width
    assert _cells(strip) == _cells(_rich_line(text, width, base))


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(_WORDS, max_size=30),
    spans=st.lists(st.tuples(st.integers(0, 80), st.integers(0, 80), _STYLES), max_size=4),
    width=st.integers(1, 24),
    base=st.sampled_from([Style(), Style(color="white", bgcolor="black")]),
    justify=st.sampled_from([None, "left", "center", "right"]),
    own=_OWN,
)
def test_wrapped_text_draws_the_cells_rich_draws(words, spans, width, base, justify, own) -> None:
    text = Text("".join(words), justify=justify, style=own)
    for start, end, style in spans:
        text.stylize(style, min(start, end), max(start, end))
    strips = text_strips(text, _CONSOLE, width, base)
    assert all(strip.cell_length == width for strip in strips)
    assert [_cells(strip) for strip in strips] == [_cells(line) for line in _rich_wrapped(text, width, base)]

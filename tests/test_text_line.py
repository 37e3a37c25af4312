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

"""The detail pane: one Line API widget that wraps the gig's text to its width, scrolls,
starts each gig at its top, and never lets markup or escape sequences through."""

from __future__ import annotations

import pytest
from rich.text import Text
from textual.app import App, ComposeResult

from tui.ui.detail import DetailPane


class PaneApp(App[None]):
    CSS = "DetailPane { height: 1fr; }"

    def compose(self) -> ComposeResult:
        yield DetailPane(id="detail")


def lines_of(pane: DetailPane) -> list[str]:
    """The text part of each line in view (without the rule and the spaces around it)."""
    width = pane._wrap_width(pane.outer_size)
    left = len(pane._frame[2])
    return [pane.render_line(y).crop(left, left + width).text for y in range(pane.size.height)]


async def test_wraps_to_the_width_and_scrolls() -> None:
    app = PaneApp()
    async with app.run_test(size=(40, 10)) as pilot:
        pane = app.query_one(DetailPane)
        words = " ".join(f"word{i}" for i in range(60))
        pane.show(Text("Title\n\n" + words))
        await pilot.pause()
        width = pane.scrollable_content_region.width
        assert all(pane.render_line(y).cell_length == width for y in range(pane.size.height))
        shown = lines_of(pane)
        assert shown[0].rstrip() == "Title"
        assert all(len(line) == width - 3 for line in shown)  # rule, space, text, space
        assert "word0" in shown[2] and "word59" not in "".join(shown)
        assert pane.virtual_size.height > pane.size.height  # more lines than fit: it scrolls
        pane.scroll_end(animate=False, immediate=True)
        await pilot.pause()
        assert any("word59" in line for line in lines_of(pane))
        pane.show(Text("Next gig"))  # a new gig starts at its top
        await pilot.pause()
        assert pane.scroll_y == 0 and lines_of(pane)[0].startswith("Next gig")


async def test_rewraps_when_the_width_changes() -> None:
    app = PaneApp()
    async with app.run_test(size=(60, 10)) as pilot:
        pane = app.query_one(DetailPane)
        pane.show(Text(" ".join(["abcdefgh"] * 20)))
        await pilot.pause()
        wide = pane.virtual_size.height
        await pilot.resize_terminal(30, 10)
        await pilot.pause()
        assert pane.virtual_size.height > wide
        assert all(len(line) <= pane.scrollable_content_region.width - 3 for line in lines_of(pane))


async def test_escapes_and_markup_are_shown_as_plain_text() -> None:
    app = PaneApp()
    async with app.run_test(size=(60, 8)) as pilot:
        pane = app.query_one(DetailPane)
        text = Text("[bold]x[/bold] osc\x1b]52;c;SGVsbG8=\x07 bell\x07\ttab")
        text.stylize("bold", 0, 4)
        pane.show(text)
        await pilot.pause()
        joined = "".join(lines_of(pane))
        assert "[bold]x[/bold]" in joined
        assert not any(ch in joined for ch in "\x1b\x07\t")
        strip = pane.render_line(0)
        assert any(seg.style and seg.style.bold for seg in strip)  # the styled span stays


async def test_no_gig_shows_the_placeholder() -> None:
    app = PaneApp()
    async with app.run_test(size=(60, 8)) as pilot:
        pane = app.query_one(DetailPane)
        pane.show(None)
        await pilot.pause()
        assert pane.text.plain in lines_of(pane)[0]


async def test_a_theme_change_redraws_the_lines_in_its_colours() -> None:
    app = PaneApp()
    async with app.run_test(size=(60, 8)) as pilot:
        pane = app.query_one(DetailPane)
        pane.show(Text("Some gig"))
        await pilot.pause()
        before = pane.render_line(0)
        app.theme = "textual-light"
        await pilot.pause()
        after = pane.render_line(0)
        assert after.text == before.text
        assert list(after)[0].style.bgcolor != list(before)[0].style.bgcolor


async def test_a_pane_narrower_than_its_gutter_draws_blank_lines() -> None:
    app = PaneApp()
    async with app.run_test(size=(60, 8)) as pilot:
        pane = app.query_one(DetailPane)
        pane.show(Text("Some gig"))
        pane.styles.width = 3  # padding, border and scrollbar leave no room for text
        await pilot.pause()
        assert all(not line.strip() for line in lines_of(pane))


class FramedByTextual(DetailPane):
    """The pane as it was: Textual draws the rule (a ``vkey`` border) and the padding."""

    DEFAULT_CSS = """
    FramedByTextual {
        padding: 0 1;
        border-left: vkey $foreground 20%;
    }
    """

    def _measure(self, outer):
        frame = self._frame
        if frame[0] != outer:  # no rule or spaces of its own: Textual draws them
            gutter = self.styles.gutter.width + self.styles.scrollbar_size_vertical
            frame = self._frame = (outer, max(outer.width - gutter, 0), [], [])
        return frame


class BothApp(App[None]):
    CSS = "Horizontal > * { width: 1fr; height: 1fr; }"

    def compose(self) -> ComposeResult:
        from textual.containers import Horizontal

        with Horizontal():
            yield DetailPane(id="ours")
            yield FramedByTextual(id="textual")


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light", "nord"])
async def test_the_rule_and_spaces_look_as_textual_draws_border_and_padding(theme) -> None:
    app = BothApp()
    async with app.run_test(size=(80, 8)) as pilot:
        app.theme = theme
        ours, textual = app.query_one("#ours", DetailPane), app.query_one("#textual", DetailPane)
        for pane in (ours, textual):
            pane.show(Text("機械学習エンジニア " * 6 + "\nline two", style="bold"))
        await pilot.pause()
        region = ours.size.region

        def cells(strips):  # each character with its style (segments may split apart)
            return [[(ch, seg.style) for seg in strip for ch in seg.text] for strip in strips]

        assert cells(ours.render_lines(region)) == cells(textual.render_lines(region))
        assert list(ours.render_line(0))[0].text == DetailPane.RULE

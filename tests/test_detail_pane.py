"""The detail pane: one Line API widget that wraps the gig's text to its width, scrolls,
starts each gig at its top, and never lets markup or escape sequences through."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult

from tui.ui.detail import DetailPane


class PaneApp(App[None]):
    CSS = "DetailPane { height: 1fr; }"

    def compose(self) -> ComposeResult:
        yield DetailPane(id="detail")


def lines_of(pane: DetailPane) -> list[str]:
    return [pane.render_line(y).text for y in range(pane.size.height)]


async def test_wraps_to_the_width_and_scrolls() -> None:
    app = PaneApp()
    async with app.run_test(size=(40, 10)) as pilot:
        pane = app.query_one(DetailPane)
        words = " ".join(f"word{i}" for i in range(60))
        pane.show(Text("Title\n\n" + words))
        await pilot.pause()
        width = pane.scrollable_content_region.width
        shown = lines_of(pane)
        assert shown[0].rstrip() == "Title"
        assert all(len(line) == width for line in shown)  # padded to the pane's width
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
        assert all(len(line) <= pane.scrollable_content_region.width for line in lines_of(pane))


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

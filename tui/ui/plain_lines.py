"""``PlainLines``: a Line API widget's lines without Textual's per-line style work.

For every line of every widget it draws, Textual's styles cache reads the widget's
border, outline, padding, tint, opacity, text opacity and hatch, and builds the
closures that would apply them: about as much work as the table draws in the line
itself. The table and the detail pane use none of those styles, and their
``render_line`` keeps its own lines already. ``render_lines`` here reads the styles once
per call: when none of them is in use, each line is the widget's own, fitted to the
width and passed through the app's line filters exactly as Textual would; otherwise
Textual draws the lines. A test holds the two ways equal.
"""

from __future__ import annotations

from rich.style import Style as RichStyle
from textual.color import Color
from textual.geometry import Region
from textual.strip import Strip
from textual.style import Style


class PlainLines:
    """Mixin for a ``Widget`` with the Line API (``render_line``); list it first."""

    def _plain_background(self) -> tuple[Color, RichStyle] | None:
        """(background colour, the style of the widget's blank cells) when the
        widget's styles need nothing drawn around or over its lines; else None."""
        styles = self.styles
        if self.BLANK or styles.gutter != (0, 0, 0, 0) or any(
            edge for edge, _color in styles.outline
        ):
            return None
        if styles.tint.a or styles.text_opacity != 1.0 or self.opacity != 1.0:
            return None
        if styles.has_rule("hatch") and styles.hatch != "none":
            return None
        base, background = self.background_colors
        return background, Style(background=base + background).rich_style

    def render_lines(self, crop: Region) -> list[Strip]:
        plain = self._plain_background()
        if plain is None or self._hover_links():
            return super().render_lines(crop)
        background, blank = plain
        # Lines Textual kept from an earlier frame drawn its way would be stale by the
        # time it draws again (its cache is kept up to date only by its own drawing).
        self._styles_cache.clear()
        width = self.region.width
        content_width, content_height = self.content_region.size
        filters = self.get_line_filters()
        render_line = self.render_line
        strips: list[Strip] = []
        for y in crop.line_range:
            if y < content_height:
                line = render_line(y).adjust_cell_length(content_width, blank)
            else:
                line = Strip.blank(content_width, blank)
            strip = line if line.cell_length == width else Strip(line, width)
            for line_filter in filters:
                strip = strip.apply_filter(line_filter, background)
            strips.append(strip)
        if crop.column_span != (0, width):
            x1, x2 = crop.column_span
            strips = [strip.crop(x1, x2) for strip in strips]
        return strips

    def _hover_links(self) -> bool:
        """Would Textual restyle a link under the mouse? (Never in gigs' own lines,
        which carry no links; checked as Textual checks it.)"""
        if not self.auto_links:
            return False
        hover = self.hover_style
        return bool(hover._link_id and hover._meta and "@click" in hover.meta)

"""The gig table: a Line API widget that renders only the visible rows of a ``GigRows``.

Textual's DataTable builds a renderable per cell and takes tens of seconds for 100,000
rows; this table keeps a list of gig indices and, per visible line, pads plain strings
from ``GigRows`` into one ``Strip``. Line 0 of the viewport is the header, so it stays
on top while scrolling; data row ``scroll_y + y - 1`` is drawn at line ``y``. Text is
never parsed as markup: every cell is a plain ``Segment``.
"""

from __future__ import annotations

from typing import Callable, ClassVar, Sequence

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.color import Color
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ..i18n import t
from ..table_model import COLUMNS, DEFAULT_COLUMNS, GAP, ColumnSpec, GigRows, cut, layout, pad
from .bindings import localize_bindings
from .css import compact
from .plain_lines import PlainLines
from .table_scrollbar import bar_cells, bar_colors, position_for, thumb_span

#: Columns drawn in the muted colour (secondary information).
DIM_COLUMNS = frozenset({"source", "posted", "first_seen"})

RowFlags = Callable[[int], set[str]]


class GigTable(PlainLines, ScrollView, can_focus=True):
    """A fast, read-only table of gigs with a row cursor.

    Feed it with ``set_model(rows)`` then ``set_rows(indices)``; it never copies or
    formats more than the visible rows.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "cursor_down", t("key.down", "en"), show=False, id="cursor_down"),
        Binding("k,up", "cursor_up", t("key.up", "en"), show=False, id="cursor_up"),
        Binding("g,home", "cursor_top", t("key.top", "en"), show=False, id="cursor_top"),
        Binding("G,end", "cursor_bottom", t("key.bottom", "en"), show=False, id="cursor_bottom"),
        Binding("pagedown", "page_down", t("key.page_down", "en"), show=False, id="page_down"),
        Binding("pageup", "page_up", t("key.page_up", "en"), show=False, id="page_up"),
        Binding("enter", "accept", t("key.open", "en"), show=False, id="accept"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "gig-table--header",
        "gig-table--cursor",
        "gig-table--starred",
        "gig-table--new",
        "gig-table--dim",
    }

    DEFAULT_CSS = compact("""
    GigTable {
        height: 1fr;
        overflow-x: hidden;
        overflow-y: hidden;  /* the table draws its own scrollbar: see _bar_cells */
        background: $surface;
        color: $foreground;
        & > .gig-table--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        & > .gig-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus > .gig-table--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
        & > .gig-table--starred {
            color: $warning;
        }
        & > .gig-table--new {
            color: $accent;
            text-style: bold;
        }
        & > .gig-table--dim {
            color: $text-muted;
        }
    }
    """)

    cursor_row: reactive[int] = reactive(0, repaint=False, init=False)
    """Position of the cursor in the current rows (not a gig index)."""

    class CursorMoved(Message):
        """The gig under the cursor changed (or the rows did); ``index`` None = no rows."""

        def __init__(self, index: int | None, table: GigTable | None = None) -> None:
            self.index = index
            self.table = table
            super().__init__()

        @property
        def control(self) -> GigTable | None:
            return self.table

    class Selected(Message):
        """Enter (or a click on the cursor row) on gig ``index``."""

        def __init__(self, index: int, table: GigTable | None = None) -> None:
            self.index = index
            self.table = table
            super().__init__()

        @property
        def control(self) -> GigTable | None:
            return self.table

    class HeaderClicked(Message):
        """A click on a column's header (the app may sort by it)."""

        def __init__(self, column_id: str, table: GigTable | None = None) -> None:
            self.column_id = column_id
            self.table = table
            super().__init__()

        @property
        def control(self) -> GigTable | None:
            return self.table

    def __init__(
        self,
        rows: GigRows | None = None,
        *,
        columns: Sequence[str] = DEFAULT_COLUMNS,
        row_flags: RowFlags | None = None,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
        language: str = "en",
    ) -> None:
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        #: The language of the header labels (``column.*`` in ``tui.i18n``).
        self.language = language
        localize_bindings(self, language)
        self._model: GigRows | None = rows
        self._rows: list[int] = list(range(len(rows))) if rows is not None else []
        self._columns: list[ColumnSpec] = self._specs(columns)
        self._sort: tuple[str | None, bool] = (None, False)
        self.row_flags: RowFlags | None = row_flags
        self._generation = 0
        #: Bumped when only the cursor's style changed (focus): cursor lines key on it.
        self._cursor_generation = 0
        self._line_cache: LRUCache[tuple[int, int, int, int], Strip] = LRUCache(512)
        self._widths: tuple[int, int, list[int]] = (-1, -1, [])
        self._styles: tuple[Style, Style, Style, Style, Style, Style] | None = None
        self._styles_stale = True
        #: (outer size, rows' width, bar width, lines in view), read for every line drawn.
        self._geometry: tuple[Size | None, int, int, int] = (None, 0, 0, 0)
        #: The scrollbar's colours (track, thumb, background) when idle, hovered, dragged.
        self._bar_colors: dict[str, tuple[Color, Color, Color]] = {}
        #: The scrollbar's cells, top to bottom, and what they were drawn for.
        self._bar: tuple[tuple, list[Segment]] = ((), [])
        self._bar_hover = False
        #: While the thumb is dragged: the screen line and scroll position it was grabbed at.
        self._bar_grab: tuple[int, float] | None = None
        self._update_virtual_size()

    # ------------------------------------------------------------------ public API
    @property
    def model(self) -> GigRows | None:
        """The ``GigRows`` being shown."""
        return self._model

    @property
    def rows(self) -> Sequence[int]:
        """The gig indices shown, in display order (do not mutate)."""
        return self._rows

    @property
    def columns(self) -> tuple[str, ...]:
        """The ids of the configured columns (some may be hidden when narrow)."""
        return tuple(c.id for c in self._columns)

    @property
    def row_count(self) -> int:
        """How many rows are shown."""
        return len(self._rows)

    @property
    def current_index(self) -> int | None:
        """The gig index under the cursor, or None when there are no rows."""
        if not self._rows:
            return None
        return self._rows[min(self.cursor_row, len(self._rows) - 1)]

    def set_model(self, rows: GigRows) -> None:
        """Show ``rows`` (all of its gigs, in their order); the cursor goes to the top."""
        self._model = rows
        self._rows = list(range(len(rows)))
        self.set_reactive(GigTable.cursor_row, 0)
        self._invalidate()
        self._update_virtual_size()
        if self.is_mounted:
            self.scroll_to(y=0, animate=False, force=True)
        self._post_cursor()

    def set_columns(self, ids: Sequence[str]) -> None:
        """Show these columns (ids of ``COLUMNS``; unknown ids are ignored)."""
        self._columns = self._specs(ids)
        self._invalidate()

    def set_rows(self, indices: Sequence[int], *, keep_gig: bool = True) -> None:
        """Show these gig indices in this order.

        The cursor stays on the same gig when it is still present, otherwise it keeps
        its position (clamped). Costs one list copy and one scan for the old gig.
        ``keep_gig=False``: the cursor goes to the first row.
        """
        previous = self.current_index if keep_gig else None
        self._rows = list(indices)
        position = self.cursor_row if keep_gig else 0
        if previous is not None:
            try:
                position = self._rows.index(previous)
            except ValueError:
                pass
        position = max(0, min(position, len(self._rows) - 1))
        self.set_reactive(GigTable.cursor_row, position)
        # A row looks the same wherever it is: the lines drawn for these gigs before
        # are drawn again from the cache (typing a filter shows mostly the same gigs).
        self.refresh()
        self._update_virtual_size()
        self._scroll_cursor_into_view()
        self._post_cursor()

    def set_sort_indicator(self, column_id: str | None, descending: bool) -> None:
        """Mark ``column_id`` in the header with ▲ (ascending) or ▼ (descending)."""
        if self._sort != (column_id, descending):
            self._sort = (column_id, descending)
            self.refresh()  # the header's cache key holds the sort; rows stay cached

    def refresh_rows(self) -> None:
        """Redraw every row (after the dynamic cells or row flags changed)."""
        self._invalidate()

    def move_cursor(self, position: int) -> None:
        """Put the cursor on row ``position`` (clamped) and scroll it into view."""
        self.cursor_row = self.validate_cursor_row(position)
        self._scroll_cursor_into_view()

    # ------------------------------------------------------------------- internals
    @staticmethod
    def _specs(ids: Sequence[str]) -> list[ColumnSpec]:
        return [COLUMNS[i] for i in ids if i in COLUMNS]

    def _invalidate(self) -> None:
        self._generation += 1
        self._line_cache.clear()
        self.refresh()

    def _update_virtual_size(self) -> None:
        size = Size(0, len(self._rows) + 1)
        if size == self.virtual_size:
            return
        if self.is_mounted:
            # The table's size does not depend on its rows, and it draws its scrollbar in
            # its own lines: no layout pass over the whole screen (with 100,000 gigs every
            # keystroke in the filter lands here), only the scroll position kept in range
            # and the lines drawn again (mostly from the line cache).
            self.set_reactive(GigTable.virtual_size, size)
            self.scroll_y = self.validate_scroll_y(self.scroll_y)
            self.refresh()
        else:
            self.virtual_size = size

    @property
    def _page_height(self) -> int:
        """Data rows that fit under the header."""
        return max(1, self.scrollable_content_region.height - 1)

    def _scroll_cursor_into_view(self) -> None:
        if not self.is_mounted:
            return
        top = int(self.scroll_y)
        row = self.cursor_row
        page = self._page_height
        if row < top:
            self.scroll_to(y=row, animate=False, force=True)
        elif row >= top + page:
            self.scroll_to(y=row - page + 1, animate=False, force=True)

    def _post_cursor(self) -> None:
        self.post_message(self.CursorMoved(self.current_index, self))

    def validate_cursor_row(self, value: int) -> int:
        return max(0, min(value, len(self._rows) - 1))

    def watch_cursor_row(self, old: int, new: int) -> None:
        # Data row p sits on virtual line p + 1 (the header is line 0).
        self.refresh_line(old + 1)
        self.refresh_line(new + 1)
        self._post_cursor()

    def notify_style_update(self) -> None:
        # The component styles are read again at the next render and compared: gaining
        # or losing the focus changes only the cursor's style, so only the cursor's line
        # is drawn again (not every row, as on a theme change).
        super().notify_style_update()
        self._styles_stale = True
        self._geometry = (None, 0, 0, 0)  # padding or scrollbar sizes may have changed
        self.refresh()

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        # A layout pass hands every ScrollView the virtual size of its region, never
        # the one it set itself, and Textual's ScrollView then updates its scrollbars
        # and scroll position. The table sets its own virtual size
        # (``_update_virtual_size``): only a new size needs that.
        if size == self._size and container_size == self.container_size:
            return False
        return super()._size_updated(size, virtual_size, container_size, layout)

    def _on_resize(self, event: events.Resize) -> None:
        # Lines are cached per width: a new width draws new lines, the old ones age out.
        self._scroll_cursor_into_view()

    # --------------------------------------------------------------------- actions
    def action_cursor_down(self) -> None:
        """Move the cursor one row down."""
        self.move_cursor(self.cursor_row + 1)

    def action_cursor_up(self) -> None:
        """Move the cursor one row up."""
        self.move_cursor(self.cursor_row - 1)

    def action_cursor_top(self) -> None:
        """Move the cursor to the first row."""
        self.move_cursor(0)

    def action_cursor_bottom(self) -> None:
        """Move the cursor to the last row."""
        self.move_cursor(len(self._rows) - 1)

    def action_page_down(self) -> None:
        """Move the cursor (and the view) one page down."""
        page = self._page_height
        self.scroll_to(y=int(self.scroll_y) + page, animate=False, force=True)
        self.move_cursor(self.cursor_row + page)

    def action_page_up(self) -> None:
        """Move the cursor (and the view) one page up."""
        page = self._page_height
        self.scroll_to(y=max(0, int(self.scroll_y) - page), animate=False, force=True)
        self.move_cursor(self.cursor_row - page)

    def action_accept(self) -> None:
        """Post ``Selected`` for the gig under the cursor."""
        index = self.current_index
        if index is not None:
            self.post_message(self.Selected(index, self))

    async def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        event.stop()
        if offset.x >= self._width():
            return  # the scrollbar (its mouse-down did the work)
        if offset.y == 0:
            column = self._column_at(offset.x)
            if column is not None:
                self.post_message(self.HeaderClicked(column, self))
            return
        position = int(self.scroll_y) + offset.y - 1
        if not 0 <= position < len(self._rows):
            return
        if position == self.cursor_row:
            self.action_accept()
        else:
            self.move_cursor(position)

    # ------------------------------------------------------------------- scrollbar
    @property
    def allow_vertical_scroll(self) -> bool:
        """The mouse wheel scrolls the rows when they do not all fit (Textual checks for
        a scrollbar widget, and the table draws its own)."""
        if self.disabled or self.loading:
            return False
        return self.virtual_size.height > self.scrollable_content_region.height

    def _bar_line(self, event: events.MouseEvent) -> int | None:
        """The scrollbar's line under the mouse, or None when it is not over the bar."""
        offset = event.get_content_offset(self)
        if offset is None or offset.x < self._width() or not self._bar_width():
            return None
        return offset.y

    async def _on_mouse_down(self, event: events.MouseDown) -> None:
        # As on Textual's scrollbar: the track above or below the thumb scrolls a page,
        # the thumb is grabbed and follows the mouse until the button is let go.
        y = self._bar_line(event)
        if y is None:
            return
        event.stop()
        height = self.scrollable_content_region.height
        span = thumb_span(height, self.virtual_size.height, height, self.scroll_y)
        if span is None:
            return
        start, end = span
        if (y + 1) * 8 <= start:
            self.scroll_page_up(animate=False)
        elif y * 8 >= end:
            self.scroll_page_down(animate=False)
        else:
            self._bar_grab = (event.screen_y, self.scroll_y)
            self.capture_mouse()
            self.refresh()

    def _on_mouse_move(self, event: events.MouseMove) -> None:
        if self._bar_grab is not None:
            event.stop()
            line, position = self._bar_grab
            height = self.scrollable_content_region.height
            y = position_for(position, event.screen_y - line, self.virtual_size.height, height)
            self.scroll_to(y=y, animate=False, force=True)
            return
        self._set_bar_hover(self._bar_line(event) is not None)

    def _on_mouse_up(self, event: events.MouseUp) -> None:
        if self._bar_grab is not None:
            event.stop()
            self.release_mouse()
            self._end_grab()

    def _on_mouse_release(self, event: events.MouseRelease) -> None:
        self._end_grab()

    def _on_leave(self, event: events.Leave) -> None:
        self._set_bar_hover(False)

    def _end_grab(self) -> None:
        if self._bar_grab is not None:
            self._bar_grab = None
            self.refresh()

    def _set_bar_hover(self, hover: bool) -> None:
        if hover != self._bar_hover:
            self._bar_hover = hover
            self.refresh()

    def _column_at(self, x: int) -> str | None:
        left = 0
        for spec, width in zip(self._columns, self._column_widths(self._width())):
            if not width:
                continue
            if left <= x < left + width + GAP:
                return spec.id
            left += width + GAP
        return None

    # ------------------------------------------------------------------- rendering
    def _measure(self) -> tuple[Size | None, int, int, int]:
        """(outer size, rows' width, bar width, lines in view), measured once per size."""
        geometry = self._geometry
        if geometry[0] != self._size:
            region = self.scrollable_content_region
            bar = min(max(0, int(self.styles.scrollbar_size_vertical)), region.width)
            geometry = self._geometry = (self._size, region.width - bar, bar, region.height)
        return geometry

    def _width(self) -> int:
        """The rows' width in cells (the region less padding, border and scrollbar)."""
        return self._measure()[1]

    def _bar_width(self) -> int:
        """The scrollbar's width in cells (``scrollbar-size-vertical``), after the rows."""
        return self._measure()[2]

    def _column_widths(self, width: int) -> list[int]:
        cached_width, generation, widths = self._widths
        if cached_width != width or generation != self._generation:
            widths = layout(self._columns, width)
            self._widths = (width, self._generation, widths)
        return widths

    def _bar_cells(self) -> list[Segment]:
        """The scrollbar's cells for the lines in view, top to bottom (none when the
        scrollbar has no width)."""
        _size, _width, thickness, height = self._measure()
        if not thickness:
            return []
        state = "active" if self._bar_grab is not None else "hover" if self._bar_hover else ""
        virtual = self.virtual_size.height
        self._row_styles()  # reads the colours again after a style change
        colors = self._bar_colors[state]
        key = (height, virtual, self.scroll_y, thickness, colors)
        drawn_for, cells = self._bar
        if drawn_for != key:
            track, thumb, base = colors
            show_thumb = self.screen.styles.scrollbar_color.a != 0
            cells = bar_cells(height, virtual, height, self.scroll_y, thickness,
                              track, thumb, base, show_thumb=show_thumb)
            self._bar = (key, cells)
        return cells

    def render_line(self, y: int) -> Strip:
        """Line ``y`` of the viewport: the header at 0, then data rows from ``scroll_y``,
        each followed by its cell of the scrollbar."""
        width = self._width()
        styles = self._row_styles()  # first: a style change may drop cached lines
        bar = self._bar_cells()
        cell = bar[y] if y < len(bar) else None
        if y == 0:
            return self._render_header(width, cell)
        position = int(self.scroll_y) + y - 1
        if self._model is None or not 0 <= position < len(self._rows):
            blank = Strip.blank(width, styles[0])
            return blank if cell is None else self._with_bar(blank, width, cell)
        index = self._rows[position]
        is_cursor = position == self.cursor_row
        key = (index, width, self._cursor_generation if is_cursor else -1, self._generation,
               cell)
        strip = self._line_cache.get(key)
        if strip is None:
            strip = self._line_cache[key] = self._render_row(index, width, is_cursor, cell)
        return strip

    @staticmethod
    def _with_bar(strip: Strip, width: int, cell: Segment) -> Strip:
        return Strip([*strip, cell], width + len(cell.text))

    def _row_styles(self) -> tuple[Style, Style, Style, Style, Style, Style]:
        """base, header, cursor, and the partial starred/new/dim styles.

        Read again after a style update; when they differ from the ones the cached
        lines were drawn with, those lines are dropped (only the cursor's line when only
        the cursor's style changed).
        """
        styles = self._styles
        if self._styles_stale or styles is None:
            get = self.get_component_rich_style
            styles = (
                self.rich_style,
                get("gig-table--header"),
                get("gig-table--cursor"),
                get("gig-table--starred", partial=True),
                get("gig-table--new", partial=True),
                get("gig-table--dim", partial=True),
            )
            self._styles_stale = False
            self._bar_colors = self._scrollbar_colors()
            old = self._styles
            if old is not None and old != styles:
                if old[:2] == styles[:2] and old[3:] == styles[3:]:
                    self._cursor_generation += 1
                else:
                    self._generation += 1
                    self._line_cache.clear()
            self._styles = styles
        return styles

    def _scrollbar_colors(self) -> dict[str, tuple[Color, Color, Color]]:
        """The scrollbar's track and thumb colours and the table's background, per state
        (read from the table's styles as Textual's scrollbar reads them)."""
        styles = self.styles
        under, background_color = self.background_colors
        return {
            state: (*bar_colors(background, color, under), background_color)
            for state, background, color in (
                ("", styles.scrollbar_background, styles.scrollbar_color),
                ("hover", styles.scrollbar_background_hover, styles.scrollbar_color_hover),
                ("active", styles.scrollbar_background_active, styles.scrollbar_color_active),
            )
        }

    def _render_header(self, width: int, cell: Segment | None = None) -> Strip:
        key = (-1, width, self._sort, self._generation, cell)
        strip = self._line_cache.get(key)
        if strip is not None:
            return strip
        style = self._row_styles()[1]
        sort_id, descending = self._sort
        texts: list[str] = []
        for spec, w in zip(self._columns, self._column_widths(width)):
            if not w:
                continue
            label = t(f"column.{spec.id}", self.language)
            if spec.id == sort_id:
                label = cut(label, w - 1) + ("▼" if descending else "▲")
            texts.append(pad(label, w, spec.align))
        line = (" " * GAP).join(texts)
        strip = Strip([Segment(line, style)]).adjust_cell_length(width, style)
        if cell is not None:
            strip = self._with_bar(strip, width, cell)
        self._line_cache[key] = strip
        return strip

    def _render_row(self, index: int, width: int, is_cursor: bool,
                    bar: Segment | None = None) -> Strip:
        """One data row as plain segments, exactly ``width`` cells wide (and then the
        scrollbar's ``bar`` cell, when given)."""
        model = self._model
        assert model is not None
        base, _header, cursor, starred, new, dim = self._row_styles()
        if self.row_flags is not None:
            flags = self.row_flags(index)
        else:
            flags = {"new"} if model.is_new(index) else set()
        if is_cursor:
            row_style = dim_style = cursor
        else:
            row_style = base
            if "new" in flags:
                row_style += new
            if "starred" in flags:
                row_style += starred
            dim_style = row_style + dim
        gap = " " * GAP
        segments: list[Segment] = []
        plain: list[str] = []
        used = 0
        for spec, w in zip(self._columns, self._column_widths(width)):
            if not w:
                continue
            text = pad(model.cell(index, spec.id), w, spec.align)
            if used:
                used += GAP
                plain.append(gap)
            used += w
            if spec.id in DIM_COLUMNS and dim_style is not row_style:
                if plain:
                    segments.append(Segment("".join(plain), row_style))
                    plain = []
                segments.append(Segment(text, dim_style))
            else:
                plain.append(text)
        if used < width:
            plain.append(" " * (width - used))
        if plain:
            segments.append(Segment("".join(plain), row_style))
        if used > width:  # only when layout had to clip: measure and crop
            strip = Strip(segments).crop(0, width)
            return strip if bar is None else self._with_bar(strip, width, bar)
        if bar is not None:
            segments.append(bar)
            width += len(bar.text)
        return Strip(segments, width)

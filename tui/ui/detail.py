"""The detail pane: every field of the gig under the cursor, as safe plain text.

Text from sources is never parsed as markup: everything is assembled from ``rich.text.Text``
objects built from plain strings, so ``[bold]`` or ``[link=…]`` in a title shows literally.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ..format import describe_days, describe_rate, describe_settlement, fmt_yen
from ..i18n import has, language_of, t
from ..model import CONTRACT_FORMS, REMOTES, Gig
from ..money import Money, effective_hourly, hourly_jpy
from ..table_model import cell_width
from .css import compact
from .plain_lines import PlainLines
from .text_line import text_strips

#: English labels (the catalogue's ``remote.*`` / ``form.*``; ``remote_label`` for others).
REMOTE_LABEL = {k: t(f"remote.{k}", "en") for k in REMOTES}
FORM_LABEL = {k: t(f"form.{k}", "en") for k in CONTRACT_FORMS}


def remote_label(value: str, lang: str) -> str:
    """How ``remote`` reads in ``lang`` (the raw value when it is not a known one)."""
    return t(f"remote.{value}", lang) if has(f"remote.{value}") else value


def form_label(value: str, lang: str) -> str:
    """How ``contract_form`` reads in ``lang`` (the raw value when it is not a known one)."""
    return t(f"form.{value}", lang) if has(f"form.{value}") else value


def _when(dt: datetime | None, now: datetime, lang: str = "en") -> str:
    if dt is None:
        return t("detail.unknown", lang)
    from ..format import age

    return t("detail.when", lang, date=f"{dt.astimezone(timezone.utc):%Y-%m-%d %H:%M}", age=age(dt, now))


def render_gig(
    gig: Gig,
    money: Money,
    *,
    now: datetime | None = None,
    attribution: dict[str, tuple[str, str | None]] | None = None,
    extra_sections: list[Text] | None = None,
    lang: str = "en",
) -> Text:
    """The detail text of one gig in ``lang``. ``attribution`` maps source name -> (title, homepage)."""
    now = now or datetime.now(timezone.utc)
    out = Text()
    out.append(gig.title, style="bold")
    out.append("\n")
    who = " · ".join(x for x in (gig.client, gig.agent and t("detail.via", lang, agent=gig.agent)) if x)
    if who:
        out.append(who, style="italic")
        out.append("\n")
    if "sample" in gig.tags or gig.source == "sample":
        out.append(t("detail.sample", lang) + "\n", style="reverse")
    out.append("\n")

    def row(label_id: str, value: str | Text | None, style: str = "") -> None:
        """One ``label  value`` line; ``label_id`` is a catalogue id ("" for none)."""
        if value in (None, ""):
            return
        label = t(label_id, lang) if label_id else ""
        out.append(label + " " * max(11 - cell_width(label), 0), style="dim")
        if isinstance(value, Text):
            out.append_text(value)
        else:
            out.append(value, style=style)
        out.append("\n")

    row("detail.rate", describe_rate(gig, money))
    row("detail.days", describe_days(gig.days_per_week, raw=None))
    row("detail.remote", remote_label(gig.remote, lang))
    row("detail.contract", form_label(gig.contract_form, lang))
    if gig.settlement_hours is not None:
        eff = effective_hourly(gig.monthly_jpy, gig.settlement_hours)
        text = describe_settlement(gig.settlement_hours)
        if eff is not None:
            text += t("detail.effective", lang, min=fmt_yen(eff.min), max=fmt_yen(eff.max))
        row("detail.settlement", text)
    if gig.payment is not None:
        site = gig.payment.site_days
        extra = t("detail.payment_site", lang, site=site, total=site + 30) if site is not None else ""
        row("detail.payment", gig.payment.raw + extra)
    if gig.engagement:
        row("detail.type", ", ".join(gig.engagement))
    row("detail.skills", ", ".join(gig.skills))
    tags = [tag for tag in gig.tags if tag]
    row("detail.tags", ", ".join(tags))
    row("detail.location", gig.location)
    row("detail.posted", _when(gig.posted_at, now, lang))
    if gig.first_seen:
        row("detail.first_seen", _when(gig.first_seen, now, lang) + (t("detail.new", lang) if gig.is_new else ""))
    if gig.fit is not None:
        row("detail.fit", f"{gig.fit}/100")
        for reason in gig.fit_reasons:
            row("", f"• {reason}")
    row("detail.url", gig.url, style="underline")
    if gig.apply_url and gig.apply_url != gig.url:
        row("detail.apply", gig.apply_url, style="underline")
    members = gig.sources or []
    attribution = attribution or {}
    if members:
        for ref in members:
            title, home = attribution.get(ref.source, (ref.source, None))
            line = f"{title} ({ref.uid})"
            if home:
                line += f" — {home}"
            row("detail.source", line)
    else:
        title, home = attribution.get(gig.source, (gig.source, None))
        row("detail.source", f"{title}" + (f" — {home}" if home else ""))
    row("detail.uid", gig.uid, style="dim")
    for section in extra_sections or []:
        out.append("\n")
        out.append_text(section)
    description = gig.description  # a cached gig reads it from the cache: once
    if description:
        out.append("\n")
        out.append("─" * 20, style="dim")
        out.append("\n")
        out.append(description)
    return out


class DetailPane(PlainLines, ScrollView, can_focus=False):
    """A scrolling pane that shows one gig.

    One Line API widget: the text is wrapped once (per gig and width) into lines, and a
    frame draws only the lines in view, with no container and child to lay out. The rule
    on its left and a cell of space each side of the text are part of those lines: as
    CSS border and padding, Textual would build them again for every line of every frame.
    The rule takes its colour from ``.detail-pane--rule`` and is not drawn while that
    has ``display: none`` (the narrow layout, where a rule on top divides the panes).
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"detail-pane--rule"}

    DEFAULT_CSS = compact("""
    DetailPane {
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-gutter: stable;
        & > .detail-pane--rule {
            color: $foreground 20%;
        }
    }
    """)

    #: The rule's glyph (the left edge of Textual's ``vkey`` border).
    RULE = "\u258f"

    def __init__(self, *, name: str | None = None, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._shown: Text | None = None
        self._lines: list[Strip] = []
        #: The width ``_lines`` were wrapped to (-1: wrap again: new text or style).
        self._wrapped_width = -1
        #: (outer size, text width, cells left and right of the text): ``render_line``
        #: needs them for every line.
        self._frame: tuple[Size | None, int, list[Segment], list[Segment]] = (None, 0, [], [])

    @property
    def text(self) -> Text:
        """The text shown: the gig's, or the dim "no gig" line."""
        if self._shown is not None:
            return self._shown
        return Text(t("detail.none", language_of(getattr(self.app, "config", None))), style="dim")

    def show(self, text: Text | None) -> None:
        """Show ``text`` (None: no gig), scrolled to its top."""
        self._shown = text
        self._wrapped_width = -1
        self.scroll_to(0, 0, animate=False, immediate=True)
        width = self._wrap_width(self.outer_size)
        if width > 0:
            self._wrap(width)
            self.virtual_size = Size(self._line_width(width), len(self._lines))
        self.refresh()

    # ------------------------------------------------------------------- layout
    def _measure(self, outer: Size) -> tuple[Size | None, int, list[Segment], list[Segment]]:
        """(outer, the text's width, the cells left and right of the text) in a pane of
        size ``outer``: the rule and a space, the text, a space; CSS padding, border and
        the scrollbar's gutter (always kept) are taken off too."""
        frame = self._frame
        if frame[0] != outer:
            under, background = self.background_colors
            space = Segment(" ", Style(bgcolor=background.rich_color))
            left = [space]
            rule = self.get_component_styles("detail-pane--rule")
            if rule.display != "none":
                style = Style(color=(under + rule.color).rich_color,
                              bgcolor=background.rich_color)
                left = [Segment(self.RULE, style), space]
            right = [space]
            gutter = self.styles.gutter.width + self.styles.scrollbar_size_vertical
            width = max(outer.width - gutter - len(left) - len(right), 0)  # one cell each
            if not width:
                left, right = [], []
            frame = self._frame = (outer, width, left, right)
        return frame

    def _wrap_width(self, outer: Size) -> int:
        """The text's width in the pane ``outer``."""
        return self._measure(outer)[1]

    def _line_width(self, width: int) -> int:
        """A whole line's width, for text ``width`` cells wide."""
        _outer, _width, left, right = self._frame
        return width + sum(s.cell_length for s in left) + sum(s.cell_length for s in right)

    def _wrap(self, width: int) -> list[Strip]:
        """The shown text as whole lines (the rule, the text wrapped to ``width``, the
        space after it), kept until the text, the width or the style changes."""
        if width != self._wrapped_width:
            _outer, _width, left, right = self._frame
            self._lines = text_strips(self.text, self.app.console, width, self.rich_style,
                                      frame=(left, right))
            self._wrapped_width = width
        return self._lines

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._wrapped_width = -1  # a theme change: the lines again, in its colours
        self._frame = (None, 0, [], [])  # and padding, border or the rule may have changed

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size,
                      layout: bool = True) -> bool:
        # Wrapped here, in the layout pass, so the first frame has the lines and the
        # scrollbar its size.
        width = self._wrap_width(size)
        if width > 0:
            lines = self._wrap(width)
            self.set_reactive(DetailPane.virtual_size, Size(self._line_width(width), len(lines)))
        return super()._size_updated(size, virtual_size, container_size, layout)

    def render_line(self, y: int) -> Strip:
        width = self._wrap_width(self.outer_size)
        lines = self._lines if width == self._wrapped_width else self._wrap(width)
        index = int(self.scroll_y) + y
        if 0 <= index < len(lines):
            return lines[index]
        _outer, _width, left, right = self._frame
        return Strip([*left, Segment(" " * width, self.rich_style), *right],
                     self._line_width(width))

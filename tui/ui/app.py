"""The Textual app: composes the widgets and routes keys to the layers below.

The work happens elsewhere: ``tui.collect`` fetches, ``tui.view`` filters and sorts,
``tui.store`` keeps the shortlist. Heavy work runs in thread workers; results come back
through ``call_from_thread`` so the UI never waits.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Sequence

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import Input

from .. import gcpolicy, paths
from ..collect import Collection, SourceState, prepare
from ..errors import GigsError, QueryError
from ..i18n import has, t
from ..keymap import BY_ID
from ..model import Gig
from ..table_model import COLUMNS, DEFAULT_COLUMNS, GigRows
from .bindings import localize_bindings, main_bindings
from .css import read_compact
from .detail import DetailPane, render_gig
from .filter_bar import FilterBar
from .gig_table import GigTable
from .key_bar import KeyBar
from .preset_tabs import PresetTabs
from .link_actions import LinkActions
from .shortlist_actions import ShortlistActions
from .text_line import TextLine

if TYPE_CHECKING:
    from ..collect import Prepared
    from ..config import Config, Preset


def _one_sort_column(spec: str | Sequence[str] | None) -> str | None:
    """``"-rate"`` for a one-column sort in the normalized form presets store (``"-rate"``
    or ``("-rate",)``); None for anything else."""
    if isinstance(spec, str):
        keys = [spec]
    elif spec and len(spec) == 1 and isinstance(spec[0], str):
        keys = list(spec)
    else:
        return None
    key = keys[0].strip()
    return key if key.removeprefix("-").isidentifier() else None


class GigsApp(ShortlistActions, LinkActions, App[int]):
    """gigs: a keyboard-driven job board."""

    TITLE = "gigs"
    #: ``app.tcss`` next to this module, compacted (see ``tui.ui.css``).
    CSS = read_compact(Path(__file__).with_name("app.tcss"))
    BINDINGS: list = []  # set below from the project's binding table

    def __init__(
        self,
        config: "Config",
        *,
        preset: str | None = None,
        offline: bool = False,
        now: datetime | None = None,
        prepared: "list[Prepared] | None" = None,
    ) -> None:
        """``prepared``: the sources ``tui.collect.prepare(config)`` built, when the caller
        has them already (``gigs`` builds them first, to exit 2 on a bad config)."""
        gcpolicy.hold()  # released after the first paint (``on_mount``)
        super().__init__()
        self.config = config
        localize_bindings(self, self.lang)
        self.offline = offline
        self._fixed_now = now
        self.gigs: list[Gig] = []
        self.rows: GigRows | None = None
        self.index = None
        self.collection: Collection | None = None
        self.states: dict[str, SourceState] = {}
        self.filter_text = ""
        self.sort_column: str | None = None
        self.sort_desc = False
        self.presets: list["Preset | None"] = [None, *config.presets.values()]
        self.preset_pos = 0
        if preset:
            from ..config.presets import find_preset

            chosen = find_preset(config, preset)
            for i, p in enumerate(self.presets):
                if p is chosen:
                    self.preset_pos = i
        self.shown: list[int] = []
        #: Columns toggled from the palette, per view (this session only).
        self._hidden_columns: dict[int, set[str]] = {}
        self._extra_columns: dict[int, list[str]] = {}
        self.last_query_error: QueryError | None = None
        #: While the cache is read at start: sources' states update the status once.
        self._status_held = False
        self.attribution: dict[str, tuple[str, str | None]] = {}
        self.prepared = prepare(config) if prepared is None else prepared
        for p in self.prepared:
            self.states[p.spec.name] = p.state
            if p.source is not None:
                self.attribution[p.spec.name] = (type(p.source).title or p.spec.type, type(p.source).homepage)
        from ..store.shortlist import Shortlist

        self.shortlist = Shortlist(paths.shortlist_path())
        if config.ui.theme in self.available_themes:
            self.theme = config.ui.theme
        # Only the keys the user changed: Textual applies a keymap to every binding each
        # time it looks bindings up (the key bar, every key press).
        changed = {k: ",".join(v) for k, v in config.keymap.items()
                   if k not in BY_ID or tuple(v) != BY_ID[k].keys}
        if changed:
            self.set_keymap(changed)

    # ----------------------------------------------------------------- layout
    def compose(self) -> ComposeResult:
        yield PresetTabs(id="tabs")
        yield TextLine(Text(t("app.loading", self.lang)), id="status-line")
        with Horizontal(id="main"):
            yield GigTable(id="table", language=self.lang)
            yield DetailPane(id="detail")
        yield FilterBar(self._filter_changed, id="filter-bar")
        yield KeyBar()

    def get_default_screen(self) -> Screen:
        from .main_screen import MainScreen

        return MainScreen(id="_default")

    @property
    def now(self) -> datetime:
        return self._fixed_now or datetime.now(timezone.utc)

    def main_widget(self, selector, expect_type=None):
        """A widget of the main screen, whichever screen is on top."""
        if not self.screen_stack:  # the app is shutting down
            raise NoMatches(f"no screen for {selector!r}")
        screen = self.screen_stack[0]
        if expect_type is None:
            return screen.query_one(selector)
        return screen.query_one(selector, expect_type)

    @property
    def table(self) -> GigTable:
        return self.main_widget("#table", GigTable)

    @property
    def preset(self) -> "Preset | None":
        return self.presets[self.preset_pos]

    def on_mount(self) -> None:
        self.call_after_refresh(gcpolicy.release)
        # Focused now, not after the first frame (``focus()`` waits a turn): the first
        # frame draws the focused table, and no restyle pass follows it.
        self.screen.set_focus(self.table)
        if self.shortlist.error is not None:
            self.notify(
                t("app.shortlist_unreadable", self.lang, error=self.shortlist.error,
                  backup=self.shortlist.backup_path),
                title=t("app.shortlist_unreadable.title", self.lang), severity="error", timeout=20,
            )
        self._update_tabs(counts=None)
        if self._show_small_cache_now():
            # The gigs are on screen: the worker (a refresh of stale sources, the
            # cell-width tables, the store's writer) starts after the first paint, so
            # it does not hold the GIL while the first frames are drawn.
            self.call_after_refresh(self.load_gigs, first=True, shown=True)
        else:
            self._update_status()
            self.load_gigs(first=True)
        self.on_resize()
        # Hand edits of shortlist.toml (or another gigs process) show within seconds.
        self.set_interval(2.0, self._check_store)

    def _check_store(self) -> None:
        if self.shortlist is not None and self.shortlist.reload_if_changed():
            self.table.refresh_rows()
            self._show_current()

    def on_resize(self, event=None) -> None:
        main = self.main_widget("#main")
        # The event's size: this handler runs before Textual's own, which sets ``size``.
        narrow = (event.size.width if event is not None else self.size.width) < 120
        main.set_class(narrow, "-narrow")

    # ---------------------------------------------------------------- loading
    def _view_of(self, collection: Collection, cache,
                 rows: GigRows | None = None) -> tuple[GigRows, object, object]:
        """The table model (``rows`` when given), the search index and the presorted
        order of freshly loaded gigs (and an order to save in ``cache``, or None)."""
        import gc

        from ..query import SearchIndex

        collecting = gc.isenabled()
        gc.disable()  # many new objects, no cycles among them
        try:
            stored = len(collection.gigs)
            if self.shortlist is not None and self.shortlist.starred_uids():
                self._add_vanished(collection)
            if rows is None:
                rows = GigRows(collection.gigs, self.config.money, now=self.now)
            index = SearchIndex(collection.gigs, self.config.money)
            to_save = self._presort(collection.gigs, index,
                                    cache if len(collection.gigs) == stored else None)
            # Out of the cyclic GC's way: a full pass over 100k gigs takes half a
            # second. Gigs hold no cycles, so replaced ones are still freed.
            gc.freeze()
        finally:
            if collecting:
                gc.enable()
        return rows, index, to_save

    def _show_small_cache_now(self) -> bool:
        """At start, a cache of a few thousand gigs at most (the embedded sample, a few
        boards) is read here, on the UI thread, in milliseconds: the first paint shows
        the gigs instead of an empty table. A bigger one loads in ``load_gigs``."""
        from ..cache import Cache

        cache = Cache()
        with cache.kept():  # one connection for the reads (the detail's text among them)
            return self._show_cache(cache)

    def _show_cache(self, cache) -> bool:
        """``_show_small_cache_now`` with the cache open."""
        from ..cache import load_cached_now

        self._status_held = True  # one status line at the end, not one per source
        try:
            quick = load_cached_now(self.config, self.prepared, cache=cache,
                                    now=self.now, on_state=self._source_changed)
            order = self._saved_first_order(quick, cache) if quick and quick.gigs else None
        except GigsError:
            return False  # the worker tries again and reports what is wrong
        finally:
            self._status_held = False
        if quick is None or not quick.gigs:
            return False
        if order is not None:
            # The view's order is saved in the cache: show it now, and build the search
            # index (and so import the query engine) after the first paint.
            rows = GigRows(quick.gigs, self.config.money, now=self.now)
            self._gigs_loaded(quick, rows, None, order=order)
            self.call_after_refresh(self._index_first_view, quick, rows, cache)
            return True
        rows, index, to_save = self._view_of(quick, cache)
        self._gigs_loaded(quick, rows, index)
        self._order_to_save = to_save  # saved by the loading worker, after the paint
        return True

    #: Sort columns whose order depends on the gigs alone (and the money settings, in
    #: the saved order's key): a saved order of these is the view's order.
    SAVED_ORDER_COLUMNS = frozenset({"title", "client", "agent", "rate", "hourly", "posted"})

    def _saved_first_order(self, collection: Collection, cache) -> list[int] | None:
        """The first view's rows from the order saved in ``cache``, when that is exactly
        what ``apply_view`` would show: no query anywhere (no filter text, no preset
        query, no ``[filters] always``), a one-column sort on the gigs' own data, and
        no starred gig missing from the sources (it would be added to the rows)."""
        preset = self.preset
        if self.filter_text.strip() or (self.config.always or "").strip():
            return None
        if preset is not None and (preset.query or "").strip():
            return None
        spec = self._view_sort() or "-posted"
        column = _one_sort_column(spec)
        if column is None or column.removeprefix("-") not in self.SAVED_ORDER_COLUMNS:
            return None
        if self.shortlist is not None:
            starred = self.shortlist.starred_uids()
            if starred:
                from ..gigstore import covered_uids

                if not set(starred) <= covered_uids(collection.gigs):
                    return None
        key = cache.order_key(spec, self.config.money)
        return cache.load_order(key, len(collection.gigs)) if key is not None else None

    def _index_first_view(self, collection: Collection, rows: GigRows, cache) -> None:
        """After the first paint: the search index for the gigs shown from the cache;
        then the view is applied as usual (the same rows; the cursor stays)."""
        if self.collection is not collection:
            return  # a newer load replaced these gigs
        _rows, index, _to_save = self._view_of(collection, cache, rows=rows)
        self.index = index
        self.apply_view()
        self.refresh_counts()

    @work(thread=True, exclusive=True, group="load")
    def load_gigs(self, refresh: bool = False, only: set[str] | None = None, first: bool = False,
                  shown: bool = False) -> None:
        """Fetch in a thread (its own event loop), then hand the result to the UI.

        On start the cache is shown at once (``first``), then stale sources refresh in the
        background and the table updates in place, keeping the cursor on its gig.
        ``shown``: the app already showed the cache (``_show_small_cache_now``).
        """
        import gc
        import threading

        from ..cache import Cache, collect_cached, needs_fetch
        from ..gigstore import materialize
        from ..table_model import prepare_cell_widths

        prepare_cell_widths()  # before thousands of cells are measured (after the paint)

        def on_state(state: SourceState) -> None:
            # Not ``call_from_thread``: the loading thread does not wait for the UI
            # (busy with its first render at start) to show a source's state.
            self.call_later(self._source_changed, state)

        cache = Cache()
        collecting = gc.isenabled()

        def deliver(collection: Collection) -> None:
            # The gigs come lazy from the cache (``tui.gigstore.decode``): made at once,
            # each filling its fields on first use; the rows on screen fill first, the
            # rest just after the paint, below.
            rows, index, to_save = self._view_of(collection, cache)
            self.call_from_thread(self._gigs_loaded, collection, rows, index)
            big = len(collection.gigs) >= self.SYNC_DEEP_LIMIT
            if big:
                # Once the rows are painted: fill every gig and build the columns queries
                # need, before the first keystroke (built on demand otherwise).
                painted = threading.Event()
                self.call_from_thread(self.call_after_refresh, painted.set)
                painted.wait(2)
            materialize(collection.gigs)
            if to_save is not None:
                cache.save_order(*to_save)  # the next start skips this sort
            if big:
                index.warm()
            if self.shortlist is not None:
                self.shortlist.prepare_writes()  # the first edit as fast as the next

        now = self.now
        if shown:
            # The first paint showed the cache as of the last opening (nothing is written
            # before it): this opening becomes the last one now.
            cache.mark_opened(now)
            to_save, self._order_to_save = getattr(self, "_order_to_save", None), None
            if to_save is not None:
                cache.save_order(*to_save)  # the next start skips this sort
            if self.shortlist is not None:
                self.shortlist.prepare_writes()
            if not needs_fetch(self.config, self.prepared, offline=self.offline,
                               refresh=refresh, only=only, now=now, cache=cache):
                return
        elif first:
            # The previous opening becomes the "new" baseline; gigs first seen in this
            # run (at ``now``) are not new.
            cache.mark_opened(now)
            gc.disable()  # until the gigs are frozen (``deliver``): no pass over them
            try:
                quick = asyncio.run(collect_cached(
                    self.config, offline=True, prepared=self.prepared, on_state=on_state,
                    cache=cache, cache_only=True, now=now, lazy=True,
                ))
                if quick.gigs:
                    deliver(quick)
            finally:
                if collecting:
                    gc.enable()
            if quick.gigs and not needs_fetch(self.config, self.prepared, offline=self.offline,
                                              refresh=refresh, only=only, now=now, cache=cache):
                return  # nothing is stale: the second pass would give the same gigs
        collection = asyncio.run(collect_cached(
            self.config, offline=self.offline, refresh=refresh, only=only,
            prepared=self.prepared, on_state=on_state, cache=cache,
            now=now if first or shown else None, lazy=True,
        ))
        deliver(collection)

    def _presort(self, gigs: list[Gig], index, cache=None) -> tuple[str, list[int]] | None:
        """Sort every row in the view's order here, in the loading thread: the index
        keeps it, so the first paint does not wait for a sort of 100,000 gigs.

        With ``cache`` (the gigs are the cache's last assembled result, nothing added),
        the order saved for them at a previous start is used instead of sorting; when
        there is none, returns ``(key, order)`` for ``cache.save_order``.
        """
        from ..query import parse_sort, sort_indices
        from ..query.evaluate import row_numbers

        spec = self._view_sort() or "-posted"
        try:
            keys = parse_sort(spec)
            key = (cache.order_key(spec, self.config.money)
                   if cache is not None and len(keys) == 1 else None)
            # ``sort_indices`` keeps the order of every row for a one-column sort in the
            # index (``_full_orders``): a saved order goes there, as if just sorted.
            orders = index.__dict__.setdefault("_full_orders", {})
            rows = row_numbers(len(gigs))
            saved = cache.load_order(key, len(gigs), rows) if key is not None else None
            if saved is not None:
                orders[keys[0]] = saved
            sort_indices(gigs, rows, keys, self.query_context(), index=index)
            if key is not None and saved is None and keys[0] in orders:
                return key, orders[keys[0]]
        except GigsError:
            pass
        return None

    def _add_vanished(self, collection: Collection) -> None:
        """Starred gigs that no source returns any more still show, from their snapshot."""
        from ..gigstore import covered_uids
        from ..store.snapshot import gig_from_snapshot

        present = covered_uids(collection.gigs)  # without filling every (lazy) gig
        vanished = []
        for entry in self.shortlist.entries():
            if entry.starred and entry.uid not in present:
                vanished.append(gig_from_snapshot(entry, self.config.money))
        from ..fit import apply_fit

        apply_fit(vanished, self.config.profile, self.config.money)
        collection.gigs.extend(vanished)

    def _source_changed(self, state: SourceState) -> None:
        self.states[state.name] = state
        if not self._status_held:
            self._update_status()

    def _gigs_loaded(self, collection: Collection, rows: GigRows, index,
                     order: list[int] | None = None) -> None:
        """Show freshly loaded gigs. ``index`` None: the rows are shown in ``order``
        (a saved order, see ``_saved_first_order``) until the index is built."""
        if not self.screen_stack or not self.screen_stack[0].query("#table"):
            return  # the app is closing (or closed) while the load was running
        current = self.current_gig() if self.rows is not None else None
        keep_uid = current.uid if current is not None else None
        self.collection = collection
        self.gigs = collection.gigs
        self.rows = rows
        rows.dynamic = self._dynamic_cell
        if self.config.profile:  # read without filling every (lazy) gig
            from ..gigstore import field_values

            self._fit_by_uid = dict(zip(field_values(self.gigs, "uid"),
                                        field_values(self.gigs, "fit")))
        else:
            self._fit_by_uid = {}
        self.index = index
        table = self.table
        table.set_model(rows)
        table.row_flags = self._row_flags
        self._apply_columns()
        if index is None and order is not None:
            self._show_order(order)
        else:
            self.apply_view()
        wanted = getattr(self, "_select_after_load", None)
        if wanted and self.move_to_uid(wanted):
            self._select_after_load = None
            keep_uid = wanted
        if keep_uid is None or not self.move_to_uid(keep_uid):
            self.table.move_cursor(0)
        self._show_current()
        self._update_status()
        if index is not None:
            self.call_after_refresh(self.refresh_counts)  # the rows are painted first

    def _show_order(self, order: list[int]) -> None:
        """Rows in a known order, without the query engine (the first view)."""
        self.shown = order
        self.table.set_rows(order, keep_gig=False)
        # As ``apply_view`` marks it: the sort asked for (the default one is not marked).
        column = _one_sort_column(self._view_sort())
        if column:
            self.table.set_sort_indicator(column.removeprefix("-"), column.startswith("-"))
        else:
            self.table.set_sort_indicator(None, False)

    @staticmethod
    def _settle_memory() -> None:
        """Move the loaded gigs out of the garbage collector's way.

        With 100k gigs the cyclic GC would otherwise rescan them on every full pass (about
        half a second each); freezing after a load keeps scrolling and typing smooth. The
        previous freeze is undone first so replaced collections can still be freed.
        """
        import gc

        gc.unfreeze()
        gc.collect()
        gc.freeze()

    def move_to_uid(self, uid: str) -> bool:
        """Put the cursor on the gig with ``uid`` if the view shows it."""
        for pos, i in enumerate(self.shown):
            if self.gigs[i].uid == uid:
                self.table.move_cursor(pos)
                self._show_current()
                return True
        return False

    # ------------------------------------------------------------ view state
    def _dynamic_cell(self, column: str, uid: str) -> str:
        if column == "fit":
            fit = getattr(self, "_fit_by_uid", {}).get(uid)
            return "" if fit is None else str(fit)
        store = self.shortlist
        if store is None:
            return ""
        if column == "star":
            return "★" if store.is_starred(uid) else ""
        if column == "status":
            return store.status_of(uid) or ""
        if column == "checks":
            return store.checks_summary(uid)
        return ""

    def _row_flags(self, index: int) -> set[str]:
        flags: set[str] = set()
        gig = self.gigs[index]
        if self.shortlist is not None and self.shortlist.is_starred(gig.uid):
            flags.add("starred")
        if gig.is_new:
            flags.add("new")
        return flags

    def _columns(self) -> list[str]:
        preset = self.preset
        ids = list(preset.columns) if preset and preset.columns else list(DEFAULT_COLUMNS)
        if self.config.profile is None:  # no profile, no fit: the column is hidden
            ids = [c for c in ids if c != "fit"]
        elif "fit" not in ids and not (preset and preset.columns):
            ids.insert(1 if ids[:1] == ["star"] else 0, "fit")
        hidden = self._hidden_columns.get(self.preset_pos, set())
        ids = [c for c in ids if c not in hidden]
        ids += [c for c in self._extra_columns.get(self.preset_pos, []) if c not in ids]
        return [c for c in ids if c in COLUMNS]

    def _apply_columns(self) -> None:
        self.table.set_columns(self._columns())

    def query_context(self):
        from ..view import make_context

        store = self.shortlist
        return make_context(
            self.config,
            is_starred=store.is_starred if store else None,
            status_of=store.status_of if store else None,
            now=self.now,
        )

    #: Up to this many gigs, every keystroke runs the full search at once; above it the
    #: keystroke matches short fields at once and a deep pass (descriptions, typos)
    #: follows after a short pause, off the UI thread.
    SYNC_DEEP_LIMIT = 20_000
    DEEP_DELAY = 0.15

    def _sort_spec(self) -> str | None:
        if self.sort_column:
            return ("-" if self.sort_desc else "") + self.sort_column
        return None

    def _view_sort(self) -> str | Sequence[str] | None:
        """The sort asked for: the user's, else the preset's (None: the default)."""
        preset = self.preset
        return self._sort_spec() or (preset.sort if preset and preset.sort else None)

    def apply_view(self, to_top: bool = False) -> None:
        """Re-run the current preset + filter + sort. A bad query keeps the last result.

        The cursor stays on its gig when the view still shows it, except with ``to_top``
        (a new filter text: the best matches are at the top, so is the cursor).
        """
        if self.index is None:
            return
        from ..view import select

        bar = self.main_widget(FilterBar)
        deep = len(self.gigs) <= self.SYNC_DEEP_LIMIT
        self._view_token = getattr(self, "_view_token", 0) + 1
        try:
            selection = select(
                self.index, self.gigs, self.config, self.query_context(),
                preset=self.preset, query=self.filter_text, sort=self._sort_spec(), deep=deep,
            )
        except QueryError as exc:
            self.last_query_error = exc
            bar.show_error(exc, offset=self._user_query_offset(exc))
            return
        except GigsError as exc:
            bar.show_message(str(exc))
            return
        self.last_query_error = None
        bar.clear_error()
        self._show_selection(selection, to_top=to_top)
        if selection.partial:
            token = self._view_token
            self.set_timer(self.DEEP_DELAY, lambda: self._deep_pass(token))

    def _show_selection(self, selection, to_top: bool = False) -> None:
        self.shown = selection.indices
        self.table.set_rows(self.shown, keep_gig=not to_top)
        keys = selection.sort_keys
        if keys:
            first = keys[0]
            self.table.set_sort_indicator(first.column, first.descending)
        else:
            self.table.set_sort_indicator(None, False)
        self._update_status()
        self._show_current()

    @work(thread=True, exclusive=True, group="deep")
    def _deep_pass(self, token: int) -> None:
        """The full search (descriptions, fuzzy) of a view the user stopped typing in."""
        if token != self._view_token:
            return
        from ..view import select

        try:
            selection = select(
                self.index, self.gigs, self.config, self.query_context(),
                preset=self.preset, query=self.filter_text, sort=self._sort_spec(), deep=True,
            )
        except GigsError:
            return

        def show() -> None:
            if token == self._view_token:
                self._show_selection(selection)

        self.call_from_thread(show)

    def _user_query_offset(self, exc: QueryError) -> int | None:
        """Where the user's own filter text starts inside the combined query, if it does."""
        text = self.filter_text.strip()
        if text and exc.query.endswith(text + ")"):
            return len(exc.query) - len(text) - 1
        if text and exc.query.endswith(text):
            return len(exc.query) - len(text)
        return None

    @work(thread=True, exclusive=True, group="counts")
    def refresh_counts(self) -> None:
        """Count every preset's gigs for the tab labels (off the UI thread)."""
        if self.index is None:
            return
        from ..view import select

        ctx = self.query_context()
        counts: list[int | None] = []
        for preset in self.presets:
            try:
                counts.append(len(select(self.index, self.gigs, self.config, ctx, preset=preset).indices))
            except GigsError:
                counts.append(None)
        self.call_from_thread(self._update_tabs, counts)

    def _update_tabs(self, counts: list[int | None] | None) -> None:
        labels = [t("tabs.all", self.lang)] + [p.title for p in self.presets[1:]]
        try:
            self.main_widget(PresetTabs).set_tabs(labels, counts, self.preset_pos)
        except NoMatches:  # shutting down
            pass

    def _update_status(self) -> None:
        line = Text()
        total = len(self.gigs)
        if self.index is None and not self.shown:
            line.append(t("app.loading", self.lang) + " ", style="bold")
        else:
            line.append(f"{len(self.shown)}", style="bold")
            line.append(t("status.of_total", self.lang, total=total), style="")
        now = self.now
        from ..format import age

        for state in self.states.values():
            line.append("  │ ", style="dim")
            style = {
                "ok": "green", "error": "red", "cached": "yellow", "refreshing": "cyan",
                "disabled": "dim", "offline": "dim", "standby": "dim",
            }.get(state.status, "")
            line.append(state.name, style=f"bold {style}")
            if state.status == "ok":
                extra = f" {state.count}"
                if state.fetched_at:
                    extra += f" · {age(state.fetched_at, now)}"
                line.append(extra)
            elif state.status == "refreshing":
                line.append(f" ⟳ {state.progress or ''}".rstrip())
            elif state.status in ("error", "cached"):
                label = t("status.cached" if state.status == "cached" else "status.failed", self.lang)
                line.append(f" {label}: {state.error or ''}", style=style)
            else:
                word = t(f"state.{state.status}", self.lang) if has(f"state.{state.status}") else state.status
                line.append(f" {word}", style="dim")
        if self.collection is not None:
            from ..collect import SAMPLE_NOTE

            for note in self.collection.notes:
                shown = t("note.sample_fallback", self.lang) if note == SAMPLE_NOTE else note
                line.append(f"  │ {shown}", style="italic yellow")
        if line == getattr(self, "_status_shown", None):
            return
        try:
            # One line, always: its size never changes, so no layout pass (with 100k
            # gigs a keystroke must not re-lay the screen out).
            self.main_widget("#status-line", TextLine).update(line)
        except NoMatches:  # shutting down
            return
        self._status_shown = line

    # ---------------------------------------------------------------- detail
    @on(GigTable.CursorMoved)
    def _cursor_moved(self, event: GigTable.CursorMoved) -> None:
        self._show_current()

    def current_gig(self) -> Gig | None:
        index = self.table.current_index
        if index is None or index >= len(self.gigs):
            return None
        return self.gigs[index]

    def detail_sections(self, gig: Gig) -> list[Text]:
        """Extra sections for the detail pane (the shortlist adds its checklist here)."""
        section = self.shortlist_section(gig)
        return [section] if section is not None else []

    def _show_current(self) -> None:
        try:
            detail = self.main_widget(DetailPane)
        except NoMatches:  # shutting down
            return
        gig = self.current_gig()
        # The pane shows this gig with this shortlist entry already (a keystroke that
        # keeps the cursor's gig, or the cursor message that follows a filter): a re-render
        # would re-wrap a long description and re-lay the screen out for nothing.
        entry = self.shortlist.get(gig.uid) if gig is not None and self.shortlist else None
        shown = getattr(self, "_detail_shown", None)
        key = (gig, entry, self.lang, detail.display)
        if shown is not None and shown[0] is gig and shown[1] is entry and shown[2:] == key[2:]:
            return
        self._detail_shown = key
        if gig is None:
            detail.show(None)
            return
        detail.show(
            render_gig(
                gig, self.config.money, now=self.now, attribution=self.attribution,
                extra_sections=self.detail_sections(gig), lang=self.lang,
            )
        )

    # ---------------------------------------------------------------- filter
    def _filter_changed(self, value: str) -> None:
        """Each change of the filter text (called by the input itself, see FilterInput)."""
        if value == self.filter_text:
            return
        self.filter_text = value
        self.apply_view(to_top=True)

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        self.screen.set_focus(self.table)

    def action_focus_filter(self) -> None:
        # set_focus moves the focus now; Widget.focus() would wait for queued keys.
        self.screen.set_focus(self.main_widget(FilterBar).input())

    def action_back(self) -> None:
        """Esc: from the filter back to the table (the filter text stays)."""
        self.screen.set_focus(self.table)

    def action_filter_done(self) -> None:
        """Enter in the filter: back to the table at once."""
        self.screen.set_focus(self.table)

    def _filter_has_focus(self) -> bool:
        focused = self.focused
        return focused is not None and focused.id == "filter"

    # ------------------------------------------------------------------ sort
    def _sort_cycle(self, step: int) -> None:
        columns = [c for c in self._columns() if c != "star"]
        if not columns:
            return
        if self.sort_column in columns:
            pos = (columns.index(self.sort_column) + step) % len(columns)
        else:
            pos = 0 if step > 0 else len(columns) - 1
        self.sort_column = columns[pos]
        self.sort_desc = self.sort_column in ("rate", "hourly", "posted", "first_seen", "fit")
        self.apply_view()
        self.notify(t("app.sorted_by", self.lang, column=t(f"column.{self.sort_column}", self.lang),
                      arrow="▼" if self.sort_desc else "▲"), timeout=1.5)

    def action_sort_next(self) -> None:
        self._sort_cycle(+1)

    def action_sort_prev(self) -> None:
        self._sort_cycle(-1)

    def action_sort_reverse(self) -> None:
        if self.sort_column is None:
            keys = self.preset.sort if self.preset and self.preset.sort else ("-posted",)
            first = keys[0]
            desc = first.startswith("-") or first.endswith(":desc")
            self.sort_column = first.lstrip("+-").split(":")[0]
            self.sort_desc = not desc
        else:
            self.sort_desc = not self.sort_desc
        self.apply_view()

    # --------------------------------------------------------------- presets
    def select_preset(self, pos: int) -> None:
        if not 0 <= pos < len(self.presets):
            return
        self.preset_pos = pos
        self.sort_column = None
        self._apply_columns()
        self.apply_view()
        self._update_tabs(self.main_widget(PresetTabs).counts)

    def action_preset(self, number: int) -> None:
        self.select_preset(number - 1)

    def action_preset_next(self) -> None:
        self.select_preset((self.preset_pos + 1) % len(self.presets))

    def action_preset_prev(self) -> None:
        self.select_preset((self.preset_pos - 1) % len(self.presets))

    def action_save_preset(self) -> None:
        """``P``: the current preset's query plus the filter, with the current sort."""
        from ..config import Preset, save_preset
        from ..query import combine
        from .preset_screen import SavePresetScreen

        base = self.preset
        query = combine(*[q for q in ((base.query if base else ""), self.filter_text) if q.strip()])
        if self.sort_column:
            sort: tuple[str, ...] = (("-" if self.sort_desc else "") + self.sort_column,)
        else:
            sort = tuple(base.sort) if base and base.sort else ()
        columns = tuple(base.columns) if base and base.columns else None

        def chosen(name: str | None) -> None:
            if not name:
                return
            preset = Preset(name=name, title=name, query=query, sort=sort, columns=columns)
            try:
                save_preset(paths.presets_path(), preset)
            except (GigsError, ValueError) as exc:
                self.notify(t("app.not_saved", self.lang, error=exc), severity="error", timeout=8)
                return
            self.config.presets[name] = preset
            existing = [i for i, p in enumerate(self.presets) if p is not None and p.name == name]
            if existing:
                self.presets[existing[0]] = preset
            else:
                self.presets.append(preset)
            self.filter_text = ""
            self.main_widget(FilterBar).input().value = ""
            self.select_preset(existing[0] if existing else len(self.presets) - 1)
            self.refresh_counts()
            self.notify(t("app.preset_saved", self.lang, name=name, path=paths.presets_path()), timeout=4)

        self.push_screen(SavePresetScreen(query, ",".join(sort)), chosen)

    @on(PresetTabs.Chosen)
    def _tab_chosen(self, event: PresetTabs.Chosen) -> None:
        self.select_preset(event.position)

    # --------------------------------------------------------------- sources
    def refresh_sources(self, only: set[str] | None = None) -> None:
        """Fetch now (``R`` all, or one from the sources panel) in the background."""
        self.load_gigs(refresh=True, only=only)

    def action_refresh_all(self) -> None:
        if self.offline:
            self.notify(t("app.offline_refresh", self.lang), severity="warning")
        self.refresh_sources(None)
        self.notify(t("app.refreshing_all", self.lang), timeout=2)

    def action_sources_panel(self) -> None:
        from .sources_screen import SourcesScreen

        self.push_screen(SourcesScreen(lambda: list(self.states.values()), self.attribution, self.refresh_sources))

    def action_add_gig(self) -> None:
        from .add_screen import AddGigScreen

        def added(values: dict | None) -> None:
            if not values:
                return

            def work() -> None:
                from ..sources.manual import add_manual_gig

                try:
                    uid = add_manual_gig(values, paths.manual_path())
                except GigsError as exc:
                    self.call_from_thread(self.notify, t("app.not_saved", self.lang, error=exc),
                                          severity="error", timeout=8)
                    return
                self._select_after_load = uid
                self.call_from_thread(self.notify, t("app.added", self.lang, uid=uid), timeout=3)
                self.call_from_thread(self.load_gigs, False, None)

            self.run_worker(work, thread=True, group="save", exit_on_error=False)

        self.push_screen(AddGigScreen(), added)

    def edit_manual_gig(self) -> None:
        """Edit the hand-added gig under the cursor in the add form (palette)."""
        from ..sources.manual import manual_record, update_manual_gig
        from .add_screen import AddGigScreen

        gig = self.current_gig()
        if gig is None or not gig.uid.startswith("manual:"):
            self.notify(t("app.only_manual", self.lang), severity="warning")
            return
        try:
            initial = manual_record(gig.uid, paths.manual_path())
        except GigsError as exc:
            self.notify(str(exc), severity="error")
            return
        uid = gig.uid

        def edited(values: dict | None) -> None:
            if not values:
                return

            def work() -> None:
                try:
                    update_manual_gig(uid, values, paths.manual_path())
                except GigsError as exc:
                    self.call_from_thread(self.notify, str(exc), severity="error", timeout=8)
                    return
                self._select_after_load = uid
                self.call_from_thread(self.load_gigs, False, None)

            self.run_worker(work, thread=True, group="save", exit_on_error=False)

        self.push_screen(AddGigScreen(initial=initial), edited)

    def delete_manual_gig(self) -> None:
        """Delete the hand-added gig under the cursor (its shortlist notes stay)."""
        from ..sources.manual import delete_manual_gig

        gig = self.current_gig()
        if gig is None or not gig.uid.startswith("manual:"):
            self.notify(t("app.only_manual", self.lang), severity="warning")
            return
        uid = gig.uid

        def work() -> None:
            try:
                delete_manual_gig(uid, paths.manual_path())
            except GigsError as exc:
                self.call_from_thread(self.notify, str(exc), severity="error", timeout=8)
                return
            self.call_from_thread(self.notify, t("app.deleted", self.lang, uid=uid), timeout=4)
            self.call_from_thread(self.load_gigs, False, None)

        self.run_worker(work, thread=True, group="save", exit_on_error=False)

    def toggle_column(self, column: str) -> None:
        """Show or hide a column in the current view (for this session)."""
        current = self._columns()
        hidden = self._hidden_columns.setdefault(self.preset_pos, set())
        extra = self._extra_columns.setdefault(self.preset_pos, [])
        if column in current:
            hidden.add(column)
            if column in extra:
                extra.remove(column)
        else:
            hidden.discard(column)
            extra.append(column)
        self._apply_columns()

    #: Actions that stay available on every screen.
    GLOBAL_ACTIONS = frozenset({"help", "command_palette", "quit"})

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Main-screen keys are off (and out of the footer) while another screen is up."""
        if action in self.GLOBAL_ACTIONS or not self.screen_stack:
            return True
        if self.screen is not self.screen_stack[0]:
            return False
        if action == "focus_filter":
            return not isinstance(self.focused, Input)
        if action in ("filter_done", "back"):
            return self._filter_has_focus()
        return True

    async def action_quit(self) -> None:
        """Quit after the saves already asked for have landed (``s`` then ``q`` at once
        must keep the star)."""
        pending = [w for w in self.workers if w.group == "save" and not w.is_finished]
        if pending:
            await self.workers.wait_for_complete(pending)
        self.exit(0)

    # ------------------------------------------------------------------ misc
    def action_toggle_detail(self) -> None:
        detail = self.main_widget(DetailPane)
        detail.display = not detail.display

    def action_help(self) -> None:
        from .help_screen import HelpScreen

        self.push_screen(HelpScreen(self.config))

    def action_market_panel(self) -> None:
        """``m``: the rate picture (median, quartiles, histogram, skills) of the current view."""
        from .market_screen import MarketScreen

        view = t("tabs.all", self.lang) if self.preset is None else self.preset.title
        if self.filter_text.strip():
            view += f" · {self.filter_text.strip()}"
        self.push_screen(MarketScreen([self.gigs[i] for i in self.shown], self.config, view=view))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        lang = self.lang
        for pos, preset in enumerate(self.presets):
            title = t("tabs.all", lang) if preset is None else preset.title
            yield SystemCommand(
                t("cmd.preset", lang, title=title), t("cmd.preset.help", lang, title=title, key=pos + 1),
                lambda pos=pos: self.select_preset(pos),
            )
        for msg_id, action in (
            ("cmd.filter", self.action_focus_filter),
            ("cmd.toggle_detail", self.action_toggle_detail),
            ("cmd.keys", self.action_help),
            ("cmd.market", self.action_market_panel),
            ("cmd.save_preset", self.action_save_preset),
            ("cmd.refresh_all", self.action_refresh_all),
            ("cmd.sources", self.action_sources_panel),
            ("cmd.add_gig", self.action_add_gig),
            ("cmd.open_url", self.action_open_url),
            ("cmd.copy_url", self.action_copy_url),
            ("cmd.copy_markdown", self.action_copy_markdown),
        ):
            yield SystemCommand(t(msg_id, lang), t(f"{msg_id}.help", lang), action)
        for name in self.states:
            yield SystemCommand(
                t("cmd.refresh_source", lang, name=name), t("cmd.refresh_source.help", lang, name=name),
                lambda name=name: self.refresh_sources({name}),
            )
        yield from self.shortlist_commands()
        gig = self.current_gig() if self.index is not None else None
        if gig is not None and gig.uid.startswith("manual:"):
            yield SystemCommand(t("cmd.edit_gig", self.lang), t("cmd.edit_gig.help", self.lang), self.edit_manual_gig)
            yield SystemCommand(t("cmd.delete_gig", self.lang), t("cmd.delete_gig.help", self.lang), self.delete_manual_gig)
        shown = set(self._columns()) if self.index is not None else set()
        for column in COLUMNS:
            if column == "fit" and self.config.profile is None:
                continue
            msg_id = "cmd.hide_column" if column in shown else "cmd.show_column"
            yield SystemCommand(
                t(msg_id, self.lang, column=column), t("cmd.toggle_column.help", self.lang, column=column),
                lambda column=column: self.toggle_column(column),
            )


# Bind only the ids whose actions exist (the binding map is built at class creation).
GigsApp.BINDINGS = main_bindings(GigsApp)
GigsApp._merged_bindings = GigsApp._merge_bindings()

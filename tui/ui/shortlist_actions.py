"""The shortlist keys of the main screen: star, status, checklist, notes, export.

Every save runs in a thread worker (the store takes an OS lock and fsyncs), then the table
and detail pane refresh. A store that cannot be read is read-only: the app says which file
and line, and every edit explains why it cannot be saved.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

from rich.text import Text
from textual.app import SystemCommand

from .. import paths
from ..errors import GigsError
from ..i18n import language_of, t

if TYPE_CHECKING:
    from ..model import Gig


class ShortlistActions:
    """Mixed into GigsApp; uses ``self.shortlist``, ``self.current_gig()``, ``self.config``."""

    # -------------------------------------------------------------- helpers
    @property
    def lang(self) -> str:
        return language_of(self.config)

    def _save(self, describe: str, change: Callable[[], object]) -> None:
        """Run one store change off the UI thread, then refresh what shows it."""
        store = self.shortlist
        if store is None:
            return
        if store.read_only:
            self.notify(t("app.not_saved", self.lang, error=store.error), severity="error", timeout=8)
            return

        def work() -> None:
            try:
                change()
            except GigsError as exc:
                self.call_from_thread(self.notify, t("app.not_saved", self.lang, error=exc),
                                      severity="error", timeout=8)
                return
            self.call_from_thread(self._after_save, describe)

        self.run_worker(work, thread=True, group="save", exit_on_error=False)

    def _after_save(self, describe: str) -> None:
        if not self.screen_stack:  # the app is closing; the save itself has landed
            return
        self.table.refresh_rows()
        self._show_current()
        if describe:
            self.notify(describe, timeout=2)
        self.refresh_counts()

    def _gig_or_warn(self) -> "Gig | None":
        gig = self.current_gig()
        if gig is None:
            self.notify(t("shortlist.no_gig", self.lang), severity="warning", timeout=2)
        return gig

    # -------------------------------------------------------------- actions
    def action_star(self) -> None:
        gig = self._gig_or_warn()
        if gig is None or self.shortlist is None:
            return
        store = self.shortlist
        if store.is_starred(gig.uid):
            self._save(t("shortlist.unstarred", self.lang, title=gig.title[:40]), lambda: store.unstar(gig.uid))
        else:
            self._save(t("shortlist.starred_msg", self.lang, title=gig.title[:40]),
                       lambda: store.star(gig.uid, gig=gig))

    def action_set_status(self) -> None:
        gig = self._gig_or_warn()
        if gig is None or self.shortlist is None:
            return
        from .status_screen import StatusScreen

        store = self.shortlist

        def chosen(status: str | None) -> None:
            if status:
                self._save(t("shortlist.status_set", self.lang, status=status),
                           lambda: store.set_status(gig.uid, status, gig=gig))

        self.push_screen(StatusScreen(store.status_of(gig.uid), self.lang), chosen)

    def action_open_checklist(self) -> None:
        gig = self._gig_or_warn()
        if gig is None or self.shortlist is None:
            return
        from ..store.hints import hints_for
        from .checklist_screen import ChecklistScreen

        store = self.shortlist

        def save(item: str, state: str, note: str | None) -> None:
            self._save("", lambda: store.set_check(gig.uid, item, state, note=note, gig=gig))

        self.push_screen(
            ChecklistScreen(
                gig.title, gig.uid, store.get(gig.uid),
                hints_for(gig, self.config.money), save, self.lang,
            ),
            lambda _: self._show_current(),
        )

    def action_edit_note(self) -> None:
        gig = self._gig_or_warn()
        if gig is None or self.shortlist is None:
            return
        from .note_screen import NoteScreen

        store = self.shortlist
        entry = store.get(gig.uid)

        def done(text: str | None) -> None:
            if text is not None:
                self._save(t("shortlist.note_saved", self.lang), lambda: store.set_note(gig.uid, text, gig=gig))

        self.push_screen(NoteScreen(gig.title, entry.note if entry else "", self.lang), done)

    def action_edit_note_in_editor(self) -> None:
        """``E``: the note in $VISUAL/$EDITOR through App.suspend (for IMEs that misbehave)."""
        gig = self._gig_or_warn()
        if gig is None or self.shortlist is None:
            return
        store = self.shortlist
        if store.read_only:
            self.notify(t("app.not_saved", self.lang, error=store.error), severity="error", timeout=8)
            return
        import shlex
        import subprocess
        import tempfile

        entry = store.get(gig.uid)
        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
        fd, name = tempfile.mkstemp(prefix="gigs-note-", suffix=".md")
        path = Path(name)
        original = entry.note if entry else ""
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(original)
        try:
            with self.suspend():
                subprocess.call([*shlex.split(editor), str(path)])
            text = path.read_text(encoding="utf-8")
        except Exception as exc:  # noqa: BLE001 - report, keep the temp file
            self.notify(t("shortlist.editor_failed", self.lang, error=exc, path=path), severity="error", timeout=10)
            return
        if text != original:
            self._save(t("shortlist.note_saved", self.lang), lambda: store.set_note(gig.uid, text, gig=gig))
        path.unlink(missing_ok=True)

    def action_export(self) -> None:
        """``x``: the 契約前確認リスト as Markdown, written to the data dir and copied."""
        gig = self._gig_or_warn()
        if gig is None or self.shortlist is None:
            return
        from ..store.atomic import atomic_write_text
        from ..store.report import report_markdown

        text = report_markdown(gig.uid, self.shortlist.get(gig.uid), gig, self.config.money, lang=self.lang)
        safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in gig.uid)
        target = paths.data_dir() / "exports" / f"{safe}.md"
        try:
            atomic_write_text(target, text)
        except GigsError as exc:
            self.notify(str(exc), severity="error")
            return
        self.copy_to_clipboard(text)
        self.notify(t("shortlist.exported", self.lang, path=target), timeout=6)

    # -------------------------------------------------------------- detail
    def shortlist_section(self, gig: "Gig") -> Text | None:
        store = self.shortlist
        if store is None:
            return None
        entry = store.get(gig.uid)
        if entry is None:
            return None
        from ..store.checklist import CHECK_ITEMS, STATES, STATUSES

        out = Text()
        lang = self.lang
        out.append(t("shortlist.heading", lang), style="bold underline")
        out.append("\n")
        if entry.starred:
            out.append(t("shortlist.starred", lang), style="yellow")
        if entry.status:
            status_def = next((s for s in STATUSES if s.id == entry.status), None)
            label = status_def.label(lang) if status_def is not None else entry.status
            out.append(t("shortlist.status", lang, status=entry.status, label=label), style="bold")
            if entry.history:
                out.append(t("shortlist.since", lang, date=f"{entry.history[-1].at:%Y-%m-%d}"), style="dim")
        out.append("\n")
        if entry.checks:
            summary = store.checks_summary(gig.uid)
            out.append(t("shortlist.checklist", lang, summary=summary), style="bold")
            for item in CHECK_ITEMS:
                check = entry.checks.get(item.id)
                if check is None or check.state == "todo" and not check.note:
                    continue
                sdef = next(s for s in STATES if s.id == check.state)
                out.append(f"  {sdef.symbol} {item.label(self.lang)}: {sdef.label(self.lang)}")
                if check.note:
                    out.append(f" — {check.note}", style="italic")
                out.append("\n")
        if entry.note:
            out.append(t("shortlist.note", lang), style="bold")
            out.append(entry.note)
            out.append("\n")
        return out

    def shortlist_commands(self) -> Iterable[SystemCommand]:
        for msg_id, action in (
            ("cmd.star", self.action_star),
            ("cmd.set_status", self.action_set_status),
            ("cmd.checklist", self.action_open_checklist),
            ("cmd.edit_note", self.action_edit_note),
            ("cmd.export", self.action_export),
        ):
            yield SystemCommand(t(msg_id, self.lang), t(f"{msg_id}.help", self.lang), action)

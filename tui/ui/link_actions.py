"""``o`` open, ``y`` copy URL, ``Y`` copy as Markdown — safe over SSH.

Over SSH (``SSH_CONNECTION`` / ``SSH_TTY``) ``o`` never launches a browser on the remote
host: the URL goes to the local clipboard through OSC 52 (which terminals and tmux with
``set -g set-clipboard on`` forward) and is shown as an OSC 8 link. Locally the
``[ui] opener`` command (or the system's) opens it, its output kept off the screen.
"""

from __future__ import annotations

import os
import subprocess
import sys
from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text

from ..format import describe_rate, span_text
from ..i18n import language_of, t

if TYPE_CHECKING:
    from ..model import Gig


def over_ssh(env=os.environ) -> bool:
    return bool(env.get("SSH_CONNECTION") or env.get("SSH_TTY") or env.get("SSH_CLIENT"))


def gig_markdown(gig: "Gig", money, lang: str = "en") -> str:
    """The gig as a short Markdown block in ``lang``: title, rate, terms, URL."""
    lines = [f"### {gig.title}"]
    who = " / ".join(x for x in (gig.client, gig.agent) if x)
    if who:
        lines.append(t("md.client", lang, who=who))
    lines.append(t("md.rate", lang, rate=describe_rate(gig, money)))
    days = span_text(gig.days_per_week)
    if days:
        lines.append(t("md.days", lang, days=days))
    lines.append(t("md.terms", lang, remote=gig.remote, form=gig.contract_form))
    if gig.settlement_hours and not gig.settlement_hours.fixed:
        lines.append(t("md.settlement", lang, hours=span_text(gig.settlement_hours)))
    if gig.payment:
        lines.append(t("md.payment", lang, payment=gig.payment.raw))
    if gig.skills:
        lines.append(t("md.skills", lang, skills=", ".join(gig.skills)))
    if gig.url:
        lines.append(t("md.url", lang, url=gig.url))
    return "\n".join(lines) + "\n"


def open_locally(url: str, opener: str) -> None:
    """Launch the opener with its output discarded (it must never scribble on the TUI)."""
    if opener:
        import shlex

        cmd = [*shlex.split(opener), url]
    elif sys.platform == "darwin":
        cmd = ["open", url]
    elif sys.platform.startswith("win"):
        cmd = ["cmd", "/c", "start", "", url]
    else:
        cmd = ["xdg-open", url]
    subprocess.Popen(
        cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL, start_new_session=True,
    )


class LinkActions:
    """Mixed into GigsApp."""

    def _url_or_warn(self) -> str | None:
        gig = self.current_gig()
        url = gig.url if gig else None
        if not url:
            self.notify(t("link.no_url", language_of(self.config)), severity="warning", timeout=2)
        return url

    def action_open_url(self) -> None:
        url = self._url_or_warn()
        if not url:
            return
        opener = getattr(self.config.ui, "opener", "") or ""
        if over_ssh() and not opener:
            self.copy_to_clipboard(url)
            link = Text(t("link.sent_ssh", language_of(self.config)))
            link.append(url, style=Style(link=url, underline=True))
            self.notify(link, timeout=8)
            return
        try:
            open_locally(url, opener)
        except OSError as exc:
            self.copy_to_clipboard(url)
            self.notify(t("link.opener_failed", language_of(self.config), error=exc), severity="warning")
            return
        self.notify(t("link.opening", language_of(self.config), url=url), timeout=3)

    def action_copy_url(self) -> None:
        url = self._url_or_warn()
        if url:
            self.copy_to_clipboard(url)
            self.notify(t("link.copied", language_of(self.config)), timeout=2)

    def action_copy_markdown(self) -> None:
        gig = self.current_gig()
        if gig is None:
            return
        lang = language_of(self.config)
        self.copy_to_clipboard(gig_markdown(gig, self.config.money, lang))
        self.notify(t("link.copied_markdown", lang), timeout=2)

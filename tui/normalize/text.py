"""Untrusted text made safe to show: control sequences out, HTML to plain text.

Every string that reaches ``gigs`` from a source or a file goes through :func:`sanitize`
(or :func:`sanitize_line` for one-line fields) before it is stored in a ``Gig``. Markup
such as ``[bold]`` is ordinary text here and is kept literally; the UI must never
interpret it.
"""

from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser

# --- terminal escape sequences -------------------------------------------------------
# OSC (ESC ] ... BEL | ESC \ | ST), DCS/SOS/PM/APC (ESC P/X/^/_ ... ST), CSI, 8-bit forms,
# then any other two/three byte ESC sequence (ESC ( B, ESC c ...). An unterminated string
# sequence is removed up to the end of its line, as a terminal would swallow it.
_ESCAPES = re.compile(
    r"""
      (?:\x1b\]|\x9d)[^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)?       # OSC
    | (?:\x1b[PX^_]|[\x90\x98\x9e\x9f])[^\x1b\x9c\n]*(?:\x1b\\|\x9c)?  # DCS SOS PM APC
    | (?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?                           # CSI
    | \x1b[ -/]*[0-~]                                             # other ESC sequences
    """,
    re.VERBOSE,
)
# C0 (but \n and \t), DEL, C1, lone surrogates.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
# Bidi embeddings/overrides/isolates and marks, invisible spoofing characters
# (ZWSP, word joiner, BOM, Mongolian vowel separator). ZWJ/ZWNJ are kept: emoji
# sequences and some scripts need them.
_INVISIBLE = re.compile(r"[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u200b\u2060\ufeff\u180e]")

_NEEDS_WORK = re.compile(
    r"[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029"
    r"\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u200b\u2060\ufeff\u180e]"
)


def _to_str(text: object) -> str:
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    if isinstance(text, (bytes, bytearray)):
        return bytes(text).decode("utf-8", errors="replace")
    try:
        return str(text)
    except Exception:  # a hostile __str__
        return ""


def sanitize(text: object) -> str:
    """Make untrusted text safe to print: no escape sequences, controls or bidi tricks.

    ``None`` gives ``""``; other non-strings are turned into ``str``. Line ends become
    ``\\n`` (``\\r\\n`` and ``\\r`` included), tabs become spaces, whole ESC/CSI/OSC/DCS
    sequences are removed (not just their ESC byte), C0/C1 controls, bidi overrides and
    zero-width spoofing characters are dropped and the result is NFC-normalized.
    Idempotent: ``sanitize(sanitize(x)) == sanitize(x)``.
    """
    s = _to_str(text)
    if not s:
        return ""
    if not _NEEDS_WORK.search(s) and unicodedata.is_normalized("NFC", s):
        return s  # the common case: already clean (parsers re-sanitize their input)
    s = s.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    s = _ESCAPES.sub("", s)
    s = s.replace("\t", " ")
    s = _CONTROLS.sub("", s)
    s = _INVISIBLE.sub("", s)
    return unicodedata.normalize("NFC", s)


def sanitize_line(text: object) -> str:
    """:func:`sanitize`, then every run of whitespace (newlines too) becomes one space."""
    return " ".join(sanitize(text).split())


# --- HTML ----------------------------------------------------------------------------
_BLOCK = frozenset(
    "p div section article header footer main aside nav h1 h2 h3 h4 h5 h6 ul ol dl dt dd "
    "table thead tbody tfoot tr blockquote pre hr figure figcaption form fieldset address "
    "details summary caption".split()
)
_DROP = frozenset({"script", "style", "noscript", "template", "head", "title", "iframe", "svg"})
_CELL = frozenset({"td", "th"})
_HTMLISH = re.compile(
    r"<\s*(?:br\s*/?|/?\s*(?:p|div|li|ul|ol|h[1-6]|strong|em|b|i|a|span|table|tr|td)\b[^>]*)>",
    re.IGNORECASE,
)


class _TextParser(HTMLParser):
    """Collects text with line breaks at block boundaries."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.drop = 0
        self.pre = 0

    def _newline(self) -> None:
        self.parts.append("\n")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag = tag.lower()
        if tag in _DROP:
            self.drop += 1
        elif tag == "br":
            self._newline()
        elif tag == "li":
            self.parts.append("\n• ")
        elif tag in _BLOCK:
            self._newline()
            if tag == "pre":
                self.pre += 1
        elif tag in _CELL:
            self.parts.append(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag = tag.lower()
        if tag == "br" or tag in _BLOCK:
            self._newline()

    def handle_endtag(self, tag: str) -> None:
        tag = tag.lower()
        if tag in _DROP:
            self.drop = max(0, self.drop - 1)
        elif tag in _BLOCK:
            self._newline()
            if tag == "pre":
                self.pre = max(0, self.pre - 1)
        elif tag in _CELL:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if self.drop:
            return
        if self.pre:
            self.parts.append(data)
        else:
            # HTML whitespace collapses; a non-breaking space is an ordinary space here.
            self.parts.append(re.sub(r"[ \t\r\n\f]+", " ", data.replace("\xa0", " ")))


def _html_pass(html: str) -> str:
    parser = _TextParser()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # HTMLParser is lenient; this is belt and braces
        return re.sub(r"<[^>]*>", " ", html)
    return "".join(parser.parts)


def html_to_text(html: str) -> str:
    """Board HTML as plain text.

    Tags are stripped (``script``/``style`` content dropped), entities decoded, block
    elements and ``<br>`` become line breaks, list items become ``• `` bullets, runs of
    blank lines collapse to one and the result is :func:`sanitize`-d. Text that is
    still HTML after one pass (double-escaped feeds) is converted once more.
    """
    s = _to_str(html)
    if not s:
        return ""
    s = _html_pass(s)
    if _HTMLISH.search(s):
        s = _html_pass(s)
    s = sanitize(s).replace("\xa0", " ")
    lines = [" ".join(line.split()) for line in s.split("\n")]
    out: list[str] = []
    for line in lines:
        if line == "":
            if out and out[-1] not in ("", "•"):
                out.append("")
            continue
        if out and out[-1] == "•":
            # "<li><p>item</p></li>": the bullet and its text belong on one line.
            out[-1] = f"• {line}" if line != "•" else "•"
            continue
        if line.startswith("•") and len(out) > 1 and out[-1] == "" and out[-2].startswith("• "):
            out.pop()  # no blank line between two items of one list
        out.append(line)
    while out and out[-1] in ("", "•"):
        out.pop()
    return "\n".join(out)


def looks_like_html(text: str) -> bool:
    """True when ``text`` carries HTML tags (used for descriptions given without a flag)."""
    return bool(_HTMLISH.search(text or ""))

"""Untrusted text made safe (tui.normalize.text): escape sequences, controls, bidi
tricks and HTML. Markup such as ``[bold]`` must survive literally."""

from __future__ import annotations

import pytest

from tui.normalize.text import html_to_text, sanitize, sanitize_line

SANITIZE_CASES = [
    # OSC 52 clipboard write (BEL and ST terminated): the whole sequence goes.
    ("a\x1b]52;c;ZXZpbA==\x07b", "ab"),
    ("a\x1b]52;c;ZXZpbA==\x1b\\b", "ab"),
    # OSC 8 hyperlink: the link text stays, the sequences go.
    ("\x1b]8;;http://x\x1b\\click\x1b]8;;\x1b\\", "click"),
    # CSI colours and cursor moves.
    ("\x1b[31mred\x1b[0m", "red"),
    ("\x1b[1;32;48;5;17mX\x1b[2J\x1b[H", "X"),
    ("\x1b[?1049hscreen", "screen"),
    # 8-bit CSI and a DCS string.
    ("\x9b31mred", "red"),
    ("a\x1bPq#0;2;0;0;0\x1b\\b", "ab"),
    # Other ESC sequences (charset selection, reset).
    ("\x1b(Bplain\x1bc", "plain"),
    # C0 and C1 controls; DEL.
    ("a\x00b\x07c\x08d\x7fe", "abcde"),
    ("x\x85y\x8dz", "xyz"),
    # 8-bit OSC swallows its string, as a terminal would.
    ("a\x9d52;c;ZXZpbA==\x9cb", "ab"),
    # Bidi overrides and isolates, zero-width spoofing characters.
    ("invoice\u202egpj.exe", "invoicegpj.exe"),
    ("\u2066abc\u2069\u2067d\u2069", "abcd"),
    ("Py\u200bTorch\ufeff", "PyTorch"),
    # Line ends and tabs.
    ("a\r\nb\rc", "a\nb\nc"),
    ("a\tb", "a b"),
    ("keep\nnewlines", "keep\nnewlines"),
    # NFC.
    ("Cafe\u0301", "Café"),
    ("ハ\u309a", "パ"),
    # Markup is text: kept literally.
    ("[bold]red[/]", "[bold]red[/]"),
    ("[link=http://x]y[/link] [@click=quit]z", "[link=http://x]y[/link] [@click=quit]z"),
    # Non-strings.
    (None, ""),
    (42, "42"),
    (3.5, "3.5"),
    (b"caf\xc3\xa9", "café"),
]


@pytest.mark.parametrize("value,expected", SANITIZE_CASES)
def test_sanitize(value: object, expected: str) -> None:
    assert sanitize(value) == expected


def test_sanitize_leaves_no_escape_or_control() -> None:
    nasty = "\x1b]52;c;ZXZpbA==\x07\x1b[31m\x9b2J\x1b]0;title\x1b\\\u202e\x00\x85ok"
    out = sanitize(nasty)
    assert out == "ok"
    assert not any(ord(c) < 32 and c != "\n" or 0x7F <= ord(c) <= 0x9F for c in out)


def test_unterminated_osc_is_removed_to_end_of_line() -> None:
    assert sanitize("before\x1b]52;c;AAAA\nafter") == "before\nafter"


def test_sanitize_line_collapses_whitespace() -> None:
    assert sanitize_line("  Senior\n\n ML\u3000Engineer\t ") == "Senior ML Engineer"
    assert sanitize_line(None) == ""
    assert sanitize_line("\x1b[31m 80万円 \x1b[0m") == "80万円"


HTML_CASES = [
    ("<p>Hello &amp; welcome</p>", "Hello & welcome"),
    ("a&#x2F;b&nbsp;c", "a/b c"),
    ("line1<br>line2<br/>line3", "line1\nline2\nline3"),
    ("<ul><li>PyTorch</li><li>Python</li></ul>", "• PyTorch\n• Python"),
    ("<ol><li><p>one</p></li><li>two</li></ol>", "• one\n• two"),
    ("<p>a</p>\n\n\n<p>b</p><p></p><p></p><p>c</p>", "a\n\nb\n\nc"),
    ("<script>alert(1)</script>safe<style>p{color:red}</style>", "safe"),
    ("<h2>Role</h2><div>ML <b>engineer</b></div>", "Role\n\nML engineer"),
    ("<p>[bold]not markup[/bold]</p>", "[bold]not markup[/bold]"),
    ("<p>\x1b[31mred\x1b[0m</p>", "red"),
    ("&lt;p&gt;double &amp;amp; escaped&lt;/p&gt;", "double & escaped"),
    ("<table><tr><td>a</td><td>b</td></tr></table>", "a b"),
    ("plain text", "plain text"),
    ("", ""),
    ("<p>unclosed <b>bold", "unclosed bold"),
]


@pytest.mark.parametrize("html,expected", HTML_CASES)
def test_html_to_text(html: str, expected: str) -> None:
    assert html_to_text(html) == expected


def test_html_to_text_is_sanitized_and_idempotent() -> None:
    html = '<p>\u202eevil</p><a href="javascript:x">link</a>'
    text = html_to_text(html)
    assert text == "evil\nlink"
    assert sanitize(text) == text

"""The ``inbox`` source: agent proposal e-mails saved as files in a folder.

Japanese agents (and many others) send their offers by mail: one mail, one gig, the
rate, days and remote terms written in the body's prose. Save those mails into a folder
(``.eml`` from any mail client, or the text pasted into a ``.txt`` file) and this source
turns each file into one gig::

    [[sources]]
    name = "agents"
    type = "inbox"
    options = { folder = "~/Mail/agents", pattern = "*.eml, *.txt" }

What it reads from each file:

- ``title``       — the Subject line, without "Re:" / "Fwd:" / "転送:" prefixes;
- ``agent``       — the sender (From: display name, else the address);
- ``posted_at``   — the Date line;
- ``description`` — the body (the text part of a MIME mail, or its HTML part as
  ``description_html`` when it has no text part);
- ``id``          — the Message-ID, else the file's path relative to the folder, so
  uids (``agents:<id>``) stay put when the folder is re-read.

It does *not* parse the body: gigs' normalization finds 単価 / 稼働 / リモート / 精算幅 …
in the description the same way for every source. A ``.txt`` file may start with a
small header block (``Subject:`` / ``件名：``, ``From:`` / ``差出人：``, ``Date:`` / ``日付：``)
followed by a blank line; without one the whole file is the body and gigs takes the title
from it.

Nothing here touches the network, and nothing here imports Textual.
"""

from __future__ import annotations

import glob
import os
import re
from email import policy
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.utils import parseaddr, parsedate_to_datetime
from pathlib import Path
from typing import Any

from tui.errors import SourceError
from tui.sources.base import FetchContext, Record, Source, SourceSpec

#: Mails larger than this (attachments included) are skipped with a note.
MAX_MAIL_BYTES = 10 * 1024 * 1024
DEFAULT_PATTERNS = ("*.eml", "*.txt")

#: A file whose first line looks like an RFC 5322 header (or an mbox "From " line) is
#: read as a MIME mail; anything else as plain text.
_MAIL_START = re.compile(rb"^(?:From |[!-9;-~]+:)")
_REPLY_PREFIX = re.compile(r"^\s*(?:(?:re|fw|fwd|aw|wg|転送|返信)\s*(?:\[\d+\])?\s*[:：]\s*)+", re.IGNORECASE)
#: Header labels a plain-text mail may start with (English and Japanese mail clients).
_TEXT_HEADERS = {
    "subject": "subject", "件名": "subject", "タイトル": "subject",
    "from": "from", "差出人": "from", "送信者": "from", "送信元": "from",
    "date": "date", "日付": "date", "送信日時": "date", "日時": "date",
    "to": None, "cc": None, "宛先": None, "message-id": "message-id",
}
_TEXT_HEADER_LINE = re.compile(r"^\s*([A-Za-z-]+|[\u3040-\u30ff\u4e00-\u9fff]+)\s*[:：]\s*(.*)$")


class InboxSource(Source):
    """Agent proposal mails saved as ``.eml`` / ``.txt`` files in one folder."""

    type_name = "inbox"
    title = "Saved agent mails"
    network = False
    default_refresh_minutes = 0
    options = {
        "folder": "the folder holding the saved mails (required; ~ and $VARS are expanded)",
        "pattern": "file name glob(s) inside the folder, a list or comma-separated "
        "(default: *.eml, *.txt; use **/*.eml to include subfolders)",
    }

    def __init__(self, spec: SourceSpec) -> None:
        super().__init__(spec)  # rejects unknown options
        folder = spec.options.get("folder")
        if not isinstance(folder, str) or not folder.strip():
            raise SourceError(
                spec.name,
                "type 'inbox' needs option 'folder', the folder of saved mails "
                '(options = { folder = "~/Mail/agents" })',
            )
        if spec.path or spec.urls:
            raise SourceError(
                spec.name,
                "type 'inbox' reads the folder given in option 'folder'; remove 'path'/'urls'",
            )
        self.patterns = parse_patterns(spec.name, spec.options.get("pattern"))

    @property
    def folder(self) -> Path:
        """The configured folder, with ``~`` and environment variables expanded."""
        raw = str(self.spec.options["folder"]).strip()
        return Path(os.path.expandvars(os.path.expanduser(raw)))

    def files(self) -> list[Path]:
        """The mail files the patterns match, sorted (gigs' cache watches their mtimes)."""
        root = glob.escape(str(self.folder))
        found: set[Path] = set()
        for pattern in self.patterns:
            for name in glob.glob(os.path.join(root, pattern), recursive=True):
                path = Path(name)
                if path.is_file():
                    found.add(path)
        return sorted(found)

    async def fetch(self, ctx: FetchContext) -> list[Record]:
        folder = self.folder
        if not folder.exists():
            raise SourceError(self.name, f"{folder}: folder not found")
        if not folder.is_dir():
            raise SourceError(self.name, f"{folder}: not a folder (option 'folder')")
        files = self.files()
        if not files:
            ctx.progress(f"no mails matching {', '.join(self.patterns)} in {folder}")
            return []
        records: list[Record] = []
        problems: list[str] = []
        for path in files:
            try:
                record = read_mail(path, folder)
            except SourceError as exc:
                problems.append(exc.problem)
                continue
            if record is None:
                ctx.progress(f"{path.name}: empty file, skipped")
                continue
            records.append(record)
        ctx.progress(f"{len(records)} mails read from {folder}")
        if problems and not records:
            more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
            raise SourceError(self.name, "; ".join(problems[:3]) + more)
        for problem in problems:
            ctx.progress(problem)
        return records

    def describe(self) -> str:
        return f"{self.spec.options.get('folder', '')} ({', '.join(self.patterns)})"


def parse_patterns(source: str, value: object) -> tuple[str, ...]:
    """The ``pattern`` option as a tuple of relative globs; SourceError if unusable."""
    if value is None:
        return DEFAULT_PATTERNS
    if isinstance(value, str):
        items: list[object] = value.split(",")
    elif isinstance(value, list):
        items = list(value)
    else:
        raise SourceError(source, "option 'pattern' must be a glob or a list of globs")
    patterns: list[str] = []
    for item in items:
        if not isinstance(item, str):
            raise SourceError(source, f"option 'pattern': {item!r} is not a text glob")
        item = item.strip()
        if not item:
            continue
        if os.path.isabs(item) or ".." in Path(item).parts:
            raise SourceError(
                source, f"option 'pattern': {item!r} must stay inside the folder (put the folder in 'folder')"
            )
        patterns.append(item)
    if not patterns:
        raise SourceError(source, "option 'pattern' is empty (default: *.eml, *.txt)")
    return tuple(patterns)


def read_mail(path: Path, root: Path | None = None) -> Record | None:
    """One saved mail as a record; None for an empty file; SourceError names the file."""
    try:
        size = path.stat().st_size
        if size > MAX_MAIL_BYTES:
            raise SourceError("inbox", f"{path}: too large for a mail ({size:,} bytes), skipped")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SourceError("inbox", f"{path}: file not found") from None
    except OSError as exc:
        raise SourceError("inbox", f"{path}: cannot read ({exc.strerror or exc})") from None
    if not raw.strip():
        return None
    record = parse_mail(raw)
    if "id" not in record:
        try:
            record["id"] = path.relative_to(root).as_posix() if root else path.name
        except ValueError:
            record["id"] = path.name
    return record


def parse_mail(raw: bytes) -> Record:
    """A record from the bytes of one mail (MIME or plain text). Never raises."""
    if _MAIL_START.match(raw.lstrip(b"\r\n")):
        try:
            record = _from_mime(raw)
        except Exception:  # a malformed mail is still text worth keeping
            record = None
        if record is not None:
            return record
    return _from_text(decode_text(raw))


def decode_text(raw: bytes) -> str:
    """Bytes of a saved text to str: UTF-8, ISO-2022-JP, Shift_JIS (cp932), else lossy."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    for encoding in (("iso-2022-jp",) if b"\x1b$" in raw else ()) + ("cp932",):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", errors="replace")


# --- MIME mails ------------------------------------------------------------------------
def _from_mime(raw: bytes) -> Record | None:
    msg = BytesParser(policy=policy.default).parsebytes(raw.lstrip(b"\r\n"))
    headers = {key: _header(msg, key) for key in ("subject", "from", "date", "message-id")}
    if not any(headers.values()):
        return None  # "Note: ..." on the first line of a plain text, not a mail
    record = _header_fields(headers)
    body = _body_part(msg)
    if body is not None:
        text = _part_text(body).replace("\r\n", "\n").replace("\r", "\n").strip()
        if text:
            key = "description_html" if body.get_content_type() == "text/html" else "description"
            record[key] = text
    return record


def _header(msg: Message, key: str) -> str | None:
    try:
        value = msg.get(key)
    except Exception:  # an undecodable header is dropped, not fatal
        return None
    text = " ".join(str(value).split()) if value is not None else ""
    return text or None


def _body_part(msg: Message) -> Message | None:
    if isinstance(msg, EmailMessage):
        try:
            part = msg.get_body(preferencelist=("plain", "html"))
        except Exception:
            part = None
        if part is not None:
            return part
    if not msg.is_multipart() and msg.get_content_maintype() == "text":
        return msg
    return None


def _part_text(part: Message) -> str:
    """The decoded text of a MIME part; a missing or lying charset is guessed, never fatal."""
    try:
        payload = part.get_payload(decode=True)  # bytes, transfer encoding undone
    except Exception:
        payload = None
    if not isinstance(payload, bytes):
        value = part.get_payload()
        return value if isinstance(value, str) else ""
    charset = (part.get_content_charset() or "").lower()
    if charset and charset not in ("us-ascii", "ascii"):
        try:
            return payload.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    text = decode_text(payload)
    if "\ufffd" in text and charset:
        try:  # e.g. iso-2022-jp with vendor characters: keep what the label can read
            return payload.decode(charset, errors="replace")
        except LookupError:
            pass
    return text


# --- plain-text mails ------------------------------------------------------------------
def _from_text(text: str) -> Record:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    headers: dict[str, str | None] = {}
    consumed = 0
    for i, line in enumerate(lines):
        if not line.strip():
            consumed = i + 1 if headers else 0
            break
        match = _TEXT_HEADER_LINE.match(line)
        label = match.group(1).lower() if match else None
        if label not in _TEXT_HEADERS:
            break  # not a header block: the whole text is the body
        if _TEXT_HEADERS[label]:
            headers[_TEXT_HEADERS[label]] = match.group(2).strip() or None
    else:
        consumed = len(lines) if headers else 0
    if consumed == 0:
        headers = {}
    record = _header_fields(headers)
    body = "\n".join(lines[consumed:]).strip()
    if body:
        record["description"] = body
    return record


# --- shared ----------------------------------------------------------------------------
def _header_fields(headers: dict[str, Any]) -> Record:
    """Record fields from the decoded Subject / From / Date / Message-ID texts."""
    record: Record = {}
    subject = headers.get("subject")
    if subject:
        title = _REPLY_PREFIX.sub("", subject).strip()
        if title:
            record["title"] = title
    sender = headers.get("from")
    if sender:
        name, address = parseaddr(sender)
        record["agent"] = name.strip() or address.strip() or sender
    date = headers.get("date")
    if date:
        record["posted_at"] = _date(date)
    message_id = headers.get("message-id")
    if message_id:
        ident = message_id.strip().strip("<>").strip()
        if ident:
            record["id"] = ident
    return record


def _date(text: str) -> str:
    """An RFC 5322 date as ISO 8601; other texts are passed on for gigs to read."""
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return text
    if when is None:
        return text
    return when.isoformat()

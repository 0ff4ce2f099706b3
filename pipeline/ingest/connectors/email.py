"""E-mail as ``.eml`` files and mbox mailboxes.

The body is the plain-text part, or the HTML part turned into clean text (no
markup, scripts or styles). Attachments are counted, never parsed. A quoted
reply chain stays in the text, marked with ``is_quoted_reply`` and the offset
where the quote starts (``extra.quote_start``), so later stages can leave it out.
"""

from __future__ import annotations

import hashlib
import json
import mailbox
import re
from collections.abc import Iterator
from datetime import datetime
from email import message_from_bytes
from email.errors import HeaderParseError
from email.header import decode_header, make_header
from email.message import Message
from email.utils import parseaddr, parsedate_to_datetime
from html.parser import HTMLParser
from typing import Any
from zoneinfo import ZoneInfo

from pipeline.ingest.connectors import CONNECTORS
from pipeline.ingest.context import FileInfo, IngestContext
from pipeline.ingest.textio import NotTextError, check_text, decode_cp1252

_LOCAL = ZoneInfo("Europe/Stockholm")
_HEADER_LINE = re.compile(rb"^[A-Za-z][A-Za-z0-9-]{1,60}:", re.MULTILINE)
_QUOTE_MARKERS = re.compile(
    r"^(?:>.*"
    r"|(?:On|Den|Le|Am) .{4,200}(?:wrote|skrev|a écrit|schrieb)\b.{0,200}:\s*"
    r"|.{0,120}\b(?:skrev|wrote)\s*:\s*"
    r"|-{2,}\s*(?:Original Message|Ursprungligt meddelande|Originalmeddelande|Forwarded message|"
    r"Vidarebefordrat meddelande)\s*-{2,}.*"
    r"|(?:Från|From):\s.+\n(?:.*\n)?\s*(?:Skickat|Sent|Datum|Date):\s.+)$",
    re.MULTILINE | re.IGNORECASE,
)
_BLOCK_TAGS = frozenset(
    "p div br li tr h1 h2 h3 h4 h5 h6 blockquote pre table ul ol section article header footer hr".split()
)


class _TextExtractor(HTMLParser):
    """Collects an HTML document's text: no tags, scripts, styles or comments."""

    _SKIP = frozenset({"script", "style", "head", "noscript", "template", "iframe", "object", "svg", "title"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skipping += 1
        elif tag == "blockquote":
            self.parts.append("\n> ")
        elif tag in ("br", "hr"):
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """Turn an HTML mail body into clean text: no tags, scripts, styles or comments."""
    parser = _TextExtractor()
    try:
        parser.feed(html)
        parser.close()
    except (AssertionError, ValueError):
        pass  # malformed markup: keep the text read so far
    return tidy_lines("".join(parser.parts))


def tidy_lines(text: str) -> str:
    """Fold spaces within lines and runs of blank lines into one."""
    lines = [" ".join(line.split()) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def _decode_payload(part: Message) -> str:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return str(payload or "")
    charset = part.get_content_charset() or "utf-8"
    for codec in (charset, "utf-8"):
        try:
            return payload.decode(codec)
        except (LookupError, UnicodeDecodeError):
            continue
    return decode_cp1252(payload)


def _leaves(msg: Message) -> Iterator[Message]:
    """The message's non-multipart parts, not descending into attached messages."""
    if msg.is_multipart() and msg.get_content_maintype() != "message":
        for part in msg.get_payload():
            if isinstance(part, Message):
                yield from _leaves(part)
    else:
        yield msg


def _body_and_attachments(msg: Message) -> tuple[str, int]:
    plain = html = None
    attachments = 0
    for part in _leaves(msg):
        disposition = (part.get("Content-Disposition") or "").split(";")[0].strip().lower()
        ctype = part.get_content_type()
        if disposition == "attachment" or part.get_filename() or ctype not in ("text/plain", "text/html"):
            attachments += 0 if ctype.startswith("multipart/") else 1
        elif ctype == "text/plain" and plain is None:
            plain = tidy_lines(_decode_payload(part))
        elif ctype == "text/html" and html is None:
            html = _decode_payload(part)
    if plain:
        return plain, attachments
    return (html_to_text(html) if html else ""), attachments


def _header(msg: Message, name: str) -> str | None:
    value = msg.get(name)
    if value is None:
        return None
    try:
        text = str(make_header(decode_header(str(value))))
    except (LookupError, UnicodeError, ValueError, HeaderParseError):
        text = str(value)
    return " ".join(text.split()) or None


def _received(msg: Message) -> datetime | None:
    raw = _header(msg, "Date")
    if not raw:
        return None
    try:
        when = parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is not None:
        when = when.astimezone(_LOCAL).replace(tzinfo=None)
    return when


def _msgid(value: str | None) -> str | None:
    if not value:
        return None
    found = re.findall(r"<([^<>]+)>", value)
    token = found[0] if found else value.split()[0] if value.split() else ""
    return token.strip().lower() or None


def quote_start(text: str) -> int | None:
    """Return the offset where a quoted reply or forwarded chain starts, or None."""
    match = _QUOTE_MARKERS.search(text)
    return match.start() if match else None


def message_record(data: bytes, source: str, position: str) -> dict[str, Any]:
    """Parse one message's bytes into a staging record.

    Raises:
        NotTextError: the bytes are not an e-mail message.
    """
    if not _HEADER_LINE.search(data[:4096]):
        raise NotTextError("saknar e-posthuvud (From, Subject, Date …)")
    # compat32 parsing is several times faster than policy.default's header objects;
    # the few headers used are decoded by hand.
    msg = message_from_bytes(data)
    if not any(msg.get(h) for h in ("From", "Subject", "Date", "Message-ID", "To")):
        raise NotTextError("saknar e-posthuvud (From, Subject, Date …)")
    subject = _header(msg, "Subject") or ""
    body, attachments = _body_and_attachments(msg)
    check_text(body[:20000])
    if not body:
        body = subject
    name, address = parseaddr(_header(msg, "From") or "")
    msgid = _msgid(_header(msg, "Message-ID"))
    if msgid is None:
        fallback = f"{_header(msg, 'From')}\x1f{_header(msg, 'Date')}\x1f{subject}\x1f{body}"
        msgid = "sha256:" + hashlib.sha256(fallback.encode("utf-8", "replace")).hexdigest()[:32]
    parent = _msgid(_header(msg, "In-Reply-To")) or _msgid((_header(msg, "References") or "").split(" ")[0])
    start = quote_start(body)
    extra: dict[str, Any] = {"subject": subject} if subject else {}
    if start is not None:
        extra["quote_start"] = start
    return {
        "channel": "email",
        "source": source,
        "source_ref": msgid if position == "fil" else f"{position}: {msgid}",
        "source_key": f"email:{msgid}",
        "received_at": _received(msg),
        "text": body,
        "contact_name": name or None,
        "contact_email": address.lower() or None,
        "parent_ref": f"email:{parent}" if parent else None,
        "is_quoted_reply": start is not None,
        "attachments": attachments,
        "extra": json.dumps(extra, ensure_ascii=False) if extra else None,
    }


def eml_record_or_reason(data: bytes, name: str) -> dict[str, Any] | str:
    """Parse one ``.eml`` file's bytes into its staging record, or return why it is rejected."""
    if not data.strip():
        return "filen är tom"
    try:
        return message_record(data, name, "fil")
    except NotTextError as exc:
        return f"inte ett läsbart e-postmeddelande: {exc}"
    except Exception as exc:  # noqa: BLE001 - a broken message must never stop the batch
        return f"meddelandet kunde inte tolkas ({type(exc).__name__})"


@CONNECTORS.register("email.eml.v1")
def email_eml(ctx: IngestContext, info: FileInfo) -> None:
    """One e-mail message per ``.eml`` file."""
    result = eml_record_or_reason(info.read_bytes(), info.name)
    if isinstance(result, str):
        ctx.reject(info, "fil", result)
    else:
        ctx.add_record(result)


@CONNECTORS.register("email.mbox.v1")
def email_mbox(ctx: IngestContext, info: FileInfo) -> None:
    """Every message of an mbox mailbox; a broken message is rejected alone."""
    box = mailbox.mbox(info.path, create=False)
    count = 0
    try:
        for number, key in enumerate(box.iterkeys(), 1):
            count += 1
            data = box.get_bytes(key)
            try:
                ctx.add_record(message_record(data, info.name, f"meddelande {number}"))
            except Exception as exc:  # noqa: BLE001 - one broken message must not stop the mailbox
                why = str(exc) if isinstance(exc, NotTextError) else f"tolkningsfel ({type(exc).__name__})"
                ctx.reject(info, f"meddelande {number}", f"inte ett läsbart e-postmeddelande: {why}", data=data)
    finally:
        box.close()
    if count == 0:
        ctx.reject(info, "fil", "brevlådan (mbox) innehåller inga meddelanden")

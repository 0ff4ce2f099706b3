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
from datetime import datetime
from email import policy
from email.message import EmailMessage, MIMEPart
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime
from typing import Any
from zoneinfo import ZoneInfo

from pipeline.ingest.connectors import CONNECTORS
from pipeline.ingest.context import FileInfo, IngestContext
from pipeline.ingest.textio import NotTextError, check_text, decode_cp1252

_LOCAL = ZoneInfo("Europe/Stockholm")
_PARSER = BytesParser(policy=policy.default)
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
_BLOCK_TAGS = (
    "p",
    "div",
    "br",
    "li",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "table",
    "ul",
    "ol",
    "section",
    "article",
    "header",
    "footer",
    "hr",
)


def html_to_text(html: str) -> str:
    """Turn an HTML mail body into clean text: no tags, scripts, styles or comments."""
    from bs4 import BeautifulSoup, Comment

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "head", "noscript", "template", "iframe", "object", "svg"]):
        tag.decompose()
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for tag in soup.find_all("blockquote"):
        tag.insert_before("\n> ")
    for tag in soup.find_all(_BLOCK_TAGS):
        tag.insert_after("\n")
    return tidy_lines(soup.get_text())


def tidy_lines(text: str) -> str:
    """Fold spaces within lines and runs of blank lines into one."""
    lines = [" ".join(line.split()) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def _part_text(part: MIMEPart) -> str:
    try:
        content = part.get_content()
    except (LookupError, UnicodeError, AssertionError):
        payload = part.get_payload(decode=True) or b""
        content = decode_cp1252(payload) if isinstance(payload, bytes) else str(payload)
    if isinstance(content, bytes):
        content = decode_cp1252(content)
    return str(content)


def _body(msg: EmailMessage) -> str:
    plain = html = None
    try:
        plain = msg.get_body(preferencelist=("plain",))
        html = msg.get_body(preferencelist=("html",))
    except (KeyError, AttributeError):
        pass
    if plain is not None:
        text = tidy_lines(_part_text(plain))
        if text:
            return text
    if html is not None:
        return html_to_text(_part_text(html))
    if not msg.is_multipart() and msg.get_content_maintype() == "text":
        return tidy_lines(_part_text(msg))
    return ""


def _attachments(msg: EmailMessage) -> int:
    count = 0
    for part in msg.walk():
        if part.is_multipart():
            continue
        disposition = part.get_content_disposition()
        if disposition == "attachment" or (part.get_filename() and disposition != "inline"):
            count += 1
        elif disposition == "inline" and part.get_content_maintype() not in ("text",):
            count += 1
    return count


def _header(msg: EmailMessage, name: str) -> str | None:
    try:
        value = msg.get(name)
    except Exception:  # noqa: BLE001 - malformed headers raise from the policy's parser
        return None
    return str(value).strip() if value is not None else None


def _received(msg: EmailMessage) -> datetime | None:
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
    msg = _PARSER.parsebytes(data)
    if not any(_header(msg, h) for h in ("From", "Subject", "Date", "Message-ID", "To")):
        raise NotTextError("saknar e-posthuvud (From, Subject, Date …)")
    subject = _header(msg, "Subject") or ""
    body = _body(msg)
    check_text(body[:20000])
    if not body:
        body = subject
    name, address = (getaddresses([_header(msg, "From") or ""]) or [("", "")])[0]
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
        "attachments": _attachments(msg),
        "extra": json.dumps(extra, ensure_ascii=False) if extra else None,
    }


@CONNECTORS.register("email.eml.v1")
def email_eml(ctx: IngestContext, info: FileInfo) -> None:
    """One e-mail message per ``.eml`` file."""
    data = info.path.read_bytes()
    if not data.strip():
        ctx.reject(info, "fil", "filen är tom")
        return
    try:
        ctx.add_record(message_record(data, info.name, "fil"))
    except NotTextError as exc:
        ctx.reject(info, "fil", f"inte ett läsbart e-postmeddelande: {exc}")


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

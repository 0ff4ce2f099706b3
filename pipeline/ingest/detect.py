"""Choosing a connector for a file: extension first, then a look at the content."""

from __future__ import annotations

import re
import zipfile

from pipeline.errors import InputError
from pipeline.ingest.context import FileInfo
from pipeline.schema import CHANNELS

_KINDS = {
    ".csv": "csv",
    ".tsv": "csv",
    ".tab": "csv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".eml": "eml",
    ".mbox": "mbox",
    ".mbx": "mbox",
    ".json": "json",
    ".jsonl": "json",
    ".ndjson": "json",
    ".geojson": "geojson",
    ".docx": "docx",
    ".md": "md",
    ".markdown": "md",
    ".txt": "txt",
}
_UNSUPPORTED = {
    ".xls": "gammalt Excel-format (.xls) stöds inte; spara filen som .xlsx eller CSV",
    ".doc": "gammalt Word-format (.doc) stöds inte; spara filen som .docx",
    ".msg": "Outlook-format (.msg) stöds inte; spara meddelandet som .eml",
    ".pdf": "PDF stöds inte; exportera texten som .txt eller .docx",
}
_HEADER = re.compile(rb"^[A-Za-z][A-Za-z0-9-]{0,60}:")
_MAIL_HEADERS = re.compile(rb"^(from|to|subject|date|message-id|received|return-path|mime-version):", re.I | re.M)


class UnknownFormat(ValueError):
    """No connector fits the file; the message says why (in Swedish, for the reject)."""


def _head(info: FileInfo) -> bytes:
    return info.head(8192)


def _looks_like_mail(head: bytes) -> bool:
    """A header block (every line ``Name: value`` up to the first blank line) with From and one more."""
    block = head[:4096].replace(b"\r\n", b"\n").split(b"\n\n", 1)[0]
    lines = [line for line in block.split(b"\n") if line and not line[:1].isspace()]
    if not lines or not all(_HEADER.match(line) for line in lines):
        return False
    known = [line for line in lines if _MAIL_HEADERS.match(line)]
    return len(known) >= 2 and any(line.lower().startswith(b"from:") for line in known)


def _zip_kind(info: FileInfo) -> str | None:
    try:
        with zipfile.ZipFile(info.path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError):
        return None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return None


def file_kind(info: FileInfo) -> str:
    """Return the file's format kind (csv, xlsx, eml, mbox, json, geojson, docx, md, txt).

    Raises:
        UnknownFormat: the format is unsupported or unrecognisable.
    """
    if info.suffix in _UNSUPPORTED:
        raise UnknownFormat(_UNSUPPORTED[info.suffix])
    head = _head(info)
    kind = _KINDS.get(info.suffix)
    if kind == "json" and (b'"FeatureCollection"' in head or b'"Feature"' in head):
        return "geojson"
    if kind == "txt":
        if head.startswith(b"From "):
            return "mbox"
        if _looks_like_mail(head):
            return "eml"
    if kind is not None:
        return kind
    if head.startswith(b"PK\x03\x04"):
        found = _zip_kind(info)
        if found:
            return found
    if head.startswith(b"From ") and _looks_like_mail(head.split(b"\n", 1)[-1]):
        return "mbox"
    if _looks_like_mail(head):
        return "eml"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped[:1] in (b"{", b"["):
        return "geojson" if b'"FeatureCollection"' in head else "json"
    raise UnknownFormat(
        f"okänt filformat ({info.suffix or 'ingen filändelse'}); ange --channel om det är en känd kanal"
    )


def connector_name(info: FileInfo, channel: str | None = None) -> str:
    """Return the registered connector name for ``info``, honouring a ``--channel`` override."""
    if channel and "." in channel:
        return channel
    kind = file_kind(info) if channel is None else _safe_kind(info)
    if channel is None:
        return _default_connector(info, kind)
    return _channel_connector(channel, kind)


def _safe_kind(info: FileInfo) -> str:
    try:
        return file_kind(info)
    except UnknownFormat:
        return "txt"


def _default_connector(info: FileInfo, kind: str) -> str:
    if kind == "csv":
        from pipeline.ingest.connectors.tabular import csv_is_sms

        return "sms.csv.v1" if csv_is_sms(info) else "survey.csv.v1"
    return {
        "xlsx": "survey.xlsx.v1",
        "eml": "email.eml.v1",
        "mbox": "email.mbox.v1",
        "json": "webform.json.v1",
        "geojson": "map.geojson.v1",
        "docx": "meeting.docx.v1",
        "md": "meeting.md.v1",
        "txt": "meeting.txt.v1",
    }[kind]


def _channel_connector(channel: str, kind: str) -> str:
    if channel in ("survey", "sms"):
        return f"{channel}.xlsx.v1" if kind == "xlsx" else f"{channel}.csv.v1"
    if channel == "email":
        return "email.mbox.v1" if kind == "mbox" else "email.eml.v1"
    if channel == "meeting":
        return {"docx": "meeting.docx.v1", "md": "meeting.md.v1"}.get(kind, "meeting.txt.v1")
    return {"webform": "webform.json.v1", "map": "map.geojson.v1"}[channel]


def check_channel(channel: str | None, known_connectors: list[str]) -> None:
    """Raise ``InputError`` unless ``channel`` is None, a channel or a connector name."""
    if channel is None or channel in CHANNELS or channel in known_connectors:
        return
    raise InputError(
        f"okänd kanal {channel!r}; använd en av {', '.join(CHANNELS)} eller ett inläsarnamn som {known_connectors[0]}"
    )

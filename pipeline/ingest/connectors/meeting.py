"""Meeting notes (.docx, .md, .txt): each bullet or paragraph of content is one submission.

Headings, dates and header lines (Datum:, Plats:, Närvarande: …) are not
submissions; the heading above a point is kept as its section. Every point is
linked to its meeting through ``parent_ref``; the meeting is named by its
title and date, so a renamed or re-exported file maps to the same meeting.
"""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pipeline.ingest.connectors import CONNECTORS
from pipeline.ingest.connectors.records import KeyCounter
from pipeline.ingest.context import FileInfo, IngestContext
from pipeline.ingest.textio import NotTextError, check_text, decode_bytes

_META = re.compile(
    r"^\s*(datum|date|tid|tidpunkt|plats|lokal|location|place|närvarande|deltagare|attendees|present|"
    r"frånvarande|antecknat av|antecknare|sekreterare|ordförande|mötesledare|protokollförare|justerare|"
    r"dagordning|agenda|time|minutes by|facilitator)\s*[:：]",
    re.IGNORECASE,
)
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})|(\d{1,2})[./](\d{1,2})[./](\d{4})")
_ONLY_DATE = re.compile(r"^[\W\d_]*\d{4}-\d{2}-\d{2}[\W\d_]*$|^[\W_]*\d{1,2}[./]\d{1,2}[./]\d{4}[\W\d_]*$")
_BULLET = re.compile(r"^\s*(?:[-*•–·▪◦]|\d{1,3}[.)])\s+")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")


@dataclass
class Block:
    """One unit of a meeting document."""

    kind: str  # heading | bullet | paragraph | meta
    text: str


def _classify_line(line: str) -> str:
    stripped = line.strip()
    if _META.match(stripped) or _ONLY_DATE.match(stripped):
        return "meta"
    if _MD_HEADING.match(line):
        return "heading"
    if _BULLET.match(line):
        return "bullet"
    return "text"


def _looks_like_heading(text: str, *, first: bool = False) -> bool:
    """A short line without sentence punctuation: ``Trafik``, ``ÖVRIGT``, ``Frågor:``.

    Four words or more without a full stop are still content ("Mer belysning i parken"),
    except for the document's first line, its title.
    """
    words = text.split()
    if not words or len(text) > 80 or text[-1:] in '.!?"”»)':
        return False
    if re.fullmatch(r"(\*\*|__).+\1", text):
        return True
    return text.endswith(":") or text.isupper() or len(words) <= (8 if first else 3)


def _heading_text(text: str) -> str:
    return text.strip("*_ ").rstrip(":").strip()


def text_blocks(text: str) -> list[Block]:
    """Split Markdown or plain text notes into headings, bullets, paragraphs and meta lines."""
    blocks: list[Block] = []
    para: list[str] = []

    def close() -> None:
        if len(para) > 1 and _looks_like_heading(para[0], first=not blocks) and len(para[0].split()) <= 5:
            blocks.append(Block("heading", _heading_text(para.pop(0))))  # heading right above its text
        if para:
            joined = " ".join(para)
            kind = "heading" if len(para) == 1 and _looks_like_heading(joined, first=not blocks) else "paragraph"
            blocks.append(Block(kind, _heading_text(joined) if kind == "heading" else joined))
            para.clear()

    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for line in lines:
        kind = _classify_line(line)
        if kind == "text" and re.fullmatch(r"\s*(=+|-{3,}|\*{3,}|_{3,})\s*", line):
            if para and set(line.strip()) == {"="}:
                blocks.append(Block("heading", " ".join(para)))
                para.clear()
            close()
            continue
        if (
            kind == "text"
            and line.strip()
            and blocks
            and blocks[-1].kind == "bullet"
            and not para
            and line[:1].isspace()
        ):
            blocks[-1].text += " " + line.strip()
            continue
        if kind != "text" or not line.strip():
            close()
        if kind == "heading":
            blocks.append(Block("heading", _MD_HEADING.sub("", line).strip().strip("#").strip()))
        elif kind == "bullet":
            blocks.append(Block("bullet", _BULLET.sub("", line).strip()))
        elif kind == "meta":
            blocks.append(Block("meta", line.strip()))
        elif line.strip():
            para.append(line.strip())
    close()
    return [b for b in blocks if b.text]


def docx_blocks(path: Path) -> list[Block]:
    """Read a .docx into blocks by paragraph style (Heading/Rubrik, List) and numbering."""
    import docx

    document = docx.Document(str(path))
    paragraphs = list(document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs.extend(cell.paragraphs)
    blocks = []
    for para in paragraphs:
        text = para.text.strip()
        if not text:
            continue
        style = (para.style.name if para.style is not None else "").lower()
        numbered = para._p.pPr is not None and para._p.pPr.numPr is not None
        if _META.match(text) or _ONLY_DATE.match(text):
            blocks.append(Block("meta", text))
        elif style.startswith(("heading", "rubrik", "title")) or _bold_line(para, text):
            blocks.append(Block("heading", text.rstrip(":")))
        elif "list" in style or "lista" in style or numbered or _BULLET.match(text):
            blocks.append(Block("bullet", _BULLET.sub("", text)))
        else:
            blocks.append(Block("paragraph", text))
    return blocks


def _bold_line(para: object, text: str) -> bool:
    """A short paragraph written all in bold: a heading typed without a heading style."""
    runs = [r for r in getattr(para, "runs", []) if r.text.strip()]
    return bool(runs) and all(r.bold for r in runs) and len(text.split()) <= 8 and text[-1:] not in ".!?"


def _meeting_date(blocks: list[Block]) -> datetime | None:
    for block in blocks:
        if block.kind in ("meta", "heading"):
            match = _DATE.search(block.text)
            if match:
                try:
                    if match.group(1):
                        return datetime(int(match.group(1)), int(match.group(2)), int(match.group(3)))
                    return datetime(int(match.group(6)), int(match.group(5)), int(match.group(4)))
                except ValueError:
                    continue
    return None


def _stage_blocks(ctx: IngestContext, info: FileInfo, blocks: list[Block]) -> None:
    headings = [b.text for b in blocks if b.kind == "heading"]
    when = _meeting_date(blocks)
    title = headings[0] if headings else info.path.stem
    ident = f"{' '.join(title.lower().split())}|{when.date().isoformat() if when else ''}"
    meeting = "meeting:" + hashlib.sha256(ident.encode()).hexdigest()[:16]
    counter = KeyCounter()
    section: str | None = None
    number = 0
    for block in blocks:
        if block.kind == "heading":
            section = block.text
            continue
        if block.kind == "meta":
            continue
        number += 1
        extra = {"meeting_title": title, "section": section, "kind": block.kind}
        ctx.add_record(
            {
                "channel": "meeting",
                "source": info.name,
                "source_ref": f"punkt {number}",
                "source_key": f"{meeting}:{counter.occurrence('', block.text)}",
                "received_at": when,
                "text": block.text,
                "parent_ref": meeting,
                "extra": json.dumps(extra, ensure_ascii=False),
            }
        )
    if number == 0:
        ctx.reject(info, "fil", "anteckningarna innehåller inga punkter eller stycken, bara rubriker")


def _plain(ctx: IngestContext, info: FileInfo) -> None:
    data = info.read_bytes()
    text = decode_bytes(data)
    if not text.strip():
        ctx.reject(info, "fil", "filen är tom")
        return
    try:
        check_text(text[:50_000])
    except NotTextError as exc:
        ctx.reject(info, "fil", f"inte en textfil: {exc}")
        return
    _stage_blocks(ctx, info, text_blocks(text))


@CONNECTORS.register("meeting.md.v1")
def meeting_md(ctx: IngestContext, info: FileInfo) -> None:
    """Meeting notes in Markdown."""
    _plain(ctx, info)


@CONNECTORS.register("meeting.txt.v1")
def meeting_txt(ctx: IngestContext, info: FileInfo) -> None:
    """Meeting notes as plain text (any of the usual encodings)."""
    _plain(ctx, info)


@CONNECTORS.register("meeting.docx.v1")
def meeting_docx(ctx: IngestContext, info: FileInfo) -> None:
    """Meeting notes as a Word document."""
    from docx.opc.exceptions import PackageNotFoundError

    try:
        blocks = docx_blocks(info.path)
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, OSError) as exc:
        ctx.reject(info, "fil", f"Word-filen är trasig, avkortad eller inte en .docx ({type(exc).__name__})")
        return
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds on corrupt parts
        ctx.reject(info, "fil", f"Word-filen kunde inte läsas ({type(exc).__name__})")
        return
    _stage_blocks(ctx, info, blocks)

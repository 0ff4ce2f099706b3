"""Search a whole store and every export for an erased person's words (tests only; imported by name)."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pipeline.summaries.text import split_sentences

FORMATS = ("html", "json", "xlsx", "docx", "pdf")
DIGITS = "digits:"


def flat(text: str) -> str:
    """Whitespace collapsed and case folded, so line-wrapped PDF text and upper-case e-mail match."""
    return " ".join(text.split()).casefold()


def found(needle: str, text: str) -> bool:
    """Whether ``needle`` is in ``text``; a ``digits:`` needle is looked for among the text's digits."""
    if needle.startswith(DIGITS):
        return needle[len(DIGITS) :] in re.sub(r"\D", "", text)
    return flat(needle) in flat(text)


def person_needles(person: list[dict[str, Any]], anonymized: Iterable[str], others: Iterable[str]) -> list[str]:
    """Return what must not survive: contact details and every sentence of theirs nobody else wrote.

    Args:
        person: The raw rows (text and contact fields) of the person to be erased.
        anonymized: The anonymized texts of those rows.
        others: Raw and anonymized texts of everyone else, for sentences that are not only theirs.
    """
    other = [flat(t) for t in others if t]
    needles = set()
    for row in person:
        needles.update(v for v in (row["contact_name"], row["contact_email"], row["contact_phone"]) if v)
        if row["contact_phone"]:
            needles.add(DIGITS + re.sub(r"\D", "", row["contact_phone"])[-9:])  # in any spacing or prefix
    for text in [r["text"] for r in person] + list(anonymized):
        for sentence in split_sentences(text or ""):
            if len(sentence) >= 12 and not any(flat(sentence) in o for o in other):
                needles.add(sentence)
    return sorted(needles)


def text_columns(store: Any) -> list[tuple[str, str]]:
    """Return ``(table, column)`` for every text, JSON or text-list column of every base table."""
    rows = store.fetchall(
        "SELECT c.table_name, c.column_name FROM information_schema.columns c "
        "JOIN information_schema.tables t ON t.table_catalog = c.table_catalog "
        "AND t.table_schema = c.table_schema AND t.table_name = c.table_name "
        "WHERE t.table_type = 'BASE TABLE' AND c.table_catalog = current_database() "
        "AND (c.data_type LIKE '%VARCHAR%' OR c.data_type LIKE '%JSON%') ORDER BY 1, 2"
    )
    return [(r[0], r[1]) for r in rows]


def store_hits(store: Any, needles: list[str]) -> list[str]:
    """Return ``table.column: needle #i`` for every needle found anywhere in the store."""
    hits = []
    with store.raw_access("test: search the whole store"):
        for table, column in text_columns(store):
            values = store.fetchall(f'SELECT CAST("{column}" AS VARCHAR) FROM "{table}" WHERE "{column}" IS NOT NULL')
            for (value,) in values:
                text = _unescape_json(value)
                hits += [f"{table}.{column}: needle #{i}" for i, n in enumerate(needles) if found(n, text)]
    return sorted(set(hits))


def _unescape_json(value: str) -> str:
    """JSON columns escape quotation marks and line breaks; search the text they hold."""
    try:
        return json.dumps(json.loads(value), ensure_ascii=False).replace('\\"', '"').replace("\\n", " ")
    except ValueError:
        return value


def write_exports(store: Any, dialogue_id: str, out_dir: Path) -> dict[str, str]:
    """Write the report in every format and the feedback page; return the text of each."""
    from pipeline.report import build_feedback_html, write_report

    out_dir.mkdir(parents=True, exist_ok=True)
    texts = {}
    for fmt in FORMATS:
        if fmt == "pdf" and not shutil.which("pdftotext"):
            continue
        path = write_report(store, dialogue_id, fmt, out_dir / f"redovisning.{fmt}")
        texts[fmt] = _read(path, fmt)
    texts["feedback"] = html.unescape(build_feedback_html(store, dialogue_id))
    return texts


def _read(path: Path, fmt: str) -> str:
    if fmt == "html":
        return html.unescape(path.read_text(encoding="utf-8"))
    if fmt == "json":
        return json.dumps(json.loads(path.read_text(encoding="utf-8")), ensure_ascii=False).replace('\\"', '"')
    if fmt == "xlsx":
        from openpyxl import load_workbook

        wb = load_workbook(path)
        return "\n".join(str(c) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row if c)
    if fmt == "docx":
        from docx import Document

        doc = Document(str(path))
        cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
        return "\n".join([p.text for p in doc.paragraphs] + cells)
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True)
    return done.stdout


def export_hits(texts: dict[str, str], needles: list[str]) -> list[str]:
    """Return ``format: needle #i`` for every needle found in an export."""
    return [f"{fmt}: needle #{i}" for fmt, text in texts.items() for i, n in enumerate(needles) if found(n, text)]

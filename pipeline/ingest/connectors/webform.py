"""Web form answers exported as JSON (an array, or an object holding one) or JSON Lines."""

from __future__ import annotations

import json
from typing import Any

from pipeline.ingest.connectors import CONNECTORS
from pipeline.ingest.connectors.records import KeyCounter, object_record
from pipeline.ingest.context import FileInfo, IngestContext
from pipeline.ingest.textio import NotTextError, check_text, decode_bytes

_LIST_KEYS = ("submissions", "responses", "answers", "data", "items", "records", "results", "svar")


def _items(doc: Any) -> list[Any] | None:
    if isinstance(doc, list):
        return doc
    if isinstance(doc, dict):
        for key in _LIST_KEYS:
            if isinstance(doc.get(key), list):
                return doc[key]
        return [doc]
    return None


def _add(ctx: IngestContext, info: FileInfo, obj: Any, position: str, counter: KeyCounter, raw: bytes) -> None:
    if not isinstance(obj, dict):
        ctx.reject(info, position, "posten är inte ett JSON-objekt", data=raw)
        return
    record = object_record(obj, prefix="webform", counter=counter, text_column=ctx.text_column)
    if record is None:
        ctx.reject(info, position, "posten saknar ett textfält (t.ex. text, svar, kommentar)", data=raw)
        return
    record.update(channel="webform", source=info.name, source_ref=position)
    ctx.add_record(record)


@CONNECTORS.register("webform.json.v1")
def webform_json(ctx: IngestContext, info: FileInfo) -> None:
    """A JSON document of answers, or JSON Lines with one answer per line."""
    text = decode_bytes(info.path.read_bytes())
    try:
        check_text(text[:50_000])
    except NotTextError as exc:
        ctx.reject(info, "fil", f"inte en textfil: {exc}")
        return
    if not text.strip():
        ctx.reject(info, "fil", "filen är tom")
        return
    counter = KeyCounter()
    try:
        doc = json.loads(text)
    except json.JSONDecodeError:
        if info.suffix == ".json" and text.lstrip()[:1] == "[":
            ctx.reject(info, "fil", "ogiltig JSON (filen är trasig eller avkortad)")
            return
        _json_lines(ctx, info, text, counter)
        return
    items = _items(doc)
    if items is None:
        ctx.reject(info, "fil", "JSON-filen innehåller varken ett objekt eller en lista av svar")
        return
    for number, obj in enumerate(items, 1):
        _add(ctx, info, obj, f"post {number}", counter, json.dumps(obj, ensure_ascii=False).encode())


def _json_lines(ctx: IngestContext, info: FileInfo, text: str, counter: KeyCounter) -> None:
    parsed: list[tuple[int, Any, str]] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            parsed.append((number, json.loads(line), line))
        except json.JSONDecodeError:
            parsed.append((number, _BAD, line))
    if all(obj is _BAD for _, obj, _ in parsed):
        ctx.reject(info, "fil", "ogiltig JSON (varken ett JSON-dokument eller JSON Lines)")
        return
    for number, obj, line in parsed:
        if obj is _BAD:
            ctx.reject(info, f"rad {number}", "raden är inte giltig JSON", data=line.encode("utf-8"))
        else:
            _add(ctx, info, obj, f"rad {number}", counter, line.encode("utf-8"))


_BAD = object()

"""Web form answers exported as JSON (an array, or an object holding one) or JSON Lines."""

from __future__ import annotations

import json
from typing import Any

from pipeline.ingest.connectors import CONNECTORS
from pipeline.ingest.connectors.records import ObjectMapper
from pipeline.ingest.context import FileInfo, IngestContext
from pipeline.ingest.textio import NotTextError, check_text, decode_bytes
from pipeline.schema import CHANNEL_NAMES, CHANNELS

_LIST_KEYS = ("submissions", "responses", "answers", "data", "items", "records", "results", "svar")
_CHANNEL_KEYS = ("channel", "kanal", "source_channel")
# A row of a combined export may name its own channel (a platform's export of every channel at once).
_CHANNEL_ALIASES = {
    **{c: c for c in CHANNELS},
    **{name: c for c, name in CHANNEL_NAMES.items()},  # the Swedish names: "enkät", "e-post" …
    "meeting_notes": "meeting",
    "mötesanteckningar": "meeting",
    "e-mail": "email",
    "mejl": "email",
    "mail": "email",
    "kartdialog": "map",
    "formulär": "webform",
    "web": "webform",
}


def _items(doc: Any) -> list[Any] | None:
    if isinstance(doc, list):
        return doc
    if isinstance(doc, dict):
        for key in _LIST_KEYS:
            if isinstance(doc.get(key), list):
                return doc[key]
        return [doc]
    return None


def _stage_objects(ctx: IngestContext, info: FileInfo, items: list[tuple[str, Any, bytes]]) -> None:
    """Stage ``(position, object, raw bytes)`` items; non-objects are rejected one by one."""
    objects = [obj for _, obj, _ in items if isinstance(obj, dict)]
    try:
        mapper = ObjectMapper(objects, prefix="webform", text_column=ctx.text_column)
    except KeyError:
        ctx.reject(info, "fil", f"fältet {ctx.text_column!r} finns inte i någon post")
        return
    if objects and not mapper.has_text:
        ctx.reject(info, "fil", "posterna saknar ett textfält (t.ex. text, svar, kommentar); ange --text-column")
        return
    for position, obj, raw in items:
        if not isinstance(obj, dict):
            ctx.reject(info, position, "posten är inte ett JSON-objekt", data=raw)
            continue
        record = mapper.record(obj)
        record.update(channel=row_channel(obj), source=info.name, source_ref=position)
        ctx.add_record(record)


def row_channel(obj: dict[str, Any]) -> str:
    """Return the channel a row names ("channel": "sms", "kanal": "e-post"), else ``webform``."""
    for key in _CHANNEL_KEYS:
        value = obj.get(key)
        if isinstance(value, str) and value.strip().casefold() in _CHANNEL_ALIASES:
            return _CHANNEL_ALIASES[value.strip().casefold()]
    return "webform"


@CONNECTORS.register("webform.json.v1")
def webform_json(ctx: IngestContext, info: FileInfo) -> None:
    """A JSON document of answers, or JSON Lines with one answer per line."""
    text = decode_bytes(info.read_bytes())
    try:
        check_text(text[:50_000])
    except NotTextError as exc:
        ctx.reject(info, "fil", f"inte en textfil: {exc}")
        return
    if not text.strip():
        ctx.reject(info, "fil", "filen är tom")
        return
    try:
        doc = json.loads(text)
    except json.JSONDecodeError:
        if info.suffix == ".json" and text.lstrip()[:1] == "[":
            ctx.reject(info, "fil", "ogiltig JSON (filen är trasig eller avkortad)")
            return
        _json_lines(ctx, info, text)
        return
    items = _items(doc)
    if items is None:
        ctx.reject(info, "fil", "JSON-filen innehåller varken ett objekt eller en lista av svar")
        return
    _stage_objects(
        ctx,
        info,
        [(f"post {n}", obj, json.dumps(obj, ensure_ascii=False).encode()) for n, obj in enumerate(items, 1)],
    )


def _json_lines(ctx: IngestContext, info: FileInfo, text: str) -> None:
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
    good = [(f"rad {n}", obj, line.encode("utf-8")) for n, obj, line in parsed if obj is not _BAD]
    _stage_objects(ctx, info, good)


_BAD = object()

"""Turning JSON-like objects (web form answers, map feature properties) into staging records."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from pipeline.ingest.columns import normalise_header, pick_columns

_LOCAL = ZoneInfo("Europe/Stockholm")
_ID_KEYS = ("id", "uuid", "submission id", "svar id", "response id", "svarsid", "_id", "guid")


def flatten(obj: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Flatten nested objects one level deep into dotted keys (``contact.email``)."""
    out: dict[str, Any] = {}
    for key, value in obj.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and not prefix:
            out.update(flatten(value, prefix=f"{name}."))
        else:
            out[name] = value
    return out


def as_text(value: Any) -> str | None:
    """Return a scalar as text (None for missing, lists and objects as JSON)."""
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, bool | int | float):
        return str(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def parse_when(value: Any) -> datetime | None:
    """Parse an ISO-8601 date or timestamp (local Stockholm time for aware values)."""
    text = as_text(value)
    if not text:
        return None
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is not None:
        when = when.astimezone(_LOCAL).replace(tzinfo=None)
    return when


class KeyCounter:
    """Occurrence index of identical (key, text) pairs within one file."""

    def __init__(self) -> None:
        """Start with nothing seen."""
        self._seen: Counter[tuple[str, str]] = Counter()

    def occurrence(self, key: str, text: str) -> int:
        """Return 1 for the first (key, text), 2 for the second …."""
        folded = " ".join(text.split())
        self._seen[(key, folded)] += 1
        return self._seen[(key, folded)]


def object_record(
    obj: dict[str, Any], *, prefix: str, counter: KeyCounter, text_column: str | None = None
) -> dict[str, Any] | None:
    """Map one flattened object's fields to staging columns; None when it has no text field.

    The source key is the object's own id if it has one, else a hash of its
    other fields plus the occurrence index of identical objects.
    """
    flat = {k: v for k, v in flatten(obj).items()}
    names = list(flat)
    lengths = {k: len(v) for k, v in flat.items() if isinstance(v, str)}
    try:
        mapping = pick_columns(names, lambda n: float(lengths.get(n, 0)), text_column=text_column)
    except KeyError:
        return None
    if mapping.text is None:
        return None
    text = as_text(flat.get(mapping.text)) or ""
    ident = next((as_text(flat[k]) for k in names if normalise_header(k) in _ID_KEYS and flat[k]), None)
    if ident:
        key = f"{prefix}:{ident}"
    else:
        rest = {k: flat[k] for k in sorted(names) if k != mapping.text}
        digest = hashlib.md5(json.dumps(rest, sort_keys=True, default=str).encode()).hexdigest()
        key = f"{prefix}:{digest}:{counter.occurrence(digest, text)}"

    def field(role: str) -> str | None:
        col = mapping.get(role)
        return as_text(flat.get(col)) if col else None

    return {
        "text": text,
        "source_key": key,
        "received_at": parse_when(flat.get(mapping.get("date"))) if mapping.get("date") else None,
        "contact_name": field("name"),
        "contact_email": field("email"),
        "contact_phone": field("phone"),
        "district": field("district"),
        "age_group": field("age_group"),
    }

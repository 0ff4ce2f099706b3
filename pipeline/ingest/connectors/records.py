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


class ObjectMapper:
    """Maps the objects of one file (answers, feature properties) to staging records.

    The roles (text, date, district …) are chosen once per file over the union
    of keys, like columns of a table; an object without the text field is an
    empty answer. The source key is the object's own id if it has one, else a
    hash of its other fields plus the occurrence index of identical objects.
    """

    def __init__(self, objects: list[dict[str, Any]], *, prefix: str, text_column: str | None = None) -> None:
        """Choose roles over ``objects``.

        Raises:
            KeyError: ``text_column`` is not a key of any object.
        """
        self.prefix = prefix
        self.counter = KeyCounter()
        totals: dict[str, list[int]] = {}
        for obj in objects:
            for key, value in flatten(obj).items():
                entry = totals.setdefault(key, [0, 0])
                entry[0] += len(value) if isinstance(value, str) else 0
                entry[1] += 1
        names = list(totals)
        self.mapping = pick_columns(names, lambda n: totals[n][0] / max(totals[n][1], 1), text_column=text_column)
        self.id_keys = [n for n in names if normalise_header(n) in _ID_KEYS]

    @property
    def has_text(self) -> bool:
        """Whether a text field was found."""
        return self.mapping.text is not None

    def record(self, obj: dict[str, Any]) -> dict[str, Any]:
        """Return the staging record of one object (text None when it has no text field)."""
        flat = flatten(obj)
        text = as_text(flat.get(self.mapping.text or "")) or ""
        ident = next((as_text(flat.get(k)) for k in self.id_keys if flat.get(k) not in (None, "")), None)
        if ident:
            key = f"{self.prefix}:{ident}"
        else:
            rest = {k: flat[k] for k in sorted(flat) if k != self.mapping.text}
            digest = hashlib.md5(json.dumps(rest, sort_keys=True, default=str).encode()).hexdigest()
            key = f"{self.prefix}:{digest}:{self.counter.occurrence(digest, text)}"

        def field(role: str) -> str | None:
            col = self.mapping.get(role)
            return as_text(flat.get(col)) if col else None

        date_col = self.mapping.get("date")
        return {
            "text": text or None,
            "source_key": key,
            "received_at": parse_when(flat.get(date_col)) if date_col else None,
            "contact_name": field("name"),
            "contact_email": field("email"),
            "contact_phone": field("phone"),
            "district": field("district"),
            "age_group": field("age_group"),
        }

"""The web app's message catalogue (``messages/*.json``): Swedish first, English selectable."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

LANGUAGES = ("sv", "en")

_MESSAGES = Path(__file__).resolve().parent / "messages"
# Swedish is complete; English overrides what it translates, the rest falls back to Swedish.
SV: dict[str, str] = json.loads((_MESSAGES / "sv.json").read_text(encoding="utf-8"))
EN: dict[str, str] = json.loads((_MESSAGES / "en.json").read_text(encoding="utf-8"))
CATALOGUE = {"sv": SV, "en": {**SV, **EN}}


def translator(lang: str) -> Callable[..., str]:
    """Return ``t(key, **values)`` for ``lang``; unknown keys show the key itself."""
    messages = CATALOGUE.get(lang, SV)

    def t(key: str, **values: Any) -> str:
        # Unknown data codes (a new channel) show as themselves rather than as a key.
        text = messages.get(key, key.split(".", 1)[1] if key.startswith(("channel.", "run.")) else key)
        return text.format(**values) if values else text

    return t


def format_datetime(value: Any) -> str:
    """Format a timestamp as ``YYYY-MM-DD HH:MM`` (ISO, used by Swedish authorities)."""
    if value is None:
        return "–"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def format_number(value: Any) -> str:
    """Format an integer with a non-breaking space between thousands."""
    if value is None:
        return "–"
    return f"{int(value):,}".replace(",", "\u00a0")


def format_percent(value: Any) -> str:
    """Format a share 0..1 as a whole percent."""
    if value is None:
        return "–"
    return f"{float(value) * 100:.0f}\u00a0%"

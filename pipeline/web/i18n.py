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
        # A count of one takes the key's ".one" form when there is one ("1 synpunkt tar upp temat").
        count = values.get("n", values.get("all"))
        if count is not None and str(count) == "1" and f"{key}.one" in messages:
            key = f"{key}.one"
        # Unknown data codes (a new channel) show as themselves rather than as a key.
        text = messages.get(key, _code(key))
        return text.format(**values) if values else text

    return t


_CODE_PREFIXES = ("channel.", "run.", "runflow.")


def _code(key: str) -> str:
    """Return the data code a message key ends in, for a code with no message yet ("runflow.export" → "export")."""
    for prefix in _CODE_PREFIXES:
        if key.startswith(prefix):
            return key.removeprefix(prefix)
    return key


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
    """Format a share 0..1 as a whole percent; a share above 0 that rounds to 0 reads "<1 %"."""
    if value is None:
        return "–"
    if 0 < float(value) < 0.005:
        return "<1\u00a0%"
    return f"{float(value) * 100:.0f}\u00a0%"


def _count_phrase(messages: dict[str, str], stage: str | None, key: str, n: int) -> str:
    """Say one count in words: the stage's own phrase, else the shared one, else ``key: n``."""
    candidates = [f"counts.{stage}.{key}"] if stage else []
    candidates.append(f"counts.{key}")
    for base in candidates:
        text = messages.get(f"{base}.one") if n == 1 else None
        text = text or messages.get(base)
        if text:
            return text.format(n=format_number(n))
    return f"{key.replace('_', ' ')}: {format_number(n)}"


def _stage_counts(messages: dict[str, str], stage: str | None, counts: dict[str, Any]) -> str:
    """Say one stage's counts in a line; zeros are left out, and PII kinds follow the findings."""
    parts: dict[str, str] = {}
    found: list[str] = []
    for key, value in counts.items():
        if isinstance(value, bool) or not isinstance(value, int | float):
            parts[key] = f"{key.replace('_', ' ')}: {value}"
        elif value and key.startswith("found_"):
            found.append(_count_phrase(messages, stage, key, int(value)))
        elif value:
            parts[key] = _count_phrase(messages, stage, key, int(value))
    if found and "findings" in parts:
        parts["findings"] += f" ({', '.join(found)})"
    elif found:
        parts["found"] = ", ".join(found)
    return ", ".join(parts.values()) or messages["counts.nothing"]


def format_run_counts(counts: dict[str, Any] | None, lang: str = "sv") -> list[str]:
    """Say a run's counts in words an analyst reads, one line per stage.

    A flow that runs several stages (``nightly``) keeps one dict per stage; a
    single-stage flow (``ingest``) keeps the counts themselves.

    Args:
        counts: The run's ``counts`` as stored in ``pipeline_runs``.
        lang: ``sv`` or ``en``.

    Returns:
        Lines such as ``"Inläsning: 40 nya, 2 avvisade"`` or ``"40 nya, 1 fil"``;
        empty when the run recorded nothing.
    """
    messages = CATALOGUE.get(lang, SV)
    if not counts:
        return []
    flat = {k: v for k, v in counts.items() if not isinstance(v, dict)}
    lines = [_stage_counts(messages, None, flat)] if flat else []
    for stage, sub in counts.items():
        if isinstance(sub, dict):
            name = messages.get(f"counts.stage.{stage}", stage)
            lines.append(f"{name}: {_stage_counts(messages, stage, sub)}")
    return lines

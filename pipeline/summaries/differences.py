"""Notable differences: where a theme is over- or under-represented, and when it peaked."""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

from pipeline.schema import CHANNEL_NAMES
from pipeline.summaries.inputs import DialogueTotals, month_of

DIMENSIONS = {"district": "stadsdelen", "channel": "kanalen", "age_group": "åldersgruppen"}
MONTHS = "januari februari mars april maj juni juli augusti september oktober november december".split()
MIN_COUNT = 4
LIFT = 1.5
MIN_Z = 2.0  # the difference must be about two standard errors from the dialogue-wide share


def month_name(month: str) -> str:
    """Return ``2025-10`` as ``oktober 2025``."""
    year, num = month.split("-")
    return f"{MONTHS[int(num) - 1]} {year}"


def value_name(dim: str, value: str) -> str:
    """Return a readable Swedish name for a breakdown value."""
    return CHANNEL_NAMES.get(value, value) if dim == "channel" else value


def breakdown(members: list[dict[str, Any]]) -> dict[str, dict[str, int]]:
    """Count members by channel, district, age group and month."""
    out: dict[str, Counter[str]] = {d: Counter() for d in (*DIMENSIONS, "month")}
    for member in members:
        for dim in DIMENSIONS:
            if member.get(dim):
                out[dim][member[dim]] += 1
        month = month_of(member.get("received_at"))
        if month:
            out["month"][month] += 1
    return {dim: dict(sorted(counts.items())) for dim, counts in out.items()}


def _dimension_notes(dim: str, counts: dict[str, int], totals: DialogueTotals, size: int) -> list[dict[str, Any]]:
    notes: list[dict[str, Any]] = []
    all_counts = totals.by.get(dim, Counter())
    all_n = sum(all_counts.values())
    theme_n = sum(counts.values())
    if not all_n or not theme_n:
        return notes
    for value, n in counts.items():
        theme_share, base_share = n / theme_n, all_counts.get(value, 0) / all_n
        z = (theme_share - base_share) / math.sqrt(base_share * (1 - base_share) / theme_n) if 0 < base_share < 1 else 0
        if n >= MIN_COUNT and theme_share >= LIFT * base_share and z >= MIN_Z:
            notes.append(
                {
                    "dimension": dim,
                    "value": value,
                    "direction": "over",
                    "theme_share": round(theme_share, 3),
                    "base_share": round(base_share, 3),
                    "text": (
                        f"Vanligare i {DIMENSIONS[dim]} {value_name(dim, value)}: "
                        f"{round(100 * theme_share)} % av temats synpunkter mot "
                        f"{round(100 * base_share)} % av alla."
                    ),
                }
            )
    return notes


def _time_note(months: dict[str, int]) -> list[dict[str, Any]]:
    total = sum(months.values())
    if len(months) < 2 or total < 2 * MIN_COUNT:
        return []
    peak, n = max(months.items(), key=lambda kv: (kv[1], kv[0]))
    if n / total < 1.5 / len(months):
        return []
    return [
        {
            "dimension": "month",
            "value": peak,
            "direction": "peak",
            "theme_share": round(n / total, 3),
            "text": f"Flest synpunkter kom i {month_name(peak)} ({n} av {total}).",
        }
    ]


def differences(
    members: list[dict[str, Any]], totals: DialogueTotals
) -> tuple[dict[str, dict[str, int]], list[dict[str, Any]]]:
    """Return the theme's breakdowns and its notable differences (Swedish text)."""
    counts = breakdown(members)
    notes: list[dict[str, Any]] = []
    for dim in DIMENSIONS:
        notes.extend(_dimension_notes(dim, counts[dim], totals, len(members)))
    notes.sort(key=lambda d: -d["theme_share"] / max(d["base_share"], 1e-9))
    return counts, notes[:4] + _time_note(counts["month"])

"""Breakdowns by district, age group, channel and month, and a theme's notable differences.

:func:`count_by` is the one place submissions are counted by these dimensions: the report,
the feedback page, the web overview, the themes stage (``represent.breakdowns``), the
summaries stage and the differences below all use it (:func:`count_by_theme` per theme).
A breakdown keeps the total next to the counts, so every share can say what it is a share
of ("Centrum: 8 % av alla, 11 % av dem med känd stadsdel"), missing values are a count of
their own ("okänd stadsdel: 27 % av alla") and a share resting on fewer than
:data:`SMALL_N` submissions says so (:meth:`Breakdown.table`, :func:`share_text`).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pipeline.schema import CHANNEL_NAMES
from pipeline.summaries.inputs import DialogueTotals, month_of

DIMENSIONS = {"district": "stadsdelen", "channel": "kanalen", "age_group": "åldersgruppen"}
BREAKDOWN_DIMENSIONS = ("channel", "district", "age_group", "month")
KNOWN = {"district": "känd stadsdel", "age_group": "känd åldersgrupp", "channel": "känd kanal", "month": "känt datum"}
UNKNOWN = {
    "district": "okänd stadsdel",
    "age_group": "okänd åldersgrupp",
    "channel": "okänd kanal",
    "month": "okänt datum",
}
MONTHS = "januari februari mars april maj juni juli augusti september oktober november december".split()
MIN_COUNT = 4
LIFT = 1.5
MIN_Z = 2.0  # the difference must be about two standard errors from the dialogue-wide share
SMALL_N = 30  # a share resting on fewer submissions than this carries a caveat


@dataclass(frozen=True)
class Breakdown:
    """Counts by dimension with the total they were taken from.

    Attributes:
        total: Every submission counted, known values or not.
        counts: ``{dimension: {value: n}}`` for known values, sorted by value.
    """

    total: int
    counts: dict[str, dict[str, int]]

    def known(self, dim: str) -> int:
        """Return how many submissions have a known value for ``dim``."""
        return sum(self.counts.get(dim, {}).values())

    def unknown(self, dim: str) -> int:
        """Return how many submissions lack a value for ``dim``."""
        return self.total - self.known(dim)

    def table(self, dim: str) -> list[dict[str, Any]]:
        """Return one row per known value, then one for the unknown (when any), each share with its denominator.

        A row is ``{"value", "n", "share_of_all", "share_of_known", "small_n", "text"}``; the
        unknown row has ``value`` None and ``share_of_known`` None. ``small_n`` is true when
        the share of known values rests on fewer than :data:`SMALL_N` submissions.
        """
        known = self.known(dim)
        rows = [
            {
                "value": value,
                "n": n,
                "share_of_all": _ratio(n, self.total),
                "share_of_known": _ratio(n, known),
                "small_n": known < SMALL_N,
                "text": _value_share(dim, value, n, self.total, known),
            }
            for value, n in self.counts.get(dim, {}).items()
        ]
        unknown = self.unknown(dim)
        if unknown:
            text = f"{UNKNOWN[dim]}: {percent(unknown, self.total)} % av alla ({unknown} av {self.total})"
            rows.append(
                {
                    "value": None,
                    "n": unknown,
                    "share_of_all": _ratio(unknown, self.total),
                    "share_of_known": None,
                    "small_n": self.total < SMALL_N,
                    "text": text,
                }
            )
        return rows

    def caveat(self, dim: str | None = None) -> str | None:
        """Return a plain small-n warning for ``dim`` (or the whole count), or None when the base is large enough."""
        if dim is not None and 0 < self.known(dim) < SMALL_N and self.known(dim) < self.total:
            return f"Bygger på bara {submissions_text(self.known(dim))} med {KNOWN[dim]}, så andelarna är osäkra."
        if 0 < self.total < SMALL_N:
            return f"Bygger på bara {submissions_text(self.total)}, så andelarna är osäkra."
        return None

    def to_json(self) -> dict[str, Any]:
        """Return every dimension's table with its denominators, unknown count and caveat."""
        return {
            dim: {
                "total": self.total,
                "known": self.known(dim),
                "unknown": self.unknown(dim),
                "rows": self.table(dim),
                "caveat": self.caveat(dim),
            }
            for dim in BREAKDOWN_DIMENSIONS
            if dim in self.counts
        }


def submissions_text(n: int) -> str:
    """Say a number of submissions in Swedish: "1 synpunkt", "3 synpunkter"."""
    return f"{n} synpunkt" if n == 1 else f"{n} synpunkter"


def _ratio(n: int, of: int) -> float:
    return round(n / of, 4) if of else 0.0


def _value_share(dim: str, value: str, n: int, total: int, known: int) -> str:
    name = month_name(value) if dim == "month" else value_name(dim, value)
    text = f"{name}: {percent(n, total)} % av alla"
    if known < total:
        text += f", {percent(n, known)} % av dem med {KNOWN[dim]}"
    return text


def month_name(month: str) -> str:
    """Return ``2025-10`` as ``oktober 2025``."""
    year, num = month.split("-")
    return f"{MONTHS[int(num) - 1]} {year}"


def value_name(dim: str, value: str) -> str:
    """Return a readable Swedish name for a breakdown value."""
    return CHANNEL_NAMES.get(value, value) if dim == "channel" else value


def count_by(rows: Iterable[Mapping[str, Any]]) -> Breakdown:
    """Count rows by every dimension: the one breakdown function.

    Each row has ``channel``, ``district``, ``age_group`` and ``received_at`` (a timestamp)
    or ``month`` (``YYYY-MM``); a missing or empty value counts as unknown. Count each
    submission once per breakdown: pass one row per submission, or one theme's rows.
    """
    out: dict[str, Counter[str]] = {d: Counter() for d in BREAKDOWN_DIMENSIONS}
    total = 0
    for row in rows:
        total += 1
        for dim in ("channel", "district", "age_group"):
            if row.get(dim):
                out[dim][str(row[dim])] += 1
        month = row.get("month") or month_of(row.get("received_at"))
        if month:
            out["month"][str(month)] += 1
    return Breakdown(total, {dim: dict(sorted(counts.items())) for dim, counts in out.items()})


def count_by_theme(rows: Iterable[Mapping[str, Any]], key: str = "theme_id") -> dict[str, Breakdown]:
    """Return :func:`count_by` per theme for rows that carry the theme in ``key`` (rows without one are skipped)."""
    groups: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for row in rows:
        if row.get(key):
            groups[str(row[key])].append(row)
    return {theme_id: count_by(members) for theme_id, members in groups.items()}


def breakdown(members: list[dict[str, Any]]) -> dict[str, dict[str, int]]:
    """Return :func:`count_by`'s counts alone (the shape stored in summary stats)."""
    return count_by(members).counts


def percent(n: int, of: int) -> int:
    """Return ``n`` of ``of`` as a whole percentage (0 when ``of`` is 0)."""
    return round(100 * n / of) if of else 0


def percent_label(n: int, of: int) -> str:
    """Return ``n`` of ``of`` as a whole percentage for print, with "<1" for a share above 0 that rounds to 0."""
    value = percent(n, of)
    return "<1" if value == 0 and n > 0 and of > 0 else str(value)


def share_text(n: int, of: int, dim: str | None = None) -> str:
    """Return a share with its denominator: ``8 % av alla 607 synpunkter`` or ``11 % av de 443 med känd stadsdel``.

    Below :data:`SMALL_N` the phrase says the base is small (``50 % av bara 12 synpunkter``).
    """
    few = "bara " if 0 < of < SMALL_N else ""
    if dim is None:
        return f"{percent(n, of)} % av {'' if few else 'alla '}{few}{of} synpunkter"
    return f"{percent(n, of)} % av {few or 'de '}{of} med {KNOWN[dim]}"


def mentions_text(size_all: int, size_primary: int) -> str:
    """Return a theme's count in both senses: ``45 synpunkter tar upp temat, varav 38 som huvudtema``."""
    return f"{submissions_text(size_all)} tar upp temat, varav {size_primary} som huvudtema"


def _dimension_notes(dim: str, counts: dict[str, int], totals: DialogueTotals) -> list[dict[str, Any]]:
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
            text = (
                f"Vanligare i {DIMENSIONS[dim]} {value_name(dim, value)}: {n} av temats {theme_n} synpunkter "
                f"med {KNOWN[dim]} ({round(100 * theme_share)} %), mot {round(100 * base_share)} % "
                f"av alla {all_n} med {KNOWN[dim]}."
            )
            notes.append(_note(dim, value, "over", n, theme_n, theme_share, base_share, text))
    return notes


def _note(
    dim: str, value: str, direction: str, n: int, of: int, share: float, base: float | None, text: str
) -> dict[str, Any]:
    small = of < SMALL_N
    if small:
        text += f" Bygger på bara {of} synpunkter och är därför osäkert."
    note = {"dimension": dim, "value": value, "direction": direction, "n": n, "of": of, "small_n": small}
    note.update(theme_share=round(share, 3), text=text)
    if base is not None:
        note["base_share"] = round(base, 3)
    return note


def _time_note(months: dict[str, int]) -> list[dict[str, Any]]:
    total = sum(months.values())
    if len(months) < 2 or total < 2 * MIN_COUNT:
        return []
    peak, n = max(months.items(), key=lambda kv: (kv[1], kv[0]))
    if n / total < 1.5 / len(months):
        return []
    text = f"Flest synpunkter kom i {month_name(peak)} ({n} av temats {total} med {KNOWN['month']})."
    return [_note("month", peak, "peak", n, total, n / total, None, text)]


def differences(
    members: list[dict[str, Any]], totals: DialogueTotals
) -> tuple[dict[str, dict[str, int]], list[dict[str, Any]]]:
    """Return the theme's breakdowns and its notable differences (Swedish text stating denominators)."""
    counts = breakdown(members)
    notes: list[dict[str, Any]] = []
    for dim in DIMENSIONS:
        notes.extend(_dimension_notes(dim, counts[dim], totals))
    notes.sort(key=lambda d: -d["theme_share"] / max(d["base_share"], 1e-9))
    return counts, notes[:4] + _time_note(counts["month"])


def totals_from(rows: Iterable[Mapping[str, Any]]) -> DialogueTotals:
    """Return dialogue-wide totals for :func:`differences` from the same rows :func:`count_by` reads."""
    counted = count_by(rows)
    return DialogueTotals(total=counted.total, by={d: Counter(c) for d, c in counted.counts.items()})

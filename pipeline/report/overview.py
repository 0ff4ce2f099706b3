"""The report's *Sammanfattning*: what a decision maker reads first.

Themes by size with their top claims and for/against counts, what under-represented
groups raised, and what is missing from the data (district, age group, language,
submissions outside every approved theme). Every share names its denominator.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from pipeline.languages import language_name
from pipeline.report.points import headline, stance_counts
from pipeline.store import Store
from pipeline.summaries.differences import SMALL_N, Breakdown, percent_label, share_text

if TYPE_CHECKING:
    from pipeline.report.model import ReportTheme

TOP_CLAIMS = 3
TOP_QUOTED = 2  # points without a label are quotes: fewer of them in the overview
CLAIM_CHARS = 110  # an overview line quotes at most this much of a point that has no label
GROUP_THEMES = 3
_MISSING = {"district": "Stadsdel", "age_group": "Åldersgrupp", "month": "Datum"}
MULTI_THEME_NOTE = (
    "En synpunkt räknas i sitt huvudtema och i de teman den också tar upp, så temanas antal summerar "
    "till mer än totalen och deras andelar av alla synpunkter till mer än 100 %."
)


def member_rows(store: Store, dialogue_id: str) -> list[dict[str, Any]]:
    """Return every submission of the dialogue with its breakdown fields, once per theme it raises.

    ``rank`` is 1 for the submission's main theme and 2 or 3 for a theme it also raises (the
    read model's ``theme_mentions``). A submission in no theme has one row with
    ``theme_id`` and ``rank`` None.
    """
    return store.records(
        "SELECT s.id, m.theme_id, m.rank, s.channel, s.district, s.age_group, s.language, "
        "s.received_at FROM submissions s LEFT JOIN theme_mentions m ON m.submission_id = s.id "
        "WHERE s.dialogue_id = ? ORDER BY s.id, m.rank, m.theme_id",
        [dialogue_id],
    )


def theme_lines(themes: list[ReportTheme], total: int) -> list[dict[str, Any]]:
    """Return one overview line per theme: both sizes with their denominator, top claims, stance counts."""
    lines = []
    for t in sorted(themes, key=lambda t: (-t.size, -t.size_primary)):
        ranked = sorted(t.points, key=lambda p: -(p.get("n") or 0))
        top = TOP_CLAIMS if any(p.get("label") for p in ranked) else TOP_QUOTED
        lines.append(
            {
                "id": t.id,
                "label": t.label,
                "size": t.size,
                "size_primary": t.size_primary,
                "counts_text": t.counts_text,
                "share_text": share_text(t.size, total),
                # each with how many say it: on real comments a top point may be one voice
                "claims": [_with_count(headline(p, CLAIM_CHARS), p, t.size) for p in ranked[:top]],
                "stance": stance_counts(t.points),
            }
        )
    return lines


def _with_count(text: str, point: dict[str, Any], size: int) -> str:
    n = point.get("n")
    return f"{text} ({n} av {size})" if isinstance(n, int) and not point.get("remainder") else text


def missing_notes(counts: Breakdown, languages: dict[str, int], unthemed: int) -> list[str]:
    """Return the notes on missing data, each with its count and denominator."""
    notes = []
    for dim, name in _MISSING.items():
        unknown = counts.unknown(dim)
        if unknown:
            notes.append(
                f"{name} saknas för {unknown} av {counts.total} synpunkter ({percent_label(unknown, counts.total)} %)."
            )
    if counts.total and languages:
        other = {k: v for k, v in languages.items() if k != "sv"}
        if other:
            listed = ", ".join(f"{language_name(k)} {v}" for k, v in sorted(other.items(), key=lambda kv: -kv[1]))
            n = sum(other.values())
            notes.append(
                f"{n} av {counts.total} synpunkter ({percent_label(n, counts.total)} %) är skrivna på andra språk "
                f"än svenska: {listed}."
            )
    if unthemed:
        notes.append(
            f"{unthemed} av {counts.total} synpunkter ({percent_label(unthemed, counts.total)} %) ingår inte i något "
            "godkänt tema (de väntar på granskning, avvisades eller passade inget tema)."
        )
    return notes


def group_voices(
    representativeness: list[dict[str, Any]], members: list[dict[str, Any]], themes: list[ReportTheme]
) -> list[dict[str, Any]]:
    """Return, for each under-represented group, the approved themes its submissions raised most."""
    labels = {t.id: t.label for t in themes}
    out = []
    for row in representativeness:
        if not row["under_represented"]:
            continue
        dim, value = row["dimension"], row["value"]
        raised = Counter(m["theme_id"] for m in members if m.get(dim) == value and m["theme_id"] in labels)
        top = [{"label": labels[k], "n": n} for k, n in raised.most_common(GROUP_THEMES)]
        text = f"{value} ({row['submissions']} synpunkter, {round(100 * row['share'])} % av dem med känd "
        text += "stadsdel" if dim == "district" else "åldersgrupp"
        text += f", mot {round(100 * row['population_share'])} % av befolkningen)"
        if top:
            text += ": " + ", ".join(f"{t['label']} ({t['n']})" for t in top)
        else:
            text += ": inga synpunkter i godkända teman"
        if 0 < row["submissions"] < SMALL_N:
            text += ". Få synpunkter, så mönstret är osäkert"
        out.append(
            {"dimension": dim, "value": value, "submissions": row["submissions"], "themes": top, "text": text + "."}
        )
    return out


def language_counts(store: Store, dialogue_id: str) -> dict[str, int]:
    """Return the dialogue's submissions per stored language (``None`` for those still without one)."""
    rows = store.fetchall("SELECT language, count(*) FROM submissions WHERE dialogue_id = ? GROUP BY 1", [dialogue_id])
    return {str(k) if k else "okänt": int(n) for k, n in rows}

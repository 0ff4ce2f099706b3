"""A theme's summary points as the report shows them, whichever summary format they were stored in.

A point stored by the claims summarizer has a ``label`` (what residents raise or want), a
``kind``, a ``position``, ``n``, shares and 1–3 quotes with their language. An older
summary or an official's edited text has only ``text`` and ``citations``; such a point is
shown as its text, and the missing fields stay None, so every renderer can fall back.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pipeline.summaries.differences import percent_label, submissions_text

KIND_NAMES = {"förslag": "Förslag", "problem": "Problem", "beröm": "Beröm", "kritik": "Kritik", "fråga": "Fråga"}
POSITION_NAMES = {"för": "för", "emot": "emot", "oklar": "oklar"}
NO_RESPONSE = "Kommunen har ännu inte lämnat något svar på detta tema."
FALLBACK_LANGUAGE = "sv"  # only for a submission the anonymize stage has not yet given a language
POINT_KEYS = ("text", "citations", "label", "kind", "position", "n", "share_of_theme", "share_of_all", "quotes")


def evidence_flag(value: object) -> bool:
    """Return whether a quote's ``evidence`` marks it as evidence-rich (a bool or ``{"flag": …}``)."""
    if isinstance(value, Mapping):
        return bool(value.get("flag"))
    return bool(value)


def point_quotes(quotes: list[dict[str, Any]] | None, texts: Mapping[str, str]) -> list[dict[str, Any]]:
    """Return the quotes still verbatim in their (anonymized) submission, with language and evidence flag."""
    out = []
    for q in quotes or []:
        sid = str(q.get("submission_id"))
        if q.get("text") and q["text"] in texts.get(sid, ""):
            out.append(
                {
                    "text": q["text"],
                    "submission_id": sid,
                    "language": q.get("language") or None,
                    "evidence": evidence_flag(q.get("evidence")),
                }
            )
    return out


def to_point(sentence: Mapping[str, Any], texts: Mapping[str, str], size: int, total: int) -> dict[str, Any]:
    """Return one summary sentence as a report point (public keys only, shares filled in when ``n`` is known)."""
    n = sentence.get("n")
    point: dict[str, Any] = {
        "text": sentence["text"],
        "citations": list(sentence.get("citations") or []),
        "label": sentence.get("label") or None,
        "kind": sentence.get("kind") or None,
        "position": sentence.get("position") or None,
        "n": int(n) if isinstance(n, int | float) else None,
        "share_of_theme": sentence.get("share_of_theme"),
        "share_of_all": sentence.get("share_of_all"),
        "quotes": point_quotes(sentence.get("quotes"), texts),
    }
    if point["n"] is not None:
        if point["share_of_theme"] is None and size:
            point["share_of_theme"] = round(point["n"] / size, 4)
        if point["share_of_all"] is None and total:
            point["share_of_all"] = round(point["n"] / total, 4)
    return point


def headline(point: Mapping[str, Any], limit: int | None = None) -> str:
    """Return what a point says: its label, else its text (cut at a word before ``limit`` characters)."""
    text = str(point.get("label") or point.get("text") or "")
    if limit is None or len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + " …"


def point_meta(point: Mapping[str, Any], size: int, total: int) -> str:
    """Return a point's kind, position and counts in Swedish, each share with its denominator."""
    parts = []
    if point.get("kind"):
        parts.append(KIND_NAMES.get(point["kind"], point["kind"]))
    if point.get("position"):
        parts.append(f"hållning: {POSITION_NAMES.get(point['position'], point['position'])}")
    n = point.get("n")
    if n is not None:
        of_theme, of_all = percent_label(n, size), percent_label(n, total)
        parts.append(f"{submissions_text(n)}: {of_theme} % av temats {size}, {of_all} % av alla {total}")
    return " · ".join(parts)


def stance_counts(points: list[dict[str, Any]]) -> dict[str, int] | None:
    """Return submissions for and against (and unclear) summed over points; None when no point has a position."""
    if not any(p.get("position") for p in points):
        return None
    counts = {"för": 0, "emot": 0, "oklar": 0}
    for p in points:
        if p.get("position") in counts:
            counts[p["position"]] += int(p.get("n") or len(p.get("citations") or []))
    return counts


def stance_text(stance: Mapping[str, int] | None) -> str:
    """Return for/against counts in words (``12 för, 5 emot, 3 oklar``), or say no position is clear."""
    if not stance:
        return "–"
    if not stance.get("för") and not stance.get("emot"):
        return f"oklar ({stance.get('oklar', 0)})"
    text = f"{stance.get('för', 0)} för, {stance.get('emot', 0)} emot"
    return text + (f", {stance['oklar']} oklar" if stance.get("oklar") else "")


def remainder_text(remainder: object, size: int) -> str | None:
    """Return the sentence about submissions that fit no point, or None when there are none."""
    n = remainder.get("n") if isinstance(remainder, Mapping) else remainder
    if not isinstance(n, int | float) or n <= 0:
        return None
    n = int(n)
    return (
        f"{n} av temats {size} synpunkter ({percent_label(n, size)} %) passar inte under någon av punkterna ovan; "
        "de räknas som en rest och ingår i temats antal."
    )

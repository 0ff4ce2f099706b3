"""Quotes that add information: specific, in every language, never saying the same twice.

A point's 1–3 quotes and the theme's 3–5 quotes are chosen from clean
statements (verbatim spans of anonymized submissions). Preferred are
evidence-rich statements (a place, a reason, a proposal, a time or a number)
that are still typical of what they stand for, not the most generic text
nearest the centre. A candidate that restates the point's label, or a quote
already shown anywhere in the theme, is skipped.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from pipeline.summaries.features import near_duplicate, restates
from pipeline.summaries.statements import Chosen
from pipeline.summaries.text import clip

QUOTE_CHARS = frozenset('”“«»"')
MAX_QUOTE_CHARS = 300
# A quote longer than this reads as a paragraph, not a voice.
LONG_QUOTE = 220


def quote_score(candidate: Chosen, typicality: float, other_language: bool) -> float:
    """Return how much a candidate is worth showing: detail first, then typicality and language."""
    text = candidate.statement.text
    score = 1.0 * candidate.evidence.score + typicality
    score += 0.75 if other_language else 0.0
    score -= 0.75 if len(text) > LONG_QUOTE else 0.0
    return score - (3.0 if QUOTE_CHARS & set(text) else 0.0)


def as_quote(candidate: Chosen, member: dict[str, Any]) -> dict[str, Any]:
    """Return the stored shape of a quote: ``{text, submission_id, language, evidence}``."""
    return {
        "text": clip(candidate.statement.text, MAX_QUOTE_CHARS),
        "submission_id": member["id"],
        "language": candidate.language,
        "evidence": candidate.evidence.flag,
    }


def pick_quotes(
    rows: Sequence[int],
    chosen: list[Chosen],
    vectors: np.ndarray,
    centre: np.ndarray | None,
    shown: list[str],
    want: int,
    *,
    strict: bool = True,
) -> list[int]:
    """Return up to ``want`` rows to quote, greedily by score, skipping what restates ``shown``.

    Args:
        rows: Candidate rows into ``chosen``.
        chosen: The theme's chosen statements.
        vectors: Their vectors (typicality is closeness to ``centre``).
        centre: The centre of what the quotes stand for (None: typicality is not used).
        shown: Texts already shown (labels, quotes); extended with every pick.
        want: How many quotes at most.
        strict: Skip what restates a shown item (else only near-duplicates of one, Jaccard 0.8).
    """
    same = restates if strict else near_duplicate
    typical = {r: float(vectors[r] @ centre) if centre is not None and len(vectors) else 0.0 for r in rows}
    picked: list[int] = []
    # ``shown`` only grows, so a candidate that restates a shown item stays out, and one that
    # does not is compared only with the items shown since the last pick (a theme's thousands
    # of candidates were compared with every shown item again for each pick).
    blocked: set[int] = set()
    compared = 0
    while len(picked) < want:
        fresh, compared = shown[compared:], len(shown)
        languages = {chosen[r].language for r in picked} | {"sv"}
        best, best_score = None, float("-inf")
        for r in rows:
            if r in blocked or r in picked:
                continue
            text = chosen[r].statement.text
            if any(same(text, s) for s in fresh):
                blocked.add(r)
                continue
            other = chosen[r].language not in languages and chosen[r].language != "und"
            score = quote_score(chosen[r], typical[r], other)
            if score > best_score:
                best, best_score = r, score
        if best is None:
            break
        picked.append(best)
        shown.append(chosen[best].statement.text)
    return picked

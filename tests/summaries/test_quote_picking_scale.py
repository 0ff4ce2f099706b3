"""Issue 14: quote picking compares each candidate with each shown item once, and picks what it picked before."""

from __future__ import annotations

import random

import numpy as np
import pytest

from pipeline.summaries import quotes
from pipeline.summaries.clean import Statement
from pipeline.summaries.features import find_evidence, near_duplicate, restates
from pipeline.summaries.quotes import pick_quotes, quote_score
from pipeline.summaries.statements import Chosen

PHRASES = [
    ("sv", "Gatlamporna vid {p} har varit trasiga i flera månader"),
    ("sv", "Bussen från {p} är alltid sen på morgonen, så barnen kommer för sent"),
    ("sv", "Fler bänkar i {p} skulle göra det lättare för äldre att gå ut"),
    ("sv", "Hej! Jag tycker att cykelbanan längs {p} är för smal. Mvh"),
    ("ar", "الإنارة في {p} لا تعمل منذ أشهر"),
    ("so", "Baska ka yimaada {p} had iyo jeer wuu daahaa"),
    ("en", "The playground in {p} needs more shade in summer"),
]
PLACES = ["Råby", "Bäckby", "Vallbyleden", "Erikslund", "Hammarby", "Skultuna centrum"]


def _reference(rows, chosen, vectors, centre, shown, want, *, strict=True):
    """The picking rule as first written: every candidate against every shown item, for each pick."""
    same = restates if strict else near_duplicate
    typical = {r: float(vectors[r] @ centre) if centre is not None and len(vectors) else 0.0 for r in rows}
    picked: list[int] = []
    while len(picked) < want:
        languages = {chosen[r].language for r in picked} | {"sv"}
        best, best_score = None, float("-inf")
        for r in rows:
            text = chosen[r].statement.text
            if r in picked or any(same(text, s) for s in shown):
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


def _theme(n: int, seed: int, *, unique: bool = False) -> tuple[list[Chosen], np.ndarray]:
    rng = random.Random(seed)
    chosen = []
    for i in range(n):
        language, phrase = rng.choice(PHRASES)
        numbered = unique or rng.random() >= 0.6
        text = phrase.format(p=rng.choice(PLACES)) + (f" ({i} gånger)" if numbered else "")
        chosen.append(Chosen(i, Statement(0, len(text), text), language, "problem", find_evidence(text)))
    vectors = np.random.default_rng(seed).normal(size=(n, 16)).astype(np.float32)
    return chosen, vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


@pytest.mark.parametrize("strict", [True, False])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_picks_are_the_ones_the_first_rule_made(seed, strict):
    chosen, vectors = _theme(300, seed)
    rows = list(range(0, 300, 2)) + list(range(1, 300, 2))
    labels = ["Invånare påtalar att gatlamporna vid Råby har varit trasiga", "Bussen är sen"]
    for centre in (vectors[:40].mean(axis=0), None):
        ours_shown, ref_shown = list(labels), list(labels)
        ours = pick_quotes(rows, chosen, vectors, centre, ours_shown, 5, strict=strict)
        assert ours == _reference(rows, chosen, vectors, centre, ref_shown, 5, strict=strict)
        assert ours and ours_shown == ref_shown


def test_each_candidate_meets_each_shown_item_once(monkeypatch):
    calls: list[tuple[str, str]] = []

    def counting(a: str, b: str, threshold: float = 0.6) -> bool:
        calls.append((a, b))
        return restates(a, b, threshold)

    monkeypatch.setattr(quotes, "restates", counting)
    chosen, vectors = _theme(400, 7, unique=True)
    shown = ["Invånare påtalar att bussen är sen"]
    picked = pick_quotes(range(400), chosen, vectors, None, shown, 5)
    assert len(picked) == 5 and len(shown) == 6
    # Before, every candidate met the first shown item again for each of the five picks.
    assert len(calls) == len(set(calls))
    assert len(calls) <= 400 * len(shown)

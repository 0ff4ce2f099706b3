"""Scoring theme assignments against gold labels, beside simple baselines."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np

OTHER_GOLD = "other"


def purity(gold: Sequence[str], pred: Sequence[str]) -> float:
    """Share of texts whose predicted theme's majority gold label is their own."""
    by_pred: dict[str, Counter] = {}
    for g, p in zip(gold, pred, strict=True):
        by_pred.setdefault(p, Counter())[g] += 1
    return sum(c.most_common(1)[0][1] for c in by_pred.values()) / max(len(gold), 1)


def score(gold: Sequence[str], pred: Sequence[str], *, scheme_ids: set[str] | None = None) -> dict[str, Any]:
    """Return NMI, ARI, purity, outlier share, theme count and (with a scheme) accuracy.

    For accuracy, a discovered theme counts as "other": from the scheme's point
    of view it is something the scheme lacks.
    """
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    out: dict[str, Any] = {
        "nmi": round(float(normalized_mutual_info_score(gold, pred)), 4),
        "ari": round(float(adjusted_rand_score(gold, pred)), 4),
        "purity": round(purity(gold, pred), 4),
        "outlier_share": round(float(np.mean([p == OTHER_GOLD for p in pred])), 4),
        "themes": len(set(pred) - {OTHER_GOLD}),
    }
    if scheme_ids is not None:
        mapped = [p if p in scheme_ids else OTHER_GOLD for p in pred]
        out["accuracy"] = round(float(np.mean([g == p for g, p in zip(gold, mapped, strict=True)])), 4)
    return out


def tfidf_kmeans(texts: Sequence[str], k: int, seed: int) -> list[str]:
    """Baseline: TF-IDF over words, KMeans with ``k`` clusters."""
    from sklearn.cluster import KMeans
    from sklearn.feature_extraction.text import TfidfVectorizer

    X = TfidfVectorizer(sublinear_tf=True).fit_transform(texts)
    return [f"k{c}" for c in KMeans(k, n_init=10, random_state=seed).fit_predict(X)]


def lda(texts: Sequence[str], k: int, seed: int) -> list[str]:
    """Baseline: word counts, LDA with ``k`` topics, each text to its top topic."""
    from sklearn.decomposition import LatentDirichletAllocation
    from sklearn.feature_extraction.text import CountVectorizer

    X = CountVectorizer(min_df=2).fit_transform(texts)
    doc_topic = LatentDirichletAllocation(k, random_state=seed, learning_method="batch").fit_transform(X)
    return [f"t{c}" for c in doc_topic.argmax(axis=1)]


def evaluate(
    texts: Sequence[str], gold: Sequence[str], pred: Sequence[str], *, seed: int, scheme_ids: set[str] | None = None
) -> dict[str, dict[str, Any]]:
    """Score ``pred`` and both baselines with the gold number of themes."""
    k = len(set(gold) - {OTHER_GOLD}) or 1
    return {
        "lyhord": score(gold, pred, scheme_ids=scheme_ids),
        "tfidf_kmeans": score(gold, tfidf_kmeans(texts, k, seed)),
        "lda": score(gold, lda(texts, k, seed)),
    }

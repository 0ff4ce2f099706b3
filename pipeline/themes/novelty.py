"""Novelty inside a theme scheme: which clusters are themes the scheme lacks.

Every text is clustered (BERTopic's UMAP and HDBSCAN, in ``fit``); this module
decides which clusters become *discovered* themes. A cluster qualifies when

* the guided scheme model is unsure about its members: their mean best-theme
  probability is under ``novelty_ratio`` × that of a typical cluster (texts
  that sit between scheme themes rather than in one);
* it is about something: some lemma occurs in at least ``defining_share`` of
  its members and at least ``defining_lift`` times as often as in the corpus
  (a mixed bag of poorly explained texts has no such word);
* it is not just a language: when one language that is a minority in the
  corpus makes up ``language_share`` of it, the cluster groups texts by the
  language they are written in, and its texts stay in their scheme themes;
* it is as tight as a typical scheme theme;
* it does not overlap the scheme: when at least ``overlap_share`` of its
  members sit as close to some scheme theme's centre as that theme's own
  typical member does (cosine at or above the ``overlap_quantile`` of the
  theme's members), it is a slice of topics the scheme already has; its texts
  stay in their scheme themes and :func:`overlapping_clusters` names the themes.

A cluster that mixes several scheme topics (issue 13: "Fältassistent
nattvandrare, slöseri och jättebra jobb"; on the demo, "Stig, längs Svartån och
överallt" drew on parks, environment and cycling) is held together by phrasing
rather than a subject: its "defining" words were *längs* and *överallt*. Those
are stop words now (``models/themes/stopwords_sv.txt``), so such a cluster has
no defining word and is not offered. Telling a mix by how its members spread
over scheme themes was tried and dropped: a held-out scheme theme spreads the
same way (leave-one-theme-out recall fell from 0.31 to 0.23).

Only the unsure members (and those in *övrigt*) move; confident ones stay in
their scheme theme.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

log = logging.getLogger(__name__)


@dataclass
class NoveltyParams:
    """Knobs of discovery inside a scheme (recorded per run)."""

    novelty_ratio: float = 0.85
    unsure_quantile: float = 0.5  # members above this quantile of guided confidence stay in their scheme theme
    min_share: float = 0.02  # smallest discovered theme, as a share of the texts (at least 5 texts)
    defining_share: float = 0.3
    defining_lift: float = 3.0
    language_share: float = 0.8
    overlap_share: float = 0.5  # share of members close to a scheme theme that makes a cluster not new
    overlap_quantile: float = 0.25  # "close": at least this quantile of the scheme theme's own cosines


def min_size(n_texts: int, params: NoveltyParams) -> int:
    """Return the smallest number of texts a discovered theme may have."""
    return max(5, int(params.min_share * n_texts))


def new_theme_members(
    found: np.ndarray,
    prob: np.ndarray,
    labels: np.ndarray,
    other: int,
    R: np.ndarray,
    lemmas: Sequence[set[str]],
    languages: Sequence[str | None],
    params: NoveltyParams,
) -> list[np.ndarray]:
    """Return, per new theme, the indices of the texts that move to it.

    Args:
        found: Cluster id per text (-1 for noise).
        prob: Guided probabilities (texts × scheme themes).
        labels: Guided theme index per text.
        other: Index of the övrigt theme.
        R: Language-neutral unit embeddings.
        lemmas: The set of lemmas of each text.
        languages: Language code per text.
        params: Thresholds.
    """
    clusters = sorted(set(found.tolist()) - {-1})
    if len(clusters) < 3:
        return []
    smallest = min_size(len(found), params)
    best = prob.max(axis=1)
    confidence = {c: float(best[found == c].mean()) for c in clusters}
    typical = float(np.median(list(confidence.values())))
    movable = (best < float(np.quantile(best, params.unsure_quantile))) | (labels == other)
    tightness = scheme_tightness(R, labels, other)
    is_defining = _defining(lemmas, params)
    is_language = _language_cluster(languages, params.language_share)
    overlap = _scheme_overlap(R, prob, labels, other, params)
    out = []
    for c in clusters:
        members = np.where((found == c) & movable)[0]
        if len(members) < smallest or confidence[c] >= params.novelty_ratio * typical:
            continue
        if _tightness(R[members]) < tightness or not is_defining(members) or is_language(members):
            continue
        overlapped = overlap(members)
        if overlapped:
            # counts and scheme indices only: never text
            log.info("a cluster of %d texts overlaps scheme themes %s; not offered as new", len(members), overlapped)
            continue
        out.append(members)
    return out


def overlapping_clusters(
    groups: Sequence[np.ndarray], R: np.ndarray, prob: np.ndarray, labels: np.ndarray, other: int, params: NoveltyParams
) -> list[list[int]]:
    """Return, per group of texts, the scheme theme indices it overlaps (most members first; empty when new)."""
    overlap = _scheme_overlap(R, prob, labels, other, params)
    return [overlap(np.asarray(g)) for g in groups]


def _scheme_overlap(
    R: np.ndarray, prob: np.ndarray, labels: np.ndarray, other: int, params: NoveltyParams
) -> Callable[[np.ndarray], list[int]]:
    """Return a test: which scheme themes does this group of texts mostly overlap (empty list: none)?

    Each scheme theme's centre is the mean of its confident members (guided
    confidence above the median); a text is close to a theme when its cosine to
    the centre reaches the ``overlap_quantile`` of that theme's own members.
    """
    best = prob.max(axis=1)
    confident = best >= float(np.median(best))
    themes = [k for k in range(prob.shape[1]) if k != other and ((labels == k) & confident).sum() >= 3]
    if not themes:
        return lambda members: []
    centres = np.stack([_unit(R[(labels == k) & confident].mean(axis=0)) for k in themes])
    floors = np.array(
        [np.quantile(R[(labels == k) & confident] @ centres[j], params.overlap_quantile) for j, k in enumerate(themes)]
    )

    def test(members: np.ndarray) -> list[int]:
        close = (R[members] @ centres.T) >= floors[None, :]
        if close.any(axis=1).mean() < params.overlap_share:
            return []
        counts = close.sum(axis=0)
        return [themes[j] for j in np.argsort(-counts, kind="stable") if counts[j] > 0]

    return test


def _unit(x: np.ndarray) -> np.ndarray:
    return x / max(float(np.linalg.norm(x)), 1e-9)


def scheme_tightness(R: np.ndarray, labels: np.ndarray, other: int) -> float:
    """Median over scheme themes of their members' mean cosine to the theme centre."""
    values = [_tightness(R[labels == k]) for k in set(labels.tolist()) - {other} if (labels == k).sum() >= 3]
    return float(np.median(values)) if values else 0.0


def _tightness(X: np.ndarray) -> float:
    centre = X.mean(axis=0)
    centre = centre / max(float(np.linalg.norm(centre)), 1e-9)
    return float(np.mean(X @ centre))


def _defining(lemmas: Sequence[set[str]], params: NoveltyParams) -> Callable[[np.ndarray], bool]:
    """Return a test: does some lemma define this group of texts?"""
    corpus = Counter(w for doc in lemmas for w in doc)
    n = max(len(lemmas), 1)

    def test(members: np.ndarray) -> bool:
        inside = Counter(w for i in members for w in lemmas[i])
        m = len(members)
        return any(
            k >= params.defining_share * m and (k / m) >= params.defining_lift * (corpus[w] / n)
            for w, k in inside.items()
        )

    return test


def _language_cluster(languages: Sequence[str | None], share: float) -> Callable[[np.ndarray], bool]:
    """Return a test: is this group mostly one language that is a minority in the corpus?"""
    langs = np.array([lang or "?" for lang in languages])
    corpus = Counter(langs.tolist())
    n = max(len(langs), 1)

    def test(members: np.ndarray) -> bool:
        lang, k = Counter(langs[members].tolist()).most_common(1)[0]
        return k >= share * len(members) and corpus[lang] / n < 0.5

    return test

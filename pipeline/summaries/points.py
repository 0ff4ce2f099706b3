"""Points: groups of members who say the same thing about a theme.

Statements (one per member, see ``statements.py``) are grouped by average-link
agglomerative clustering on cosine distance, with a distance threshold rather
than a fixed number of groups: a point is a view that several residents share,
and its count says how many hold it. Groups below a minimum size, and those
past the most a theme shows, are not forced into a point; their members are
the theme's remainder, and are said to be one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from pipeline.summaries.statements import unit


@dataclass
class Point:
    """One point: rows into the theme's chosen statements, most typical first."""

    rows: list[int]
    centre: np.ndarray


def min_point_size(theme_size: int, params: dict[str, Any]) -> int:
    """Return how many submissions a view needs to become a point (one in a tiny theme)."""
    if theme_size < params["small_theme"]:
        return 1
    return max(2, math.ceil(params["min_point_share"] * theme_size))


def _clusters(vectors: np.ndarray, threshold: float) -> np.ndarray:
    """Return a cluster label per row (average link, cosine distance below ``threshold``)."""
    from sklearn.cluster import AgglomerativeClustering
    from threadpoolctl import threadpool_limits

    if len(vectors) == 1:
        return np.zeros(1, dtype=int)
    # One thread: per theme the problem is small, and on a busy 2-core machine extra
    # BLAS threads only fight each other.
    with threadpool_limits(limits=1):
        model = AgglomerativeClustering(
            n_clusters=None, distance_threshold=threshold, metric="cosine", linkage="average"
        )
        return np.asarray(model.fit_predict(vectors))


def _kept_groups(vectors: np.ndarray, threshold: float, need: int, max_points: int) -> list[list[int]]:
    labels = _clusters(vectors, threshold)
    groups = [np.flatnonzero(labels == g).tolist() for g in np.unique(labels)]
    groups.sort(key=lambda g: (-len(g), g[0]))
    # A theme whose views are all smaller than ``need`` still gets its largest one, so the
    # summary has something an official can check and approve.
    return [g for g in groups if len(g) >= need][:max_points] or groups[:1]


def typical_first(vectors: np.ndarray, rows: list[int]) -> tuple[list[int], np.ndarray]:
    """Return ``rows`` ordered by closeness to their centre (most typical first), and the centre."""
    centre = unit(vectors[rows].mean(axis=0))
    sims = vectors[rows] @ centre
    order = np.argsort(-sims, kind="stable")
    return [rows[i] for i in order], centre


def form_points(vectors: np.ndarray, theme_size: int, params: dict[str, Any]) -> tuple[list[Point], list[int]]:
    """Group statement vectors into points, largest first, and return the rows left over.

    Args:
        vectors: One unit vector per chosen statement (language-neutral).
        theme_size: Members of the theme (also those without a usable statement).
        params: ``point_distance``, ``min_point_share``, ``small_theme`` and ``max_points``.

    Returns:
        The points and the remainder rows (in no point).
    """
    if not len(vectors):
        return [], []
    need = min_point_size(theme_size, params)
    # Residents of a real dialogue rarely say the same thing in the same words: at the strict
    # distance a theme of 82 diverse comments got one point of 2 and a remainder of 80. Such a
    # theme is grouped again, more loosely, until its points hold a fair part of it.
    for threshold in (params["point_distance"], *params.get("loose_distances", ())):
        kept = _kept_groups(vectors, threshold, need, params["max_points"])
        if sum(len(g) for g in kept) >= params.get("min_coverage", 0.0) * len(vectors):
            break
    points = [Point(*typical_first(vectors, g)) for g in kept]
    inside = {r for g in kept for r in g}
    return points, [r for r in range(len(vectors)) if r not in inside]

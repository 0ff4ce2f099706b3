"""What officials see per theme: representatives, hierarchy and breakdowns."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

BREAKDOWN_FIELDS = ("channel", "district", "age_group", "month")


def representatives(
    E: np.ndarray, members: np.ndarray, ids: Sequence[str], k: int = 5, diversity: float = 0.5
) -> list[str]:
    """Pick up to ``k`` typical yet different members (maximal marginal relevance).

    The first is the member closest to the theme's centre; each next one
    trades closeness to the centre against similarity to those already picked.
    """
    if len(members) == 0:
        return []
    X = E[members]
    centre = X.mean(axis=0)
    centre /= max(float(np.linalg.norm(centre)), 1e-9)
    relevance = X @ centre
    picked = [int(np.argmax(relevance))]
    while len(picked) < min(k, len(members)):
        redundancy = (X @ X[picked].T).max(axis=1)
        mmr = (1 - diversity) * relevance - diversity * redundancy
        mmr[picked] = -np.inf
        picked.append(int(np.argmax(mmr)))
    return [ids[members[i]] for i in picked]


def hierarchy(centroids: np.ndarray, sizes: Sequence[int], keep: Sequence[bool]) -> list[int | None]:
    """Group close themes; each theme's parent is the largest theme of its group.

    Average-linkage clustering on cosine distance between theme centroids
    cuts the themes into about a third as many groups. The largest theme of
    a group has no parent; themes alone in their group have none either.
    """
    from scipy.cluster.hierarchy import fcluster, linkage

    idx = [i for i, k in enumerate(keep) if k]
    parents: list[int | None] = [None] * len(centroids)
    if len(idx) < 3:
        return parents
    tree = linkage(centroids[idx], method="average", metric="cosine")
    groups = fcluster(tree, t=max(2, len(idx) // 3), criterion="maxclust")
    for g in set(groups.tolist()):
        members = [idx[j] for j in np.where(groups == g)[0]]
        if len(members) < 2:
            continue
        leader = max(members, key=lambda m: (sizes[m], -m))
        for m in members:
            if m != leader:
                parents[m] = leader
    return parents


def breakdowns(meta: Sequence[dict[str, Any]], members: np.ndarray) -> dict[str, dict[str, int]]:
    """Count a theme's members by channel, district, age group and month, unknown values as ``okänt``.

    The counting is :func:`pipeline.summaries.differences.count_by`, the one breakdown
    function; this only adds the unknown count, so the stored figures add up to the size.
    """
    from pipeline.summaries.differences import count_by  # late: keeps the themes stage import light

    counted = count_by(meta[i] for i in members)
    out: dict[str, dict[str, int]] = {}
    for field in BREAKDOWN_FIELDS:
        counts = dict(counted.counts.get(field, {}))
        if counted.unknown(field):
            counts["okänt"] = counted.unknown(field)
        out[field] = dict(sorted(counts.items()))
    return out

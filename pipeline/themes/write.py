"""Writing theme runs, themes and assignments to the store; stable theme ids."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import numpy as np

from pipeline.store import Store
from pipeline.themes import persist
from pipeline.themes.fit import ThemeFit
from pipeline.themes.represent import breakdowns, hierarchy, representatives

MATCH_MIN_COSINE = 0.8  # a refitted discovered theme keeps an old id when its centre is this close
MATCH_MIN_JACCARD = 0.3  # … or when it shares this share of members (intersection over union) with it


def match_ids(
    store: Store,
    dialogue_id: str,
    fit: ThemeFit,
    prev: dict[str, Any] | None,
    doc_ids: list[str] | None = None,
) -> list[str]:
    """Return a store id per fitted theme, reusing predecessors' ids where they match.

    Scheme themes and övrigt have fixed ids (``<dialogue>/<scheme id>``,
    ``<dialogue>/other``). Discovered themes are matched one-to-one (Hungarian
    method) to the dialogue's earlier discovered themes, by two kinds of evidence:
    the previous fit's centroids (when its model file is there) and the members
    the store assigns to each theme now (when ``doc_ids`` are given). Members
    still match when the model file is gone or the embedder changed, so an
    official's approved theme keeps its id and its decisions. Unmatched themes
    get fresh numbers that were never used in the dialogue.
    """
    from scipy.optimize import linear_sum_assignment

    ids = [f"{dialogue_id}/{t.key}" if t.origin != "discovered" else "" for t in fit.themes]
    new = [i for i, t in enumerate(fit.themes) if t.origin == "discovered"]
    if new:
        score = _match_scores(store, dialogue_id, fit, new, prev, doc_ids)
        if score:
            old = sorted({o for per in score.values() for o in per})
            matrix = np.array([[score.get(i, {}).get(o, 0.0) for o in old] for i in new])
            rows, cols = linear_sum_assignment(-matrix)
            for r, c in zip(rows, cols, strict=True):
                if matrix[r, c] > 0:
                    ids[new[r]] = old[c]
    used = [r[0] for r in store.fetchall("SELECT id FROM themes WHERE dialogue_id = ?", [dialogue_id])]
    numbers = [int(m.group(1)) for u in used + ids if (m := re.search(r"/d(\d+)$", u))]
    nxt = max(numbers, default=0) + 1
    for i in new:
        if not ids[i]:
            ids[i] = f"{dialogue_id}/d{nxt}"
            nxt += 1
    return ids


def _match_scores(
    store: Store,
    dialogue_id: str,
    fit: ThemeFit,
    new: list[int],
    prev: dict[str, Any] | None,
    doc_ids: list[str] | None,
) -> dict[int, dict[str, float]]:
    """Return, per new discovered theme, a positive score for each old id it may take.

    A pair qualifies by centroid cosine (at least ``MATCH_MIN_COSINE``) or by
    member overlap (Jaccard at least ``MATCH_MIN_JACCARD``); the score adds both.
    """
    score: dict[int, dict[str, float]] = {}
    if prev is not None and Path(prev["model_path"]).exists():
        old_fit, old_ids, _ = persist.load_fit(Path(prev["model_path"]))
        old = [j for j, t in enumerate(old_fit.themes) if t.origin == "discovered"]
        if old:
            sim = fit.centroids[new] @ old_fit.centroids[old].T
            for r, i in enumerate(new):
                for c, j in enumerate(old):
                    if sim[r, c] >= MATCH_MIN_COSINE:
                        score.setdefault(i, {})[old_ids[j]] = float(sim[r, c])
    if doc_ids is not None and len(doc_ids) == len(fit.labels):
        members: dict[str, set[str]] = {}
        for theme_id, submission_id in store.fetchall(
            "SELECT a.theme_id, a.submission_id FROM theme_assignments a JOIN themes t ON t.id = a.theme_id "
            "WHERE a.dialogue_id = ? AND t.origin = 'discovered'",
            [dialogue_id],
        ):
            members.setdefault(theme_id, set()).add(submission_id)
        for i in new:
            mine = {doc_ids[k] for k in np.flatnonzero(fit.labels == i)}
            for theme_id, theirs in members.items():
                both = len(mine & theirs)
                if both and both / len(mine | theirs) >= MATCH_MIN_JACCARD:
                    per = score.setdefault(i, {})
                    per[theme_id] = per.get(theme_id, 0.0) + both / len(mine | theirs)
    return score


def assignment_rows(
    submission_ids: list[str],
    theme_ids: list[str],
    labels: np.ndarray,
    secondary: np.ndarray,
    scores: np.ndarray,
    tertiary: np.ndarray | None = None,
) -> list[tuple]:
    """Return :func:`write_assignments` rows from theme indices (-1 means no such theme)."""

    def theme(index: int) -> str | None:
        return theme_ids[index] if index >= 0 else None

    third = tertiary if tertiary is not None and len(tertiary) == len(labels) else np.full(len(labels), -1)
    return [
        (sid, theme_ids[labels[i]], theme(secondary[i]), float(scores[i]), theme(third[i]))
        for i, sid in enumerate(submission_ids)
    ]


def write_assignments(store: Store, dialogue_id: str, theme_run_id: str, rows: list[tuple]) -> int:
    """Upsert ``(submission, theme, secondary, score[, tertiary])`` rows; return how many changed theme.

    The tertiary theme (issue 13 §5) is optional in a row so older callers keep working.
    """
    import pyarrow as pa

    if not rows:
        return 0
    table = pa.table(
        {
            "submission_id": [r[0] for r in rows],
            "theme_id": [r[1] for r in rows],
            "secondary_theme_id": pa.array([r[2] for r in rows], pa.string()),
            "tertiary_theme_id": pa.array([r[4] if len(r) > 4 else None for r in rows], pa.string()),
            "score": [r[3] for r in rows],
        }
    )
    store.register("_theme_rows", table)
    try:
        moved = store.scalar(
            "SELECT count(*) FROM theme_assignments a JOIN _theme_rows r USING (submission_id) "
            "WHERE a.theme_id <> r.theme_id"
        )
        store.execute("DELETE FROM theme_assignments WHERE submission_id IN (SELECT submission_id FROM _theme_rows)")
        store.execute(
            "INSERT INTO theme_assignments "
            "(submission_id, dialogue_id, theme_id, secondary_theme_id, tertiary_theme_id, score, theme_run_id) "
            "SELECT submission_id, ?, theme_id, secondary_theme_id, tertiary_theme_id, score, ? FROM _theme_rows",
            [dialogue_id, theme_run_id],
        )
    finally:
        store.unregister("_theme_rows")
    return int(moved or 0)


def write_run(
    store: Store,
    run_id: str,
    dialogue_id: str,
    kind: str,
    meta: dict[str, Any],
    n_docs: int,
    outlier_share: float,
    model_path: str,
    parent: str | None,
    moved: int,
) -> None:
    """Record one theme run (replacing an earlier record of the same run id)."""
    store.execute("DELETE FROM theme_runs WHERE id = ?", [run_id])
    store.execute(
        "INSERT INTO theme_runs (id, dialogue_id, kind, model_name, params, versions, input_fingerprint, n_docs, "
        "outlier_share, model_path, parent_run_id, moved) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            run_id,
            dialogue_id,
            kind,
            "lyhord-themes.v1",
            json.dumps(meta.get("params", {}), ensure_ascii=False),
            json.dumps(meta.get("versions", {})),
            meta.get("input_fingerprint"),
            n_docs,
            outlier_share,
            model_path,
            parent,
            moved,
        ],
    )


def write_themes(
    store: Store,
    dialogue_id: str,
    theme_run_id: str,
    fit: ThemeFit,
    theme_ids: list[str],
    docs: list[dict[str, Any]],
    E: np.ndarray,
    *,
    refresh_only: bool = False,
) -> None:
    """Write every theme with size, share, representatives, parent and breakdowns.

    Sizes come from the store's current assignments, so an assign-only run
    (``refresh_only``) updates the figures of the existing themes in place.
    Themes of earlier fits that were not carried over are marked inactive.
    """
    current = dict(
        store.fetchall("SELECT submission_id, theme_id FROM theme_assignments WHERE dialogue_id = ?", [dialogue_id])
    )
    doc_ids = [d["id"] for d in docs]
    assigned = np.array([current.get(i, "") for i in doc_ids])
    sizes = [int(np.sum(assigned == tid)) for tid in theme_ids]
    keep = [t.origin != "other" and s > 0 for t, s in zip(fit.themes, sizes, strict=True)]
    parents = hierarchy(fit.centroids, sizes, keep)
    total = max(len(docs), 1)
    rows = []
    for i, (theme, tid) in enumerate(zip(fit.themes, theme_ids, strict=True)):
        members = np.where(assigned == tid)[0]
        rows.append(
            [
                tid,
                dialogue_id,
                theme_run_id,
                theme.label,
                theme.keywords,
                theme.origin,
                theme.scheme_id,
                _parent_id(theme_ids, parents[i]),
                sizes[i],
                sizes[i] / total,
                representatives(E, members, doc_ids),
                json.dumps(breakdowns(docs, members), ensure_ascii=False),
            ]
        )
    if not refresh_only:
        store.execute("UPDATE themes SET active = false WHERE dialogue_id = ?", [dialogue_id])
    store.execute(f"DELETE FROM themes WHERE id IN ({','.join('?' * len(theme_ids))})", theme_ids)
    store.executemany(
        "INSERT INTO themes (id, dialogue_id, theme_run_id, label, keywords, origin, scheme_id, parent_id, size, "
        "share, representative_ids, breakdowns, active) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, true)",
        rows,
    )


def _parent_id(theme_ids: list[str], index: int | None) -> str | None:
    return theme_ids[index] if index is not None else None

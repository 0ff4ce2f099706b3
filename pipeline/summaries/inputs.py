"""Load what a theme summary is made from: members, their vectors, dialogue totals."""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from pipeline.store import Store
from pipeline.summaries.text import tokens

MEMBER_COLUMNS = ("id", "text", "text_hash", "channel", "district", "age_group", "language", "received_at")


@dataclass
class ThemeInput:
    """One active theme with its anonymized members (never raw text)."""

    theme: dict[str, Any]
    members: list[dict[str, Any]]
    vectors: np.ndarray | None = None
    vector_model: str | None = None
    fingerprint: str = ""


@dataclass
class DialogueTotals:
    """Dialogue-wide counts that theme differences are measured against."""

    total: int
    by: dict[str, Counter[str]] = field(default_factory=dict)
    background: Counter[str] = field(default_factory=Counter)


def month_of(value: Any) -> str | None:
    """Return ``YYYY-MM`` for a timestamp, or None."""
    return None if value is None else f"{value.year:04d}-{value.month:02d}"


def active_themes(store: Store, dialogue_id: str | None) -> list[dict[str, Any]]:
    """Return active themes (optionally of one dialogue), largest first."""
    sql = (
        "SELECT id, dialogue_id, theme_run_id, label, keywords, size, share, representative_ids "
        "FROM theme_view WHERE active"
    )
    params: list[Any] = []
    if dialogue_id is not None:
        sql += " AND dialogue_id = ?"
        params.append(dialogue_id)
    return store.records(sql + " ORDER BY dialogue_id, size DESC, id", params)


def load_members(store: Store, theme_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Return each theme's members (anonymized submissions), ordered by id.

    A submission that raises the theme as a secondary topic is a member too (issue 13 §5):
    it is evidence for the theme's points. Each member carries ``rank`` (1 primary,
    2 and 3 the other themes it raises) from the read model's ``theme_mentions``.
    """
    rows = store.records(
        f"SELECT a.theme_id, a.rank, {', '.join('s.' + c for c in MEMBER_COLUMNS)} "
        "FROM theme_mentions a JOIN submissions s ON s.id = a.submission_id "
        "WHERE list_contains(?, a.theme_id) ORDER BY a.theme_id, s.id",
        [theme_ids],
    )
    out: dict[str, list[dict[str, Any]]] = {t: [] for t in theme_ids}
    for row in rows:
        out[row.pop("theme_id")].append(row)
    return out


def pick_model(store: Store, dialogue_id: str) -> str | None:
    """Return the embedding model covering most of the dialogue's submissions."""
    return store.scalar(
        "SELECT e.model FROM embeddings e JOIN submissions s ON s.text_hash = e.text_hash "
        "WHERE s.dialogue_id = ? GROUP BY e.model ORDER BY count(*) DESC, e.model LIMIT 1",
        [dialogue_id],
    )


def load_vectors(store: Store, model: str, hashes: list[str]) -> dict[str, np.ndarray]:
    """Return unit-normalised vectors by text hash for ``model``."""
    sql = "SELECT text_hash, vector FROM embeddings WHERE model = ? AND list_contains(?, text_hash)"
    params = [model, sorted(set(hashes))]
    try:
        import pyarrow  # noqa: F401 - only to choose the fast path
    except ImportError:
        rows = store.fetchall(sql, params)
        keys, matrix = [r[0] for r in rows], np.asarray([r[1] for r in rows], dtype=np.float32)
    else:
        keys, matrix = _arrow_vectors(store.arrow(sql, params))
    if not keys:
        return {}
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    matrix = (matrix / np.where(norms == 0, 1, norms)).astype(np.float32)
    return dict(zip(keys, matrix, strict=True))


def _arrow_vectors(table: Any) -> tuple[list[str], np.ndarray]:
    """Turn an Arrow (text_hash, vector) table into keys and a matrix without Python lists."""
    keys = table.column("text_hash").to_pylist()
    if not keys:
        return [], np.empty((0, 0), dtype=np.float32)
    column = table.column("vector").combine_chunks()
    flat = column.flatten().to_numpy(zero_copy_only=False)
    if len(flat) % len(keys):
        return keys, np.asarray(column.to_pylist(), dtype=np.float32)
    return keys, flat.astype(np.float32).reshape(len(keys), -1)


def dialogue_totals(store: Store, dialogue_id: str) -> DialogueTotals:
    """Count the dialogue's theme-assigned submissions (each once) by channel, district, age group and month."""
    from pipeline.summaries.differences import count_by  # late: differences imports this module

    rows = store.records(
        "SELECT s.channel, s.district, s.age_group, s.received_at, s.text FROM submissions s "
        "JOIN theme_assignments a ON a.submission_id = s.id WHERE s.dialogue_id = ?",
        [dialogue_id],
    )
    counted = count_by(rows)
    background: Counter[str] = Counter()
    for row in rows:
        background.update(set(tokens(row["text"])))
    by = {dim: Counter(counts) for dim, counts in counted.counts.items()}
    return DialogueTotals(total=counted.total, by=by, background=background)


def fingerprint(members: list[dict[str, Any]], method: str, params: dict[str, Any]) -> str:
    """Hash what a summary depends on: member ids and texts, method and parameters."""
    digest = hashlib.sha256(f"{method}\x1f{sorted(params.items())}".encode())
    for member in sorted(members, key=lambda m: m["id"]):
        digest.update(f"\x1e{member['id']}\x1f{member['text_hash']}".encode())
    return digest.hexdigest()[:32]

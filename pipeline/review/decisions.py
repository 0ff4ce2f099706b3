"""Officials' decisions on the theme structure: labels, merges and splits.

This module is the only writer of ``theme_decisions`` and ``assignment_decisions``.
The themes stage never reads or writes them; the read model (the views
``theme_view``, ``theme_members`` and ``theme_mentions``, migrations 041 and 043)
applies them on top of whatever the model found last, so a nightly assign, a refit
or a re-summarise can never undo them.

A placement (:func:`place`, a split) wins over the model's secondary theme too: a
placed submission is not counted again, as a secondary mention, in the theme the
official took it out of (migration 043). A merge carries secondary mentions along,
and a submission never counts twice in one theme.
"""

from __future__ import annotations

from typing import Any

from pipeline.review.state import now
from pipeline.store import Store


def _upsert(store: Store, theme: dict[str, Any], actor: str, **fields: Any) -> None:
    exists = store.scalar("SELECT count(*) FROM theme_decisions WHERE theme_id = ?", [theme["id"]])
    if exists:
        sets = ", ".join(f"{k} = ?" for k in fields)
        store.execute(
            f"UPDATE theme_decisions SET {sets}, updated_at = ?, updated_by = ? WHERE theme_id = ?",
            [*fields.values(), now(), actor, theme["id"]],
        )
        return
    cols = ["theme_id", "dialogue_id", *fields, "updated_at", "updated_by"]
    store.execute(
        f"INSERT INTO theme_decisions ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
        [theme["id"], theme["dialogue_id"], *fields.values(), now(), actor],
    )


def set_label(store: Store, theme: dict[str, Any], label: str, actor: str) -> None:
    """Record the officials' label for ``theme``; inside a transaction."""
    _upsert(store, theme, actor, label=label)


def set_merged(store: Store, sources: list[dict[str, Any]], into: str, actor: str) -> None:
    """Record that ``sources`` were merged into ``into``; inside a transaction.

    Themes merged earlier into one of the sources follow them, so ``merged_into``
    always names a theme that is itself not merged away (one join resolves it).
    """
    ids = [t["id"] for t in sources]
    for theme in sources:
        _upsert(store, theme, actor, merged_into=into)
    store.execute(
        "UPDATE theme_decisions SET merged_into = ?, updated_at = ?, updated_by = ? "
        "WHERE list_contains(?, merged_into)",
        [into, now(), actor, ids],
    )


def create_split(
    store: Store, parent: dict[str, Any], new_id: str, label: str, submission_ids: list[str], actor: str
) -> None:
    """Create the theme ``new_id`` split from ``parent`` and place the submissions in it."""
    store.execute(
        "INSERT INTO theme_decisions (theme_id, dialogue_id, label, created_by_split, parent_id, updated_at, "
        "updated_by) VALUES (?, ?, ?, true, ?, ?, ?)",
        [new_id, parent["dialogue_id"], label, parent["id"], now(), actor],
    )
    place(store, parent["dialogue_id"], submission_ids, new_id, actor)


def place(store: Store, dialogue_id: str, submission_ids: list[str], theme_id: str, actor: str) -> None:
    """Pin submissions to ``theme_id``, replacing earlier placements; inside a transaction."""
    store.execute("DELETE FROM assignment_decisions WHERE list_contains(?, submission_id)", [submission_ids])
    store.executemany(
        "INSERT INTO assignment_decisions (submission_id, dialogue_id, theme_id, decided_at, decided_by) "
        "VALUES (?, ?, ?, ?, ?)",
        [(sid, dialogue_id, theme_id, now(), actor) for sid in submission_ids],
    )


def split_ids(store: Store, theme_id: str) -> list[str]:
    """Return the ids of themes already split from ``theme_id``."""
    rows = store.fetchall("SELECT theme_id FROM theme_decisions WHERE parent_id = ? AND created_by_split", [theme_id])
    return [r[0] for r in rows]

"""Counts per dialogue, channel and stage, for `lyhord status` and the web app."""

from __future__ import annotations

from typing import Any

from pipeline.store import Store


def _counts(store: Store, sql: str, params: list[Any] | None = None) -> dict[tuple[str, str], int]:
    return {(r[0], r[1]): int(r[2]) for r in store.fetchall(sql, params)}


def dialogue_status(store: Store) -> list[dict[str, Any]]:
    """Return one dict per dialogue: id, title, counts per channel and per stage, last runs."""
    with store.raw_access("status counts"):
        received = _counts(
            store,
            "SELECT dialogue_id, channel, count(*) FROM submissions_raw GROUP BY ALL",
        )
    anonymized = _counts(store, "SELECT dialogue_id, channel, count(*) FROM submissions GROUP BY ALL")
    themed = {r[0]: r[1] for r in store.fetchall("SELECT dialogue_id, count(*) FROM theme_assignments GROUP BY ALL")}
    themes = {
        r[0]: r[1] for r in store.fetchall("SELECT dialogue_id, count(*) FROM theme_view WHERE active GROUP BY ALL")
    }
    reviews = {
        (r[0], r[1]): r[2]
        for r in store.fetchall("SELECT dialogue_id, status, count(*) FROM theme_reviews GROUP BY ALL")
    }
    rejects = {r[0]: r[1] for r in store.fetchall("SELECT dialogue_id, count(*) FROM rejects GROUP BY ALL")}
    last_runs = {
        r[0]: {"flow": r[1], "finished_at": r[2], "status": r[3]}
        for r in store.fetchall(
            "SELECT dialogue_id, flow, finished_at, status FROM pipeline_runs "
            "QUALIFY row_number() OVER (PARTITION BY dialogue_id ORDER BY started_at DESC) = 1"
        )
    }
    last_nightly = store.fetchone(
        "SELECT finished_at, status FROM pipeline_runs WHERE flow = 'nightly' AND status <> 'refused' "
        "ORDER BY started_at DESC LIMIT 1"
    )
    scheduled = store.records(
        "SELECT started_at, finished_at, status, error FROM pipeline_runs WHERE trigger = 'schedule' "
        "ORDER BY started_at DESC LIMIT 1"
    )
    out = []
    for row in store.records("SELECT id, title, created_at FROM dialogues ORDER BY created_at, id"):
        did = row["id"]
        channels = sorted({c for (d, c) in received if d == did})
        out.append(
            {
                "id": did,
                "title": row["title"],
                "channels": {
                    c: {"received": received.get((did, c), 0), "anonymized": anonymized.get((did, c), 0)}
                    for c in channels
                },
                "stages": {
                    "received": sum(v for (d, _), v in received.items() if d == did),
                    "rejected": int(rejects.get(did, 0)),
                    "anonymized": sum(v for (d, _), v in anonymized.items() if d == did),
                    "themed": int(themed.get(did, 0)),
                    "themes": int(themes.get(did, 0)),
                    "approved": int(reviews.get((did, "approved"), 0) + reviews.get((did, "edited"), 0)),
                    "draft": int(reviews.get((did, "draft"), 0)),
                    "rejected_themes": int(reviews.get((did, "rejected"), 0)),
                },
                "last_run": last_runs.get(did),
                "last_nightly": ({"finished_at": last_nightly[0], "status": last_nightly[1]} if last_nightly else None),
                "last_scheduled": scheduled[0] if scheduled else None,
            }
        )
    return out


FAILED = ("failed", "crashed", "interrupted", "refused")


def scheduled_failure(row: dict[str, Any]) -> dict[str, Any] | None:
    """Return the last scheduled run of a status row when it did not complete, else None."""
    run = row.get("last_scheduled")
    return run if run and run["status"] in FAILED else None


def last_scheduled_failure(store: Store) -> dict[str, Any] | None:
    """Return the last scheduled run when it did not complete (for the dialogue pages), else None."""
    rows = store.records(
        "SELECT started_at, status, error FROM pipeline_runs WHERE trigger = 'schedule' "
        "ORDER BY started_at DESC LIMIT 1"
    )
    return rows[0] if rows and rows[0]["status"] in FAILED else None

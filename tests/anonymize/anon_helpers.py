"""Helpers shared by the anonymization tests (imported by name; no package)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any


def insert_raw(store, rows: Sequence[dict[str, Any]]) -> None:
    """Insert raw submissions (tests only; real rows come from ingest)."""
    with store.raw_access("test: seed"):
        for i, row in enumerate(rows):
            values = {
                "id": row.get("id", f"s{i:04d}"),
                "dialogue_id": row.get("dialogue_id", "d1"),
                "channel": row.get("channel", "webform"),
                "source": "test.jsonl",
                "source_key": row.get("id", f"s{i:04d}"),
                "content_hash": f"h{i}",
                "ingest_run_id": "ingest-test",
                "received_at": row.get("received_at", datetime(2026, 1, 1)),
                **{k: v for k, v in row.items() if k not in ("id", "dialogue_id", "channel", "received_at")},
            }
            cols = ", ".join(values)
            store.execute(
                f"INSERT INTO submissions_raw ({cols}) VALUES ({', '.join('?' for _ in values)})", list(values.values())
            )

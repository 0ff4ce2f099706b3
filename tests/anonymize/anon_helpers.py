"""Helpers shared by the anonymization tests (imported by name; no package)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from pipeline.anonymize.spans import Span


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


FAKE_NAMES = ("Anna-Karin", "Anna", "Svensson", "Erik", "Öberg", "Karin", "Lindqvist", "Yusuf", "Hassan")
_FAKE = re.compile(rf"(?<!\w)(?:{'|'.join(FAKE_NAMES)})(?::s|s)?(?!\w)")


class FakeNames:
    """Finds only the names in FAKE_NAMES (with possessive -s); joins neighbours into one span."""

    def detect_many(self, texts: Sequence[str]) -> list[list[Span]]:
        out = []
        for text in texts:
            spans: list[Span] = []
            for m in _FAKE.finditer(text):
                if spans and text[spans[-1].end : m.start()] == " ":
                    spans[-1] = Span(spans[-1].start, m.end(), "PERSON", "fake-names@1", 0.9)
                else:
                    spans.append(Span(m.start(), m.end(), "PERSON", "fake-names@1", 0.9))
            out.append(spans)
        return out

    def detect(self, text: str) -> list[Span]:
        return self.detect_many([text])[0]


def persons(anonymizer: Any, text: str) -> list[str]:
    """Return the PERSON spans ``anonymizer`` finds in ``text``, as the text they cover."""
    return [text[s.start : s.end] for s in anonymizer.analyze(text) if s.label == "PERSON"]

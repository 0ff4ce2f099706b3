"""What an ingest batch did: counts and rejects, never resident text."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

COUNT_KEYS = ("accepted", "duplicates", "rejected", "skipped_empty", "files")


@dataclass
class Reject:
    """A file, row or message that could not be ingested, and why (in words an analyst reads)."""

    source: str
    position: str
    reason: str
    quarantine_path: str | None = None

    def __getitem__(self, key: str) -> str | None:
        """Allow ``reject["reason"]`` as well as ``reject.reason``."""
        return asdict(self)[key]

    def get(self, key: str, default: str | None = None) -> str | None:
        """Dict-style access with a default."""
        return asdict(self).get(key, default)


@dataclass
class IngestReport:
    """Counts and rejects of one ingest batch.

    ``counts`` has ``accepted`` (new rows), ``duplicates`` (already stored or
    repeated in the batch), ``rejected``, ``skipped_empty`` (empty answers) and
    ``files``; ``skipped_files`` counts hidden or lock files passed over.
    """

    run_id: str
    dialogue_id: str
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNT_KEYS, 0))
    rejects: list[Reject] = field(default_factory=list)
    channels: dict[str, int] = field(default_factory=dict)

    def add_reject(self, reject: Reject) -> None:
        """Record one reject."""
        self.rejects.append(reject)
        self.counts["rejected"] = self.counts.get("rejected", 0) + 1

    def summary(self) -> str:
        """Return a one-line summary (counts only) for logs."""
        c = self.counts
        return (
            f"ingest {self.run_id} -> {self.dialogue_id}: accepted={c['accepted']} "
            f"duplicates={c['duplicates']} rejected={c['rejected']} "
            f"skipped_empty={c['skipped_empty']} files={c['files']}"
        )

    def summary_sv(self) -> str:
        """Return the one-line Swedish summary the CLI prints."""
        c = self.counts
        return (
            f"Inläsning klar ({self.dialogue_id}): {c['accepted']} nya, {c['duplicates']} dubbletter, "
            f"{c['rejected']} avvisade, {c['skipped_empty']} tomma svar hoppades över, "
            f"{c['files']} filer."
        )

    def to_dict(self) -> dict[str, Any]:
        """Return counts and rejects as plain data."""
        return {
            "run_id": self.run_id,
            "dialogue_id": self.dialogue_id,
            "counts": dict(self.counts),
            "channels": dict(self.channels),
            "rejects": [asdict(r) for r in self.rejects],
        }

    def to_json(self) -> str:
        """Return :meth:`to_dict` as JSON."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

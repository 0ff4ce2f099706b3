"""The state one ingest batch shares with its connectors."""

from __future__ import annotations

import hashlib
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.ingest.report import IngestReport, Reject
from pipeline.ingest.staging import Stager, bulk_insert
from pipeline.settings import Settings
from pipeline.store import Store

_FLUSH_EVERY = 5000


SMALL_FILE = 1 << 20  # files up to this size are read once and kept in memory while ingested


@dataclass
class FileInfo:
    """One input file: where it is, what to call it, and its content hash.

    ``data`` holds the bytes of a small file (read once for hashing), so connectors
    reading ``read_bytes()`` do not open it again.
    """

    path: Path
    name: str
    sha256: str
    size: int
    data: bytes | None = None
    encoding: Any = None  # textio.Encoding, once detected

    @property
    def suffix(self) -> str:
        """Lower-case extension with the dot (``.csv``)."""
        return self.path.suffix.lower()

    def read_bytes(self) -> bytes:
        """Return the file's bytes (cached for small files)."""
        return self.data if self.data is not None else self.path.read_bytes()

    def head(self, size: int = 8192) -> bytes:
        """Return the first ``size`` bytes."""
        if self.data is not None:
            return self.data[:size]
        with self.path.open("rb") as fh:
            return fh.read(size)

    @classmethod
    def read(cls, path: Path, name: str) -> FileInfo:
        """Describe ``path``: small files are read once, large ones hashed in chunks."""
        size = path.stat().st_size
        if size <= SMALL_FILE:
            data = path.read_bytes()
            return cls(path, name, hashlib.sha256(data).hexdigest(), len(data), data)
        return cls(path, name, file_sha256(path), size)


def file_sha256(path: Path) -> str:
    """Return the sha256 hex digest of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass
class IngestContext:
    """Store, settings and the open stage of one batch; connectors add rows and rejects here."""

    store: Store
    settings: Settings
    run_id: str
    dialogue_id: str
    report: IngestReport
    stager: Stager
    tmp_dir: Path
    text_column: str | None = None
    _pending: list[dict[str, Any]] = field(default_factory=list)
    _reject_keys: list[tuple[str, str, str, str]] = field(default_factory=list)

    def add_record(self, record: dict[str, Any]) -> None:
        """Queue one row (a dict of staging columns); flushed to the stage in chunks."""
        self._pending.append(record)
        if len(self._pending) >= _FLUSH_EVERY:
            self.flush()

    def flush(self) -> None:
        """Write queued rows to the stage."""
        if self._pending:
            pending, self._pending = self._pending, []
            self.stager.append_records(pending)

    def discard_pending(self, source: str) -> None:
        """Drop queued rows of ``source`` (its file turned out broken after all)."""
        self._pending = [r for r in self._pending if r.get("source") != source]

    def reject(self, info: FileInfo, position: str, reason: str, *, data: bytes | None = None) -> None:
        """Record a reject and quarantine the file (``data`` None) or the given part of it."""
        quarantine = self._quarantine(info, position, data)
        self.report.add_reject(Reject(info.name, position, reason, quarantine))
        self._reject_keys.append((info.sha256, position, reason, info.name))

    def _quarantine(self, info: FileInfo, position: str, data: bytes | None) -> str | None:
        folder = Path(self.settings.data_dir) / "quarantine"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            base = f"{info.sha256[:12]}-{_safe(info.path.name)}"
            if data is None:
                target = folder / base
                if not target.exists():
                    shutil.copyfile(info.path, target)
            else:
                target = folder / f"{base}.{_safe(position)}.txt"
                target.write_bytes(data)
        except OSError:
            return None
        return str(target)

    def write_rejects(self) -> None:
        """Insert this batch's rejects; one already recorded for the same input is not repeated."""
        rows = []
        for (sha, position, reason, source), reject in zip(self._reject_keys, self.report.rejects, strict=True):
            key = f"{self.dialogue_id}\x1f{sha}\x1f{position}\x1f{reason}"
            rid = "r-" + hashlib.sha256(key.encode()).hexdigest()[:16]
            rows.append([rid, self.run_id, self.dialogue_id, source, position, reason, reject.quarantine_path])
        unique = list({row[0]: row for row in rows}.values())
        columns = ["id", "ingest_run_id", "dialogue_id", "source", "position", "reason", "quarantine_path"]
        bulk_insert(
            self.store,
            unique,
            columns,
            "INSERT INTO rejects ({cols}) SELECT {cols} FROM {table} WHERE true ON CONFLICT (id) DO NOTHING",
        )


def _safe(name: str) -> str:
    return re.sub(r"[^\w.-]+", "_", name)[:80]

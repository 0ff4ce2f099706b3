"""The nightly inbox scan: ingest files in ``settings.inbox_dirs`` that were not read before.

Files already in the ``ingest_files`` ledger are skipped by path, size and
modification time without reading them, then by content hash, so a night
over 100,000 old files reads almost nothing.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.dialogues import ensure_default_dialogue, get_dialogue
from pipeline.ingest.context import file_sha256
from pipeline.ingest.runner import ingest_paths, is_own_file, is_skippable, walk_files
from pipeline.settings import Settings
from pipeline.stages import StageResult
from pipeline.store import Store


def _inbox_files(settings: Settings) -> tuple[list[Path], list[str]]:
    files: list[Path] = []
    notes: list[str] = []
    for folder in settings.inbox_dirs:
        folder = Path(folder)
        if not folder.is_dir():
            notes.append(f"inbox folder missing: {folder}")
            continue
        files.extend(
            path
            for path, name in walk_files(folder.resolve())
            if not is_skippable(name) and not is_own_file(path, settings)
        )
    return files, notes


def new_inbox_files(store: Store, settings: Settings, dialogue_id: str) -> tuple[list[Path], int]:
    """Return inbox files not yet ingested into ``dialogue_id``, and how many were skipped as seen."""
    rows = store.fetchall("SELECT path, size, mtime, sha256 FROM ingest_files WHERE dialogue_id = ?", [dialogue_id])
    by_path = {r[0]: (r[1], r[2]) for r in rows}
    hashes = {r[3] for r in rows}
    files, _ = _inbox_files(settings)
    new: list[Path] = []
    seen = 0
    for path in files:
        stat = path.stat()
        if by_path.get(str(path)) == (stat.st_size, stat.st_mtime) or file_sha256(path) in hashes:
            seen += 1
        else:
            new.append(path)
    return new, seen


def ingest_inbox(store: Store, *, settings: Settings, run_id: str, dialogue_id: str | None = None) -> StageResult:
    """Ingest new files from the configured inbox folders (a stage: counts only)."""
    dialogue = get_dialogue(store, dialogue_id) if dialogue_id else ensure_default_dialogue(store)
    _, notes = _inbox_files(settings)
    new, seen = new_inbox_files(store, settings, dialogue.id)
    counts = {"accepted": 0, "duplicates": 0, "rejected": 0, "skipped_empty": 0, "files": 0, "already_seen": seen}
    if new:
        report = ingest_paths(store, new, settings=settings, run_id=run_id, dialogue_id=dialogue.id)
        counts.update({k: v for k, v in report.counts.items()})
    return StageResult("ingest", run_id, counts, notes)

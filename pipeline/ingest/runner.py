"""Ingesting a batch of paths: stage every file, then one transaction into the store.

Phase 1 reads each file into a temporary stage outside any transaction, so a
broken file costs only itself. Phase 2 inserts the new rows, the rejects, the
file ledger and the ``ingest_runs`` row in one transaction: a ``kill -9`` at
any moment leaves the store as it was, and a re-run gives what a clean run gives.
"""

from __future__ import annotations

import glob
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from pipeline.dialogues import ensure_default_dialogue, get_dialogue
from pipeline.errors import InputError
from pipeline.ingest.connectors import load_all
from pipeline.ingest.context import FileInfo, IngestContext
from pipeline.ingest.detect import UnknownFormat, check_channel, connector_name
from pipeline.ingest.report import IngestReport
from pipeline.ingest.staging import Stager, bulk_insert
from pipeline.settings import Settings
from pipeline.store import Store

log = logging.getLogger(__name__)
ProgressHook = Callable[[int, int, str], None]


def expand_paths(paths: Sequence[str | Path]) -> list[tuple[Path, str]]:
    """Expand files, folders (recursive) and globs to ``(path, display name)`` pairs.

    Raises:
        InputError: a path does not exist and is not a glob that matches something.
    """
    found: dict[Path, str] = {}
    for raw in paths:
        path = Path(raw).expanduser()
        if path.is_dir():
            root = path.resolve()
            for child, name in walk_files(root):
                found.setdefault(child, name)
        elif path.is_file():
            found.setdefault(path.resolve(), path.name)
        elif any(c in str(raw) for c in "*?["):
            matches = sorted(Path(m) for m in glob.glob(str(path), recursive=True))
            files = [m for m in matches if m.is_file()]
            if not files:
                raise InputError(f"mönstret {str(raw)!r} matchar inga filer; kontrollera sökvägen")
            for match in files:
                found.setdefault(match.resolve(), match.name)
        else:
            raise InputError(f"hittar inte {str(raw)!r}; kontrollera sökvägen (fil, mapp eller mönster)")
    return list(found.items())


def walk_files(root: Path) -> list[tuple[Path, str]]:
    """Every file under ``root`` (sorted) with its path relative to ``root``; os.walk is fast on 100k files."""
    out = []
    for folder, dirs, names in os.walk(root):
        dirs.sort()
        rel = os.path.relpath(folder, root)
        for name in sorted(names):
            full = os.path.join(folder, name)
            if os.path.isfile(full):
                out.append((Path(full), name if rel == "." else f"{rel}/{name}".replace(os.sep, "/")))
    return out


def is_skippable(name: str) -> bool:
    """Whether a file is system clutter (hidden files, Office lock files, Thumbs.db), not input."""
    parts = Path(name).parts
    return any(p.startswith(".") or p.startswith("~$") for p in parts) or parts[-1] in ("Thumbs.db", "desktop.ini")


def is_own_file(path: Path, settings: Settings) -> bool:
    """Whether Lyhörd itself wrote ``path`` (the store, its WAL, quarantine, scratch): never input."""
    db = Path(settings.db_path).expanduser().resolve()
    data = Path(settings.data_dir).expanduser().resolve()
    own_dirs = (data / "quarantine", data / "tmp")
    return path in (db, db.with_name(db.name + ".wal")) or any(d in path.parents for d in own_dirs)


def _scratch_dir(settings: Settings) -> Path:
    """A fresh folder for transcoded copies, under data_dir (they hold raw text, like the store).

    Folders left by a killed run more than a day ago are removed first.
    """
    base = Path(settings.data_dir) / "tmp"
    base.mkdir(parents=True, exist_ok=True)
    cutoff = time.time() - 86_400
    for old in base.glob("ingest-*"):
        try:
            if old.stat().st_mtime < cutoff:
                shutil.rmtree(old, ignore_errors=True)
        except OSError:
            continue
    return Path(tempfile.mkdtemp(prefix="ingest-", dir=base))


def _make_hook(progress: Any, total: int) -> ProgressHook:
    if progress is None:
        return lambda done, total_, name: None
    if hasattr(progress, "add_task") and hasattr(progress, "update"):
        task = progress.add_task("Läser in", total=total)
        return lambda done, total_, name: progress.update(task, completed=done, total=total_)
    return progress


def ingest_paths(
    store: Store,
    paths: Sequence[str | Path],
    *,
    settings: Settings,
    run_id: str,
    dialogue_id: str | None = None,
    channel: str | None = None,
    text_column: str | None = None,
    progress: Any = None,
) -> IngestReport:
    """Ingest files, folders or globs into a dialogue (the default one when None).

    Args:
        store: The open store.
        paths: Files, folders (read recursively) or glob patterns.
        settings: Settings (``data_dir`` for quarantine, ``actor`` for the run record).
        run_id: Id of this ingest run.
        dialogue_id: Dialogue to file under; None uses the default dialogue.
        channel: Force a channel (``survey``, ``sms`` …) or a connector (``survey.csv.v1``).
        text_column: Name of the free-text column in tabular files.
        progress: None, a callable ``(done, total, name)`` or a rich ``Progress``.

    Returns:
        The batch's counts and rejects.

    Raises:
        InputError: a path is missing or the channel is unknown.
        NotFoundError: ``dialogue_id`` names no dialogue.
    """
    registry = load_all()
    check_channel(channel, registry.names())
    files = expand_paths(paths)
    dialogue = get_dialogue(store, dialogue_id) if dialogue_id else ensure_default_dialogue(store)
    return _run_batch(
        store,
        files,
        settings=settings,
        run_id=run_id,
        dialogue_id=dialogue.id,
        channel=channel,
        text_column=text_column,
        hook=_make_hook(progress, len(files)),
        given=[str(p) for p in paths],
    )


def _run_batch(
    store: Store,
    files: list[tuple[Path, str]],
    *,
    settings: Settings,
    run_id: str,
    dialogue_id: str,
    channel: str | None,
    text_column: str | None,
    hook: ProgressHook,
    given: list[str],
) -> IngestReport:
    started = datetime.now()
    report = IngestReport(run_id, dialogue_id)
    tmp_dir = _scratch_dir(settings)
    stager = Stager(store, dialogue_id)
    ctx = IngestContext(store, settings, run_id, dialogue_id, report, stager, tmp_dir, text_column)
    ledger: list[list[Any]] = []
    try:
        for done, (path, name) in enumerate(files, 1):
            if is_skippable(name) or is_own_file(path, settings):
                report.counts["skipped_files"] = report.counts.get("skipped_files", 0) + 1
            else:
                ledger.append(_ingest_file(ctx, path, name, channel))
            hook(done, len(files), name)
        ctx.flush()
        with store.raw_access("ingest"), store.transaction():
            loaded = stager.commit_into_raw(run_id)
            report.counts.update(
                accepted=loaded.accepted, duplicates=loaded.duplicates, skipped_empty=loaded.skipped_empty
            )
            report.channels = _channel_counts(store, run_id)
            ctx.write_rejects()
            _write_ledger(store, ledger, dialogue_id, run_id)
            _write_run(store, report, settings, started, given)
            hook(len(files), len(files), "sparar")
    finally:
        stager.drop()
        shutil.rmtree(tmp_dir, ignore_errors=True)
    log.info(report.summary())
    return report


def _ingest_file(ctx: IngestContext, path: Path, name: str, channel: str | None) -> list[Any]:
    """Read one file with its connector; return its ledger entry."""
    stat = path.stat()
    info = FileInfo.read(path, name)
    ctx.report.counts["files"] += 1
    entry = [info.sha256, str(path), stat.st_size, stat.st_mtime, None]
    if info.size == 0:
        ctx.reject(info, "fil", "filen är tom")
        return entry
    try:
        connector = connector_name(info, channel)
    except UnknownFormat as exc:
        ctx.reject(info, "fil", str(exc))
        return entry
    except Exception as exc:  # noqa: BLE001 - sniffing a broken file must not stop the batch
        ctx.reject(info, "fil", f"filformatet kunde inte avgöras ({type(exc).__name__})")
        return entry
    entry[4] = connector
    try:
        load_all().get(connector)(ctx, info)
    except Exception as exc:  # noqa: BLE001 - a broken file must never stop the batch
        log.warning("connector %s failed on a file: %s", connector, type(exc).__name__)
        ctx.discard_pending(info.name)
        ctx.reject(info, "fil", f"filen kunde inte läsas ({type(exc).__name__})")
    return entry


def _channel_counts(store: Store, run_id: str) -> dict[str, int]:
    rows = store.fetchall(
        "SELECT channel, count(*) FROM submissions_raw WHERE ingest_run_id = ? GROUP BY channel ORDER BY channel",
        [run_id],
    )
    return {r[0]: int(r[1]) for r in rows}


def _write_ledger(store: Store, ledger: Iterable[list[Any]], dialogue_id: str, run_id: str) -> None:
    rows: dict[str, list[Any]] = {}
    for sha, path, size, mtime, connector in ledger:
        rows[sha] = [dialogue_id, sha, path, size, mtime, connector, run_id]
    columns = ["dialogue_id", "sha256", "path", "size", "mtime", "connector", "ingest_run_id"]
    bulk_insert(
        store,
        list(rows.values()),
        columns,
        "INSERT INTO ingest_files ({cols}) SELECT {cols} FROM {table} WHERE true "
        "ON CONFLICT (dialogue_id, sha256) DO UPDATE SET path = excluded.path, size = excluded.size, "
        "mtime = excluded.mtime",
    )


def _write_run(store: Store, report: IngestReport, settings: Settings, started: datetime, given: list[str]) -> None:
    c = report.counts
    store.execute(
        "INSERT OR REPLACE INTO ingest_runs (id, actor, started_at, finished_at, dialogue_id, paths, accepted, "
        "duplicates, rejected, skipped_empty, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'completed')",
        [
            report.run_id,
            settings.actor,
            started,
            datetime.now(),
            report.dialogue_id,
            given[:1000],
            c["accepted"],
            c["duplicates"],
            c["rejected"],
            c["skipped_empty"],
        ],
    )

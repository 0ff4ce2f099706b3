"""The anonymize stage: raw submissions in, anonymized ``submissions`` and ``pii_findings`` out.

Incremental: ids in ``submissions_raw`` that are not yet in ``submissions`` are planned, and so
are anonymized submissions still without a ``language`` (stored before languages were), which
get one from their anonymized text (see :mod:`pipeline.anonymize.language`).
Work is split into partitions of ``settings.partition_size`` ids. The stage reads a wave of
partitions, hands the pure :func:`anonymize_texts` to a mapper (this process, or Prefect tasks
on threads or a Dask cluster), and writes each partition in one transaction with bulk inserts
of registered data frames. Nothing here logs, returns or raises resident text.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.anonymize.contact import contact_spans
from pipeline.anonymize.engine import Anonymizer, get_anonymizer
from pipeline.anonymize.erasure import log_erasure
from pipeline.anonymize.language import detect_languages
from pipeline.anonymize.operators import Redaction
from pipeline.anonymize.spans import Span
from pipeline.errors import LyhordError
from pipeline.settings import Settings
from pipeline.stages import Mapper, StageResult, partitions, serial_map
from pipeline.store import Store

log = logging.getLogger(__name__)

STAGE = "anonymize"
WAVE = 8  # partitions read, mapped and written together: bounds memory, keeps workers busy
_META = ("dialogue_id", "channel", "received_at", "district", "age_group", "language", "lon", "lat", "parent_ref")


def plan_anonymize(store: Store, *, settings: Settings, dialogue_id: str | None = None) -> list[list[str]]:
    """Return partitions of submission ids that still need anonymizing or a language (sorted, stable)."""
    sql = (
        "SELECT r.id FROM submissions_raw r WHERE r.text IS NOT NULL "
        "AND NOT EXISTS (SELECT 1 FROM submissions s WHERE s.id = r.id)"
    )
    backfill = "SELECT s.id FROM submissions s WHERE s.language IS NULL"
    params: list[Any] = []
    if dialogue_id is not None:
        sql += " AND r.dialogue_id = ?"
        backfill += " AND s.dialogue_id = ?"
        params = [dialogue_id, dialogue_id]
    with store.raw_access("anonymize: plan"):
        ids = [row[0] for row in store.fetchall(f"{sql} UNION {backfill} ORDER BY 1", params)]
    return [list(p) for p in partitions(ids, settings.partition_size)]


@dataclass
class AnonymizedPartition:
    """What :func:`anonymize_texts` returns for one partition: plain data, in input order."""

    anonymizer: str  # name@version of the engine that ran, for ``submissions.anonymizer``
    redactions: list[Redaction]
    languages: list[str]  # detected from the anonymized text where the channel did not say


def anonymize_texts(
    items: Sequence[tuple[str, str | None, Sequence[Span]]], *, models_dir: Path, anonymizer: Anonymizer | None = None
) -> AnonymizedPartition:
    """Anonymize one partition of texts; pure, so it may run in any process or on a Dask worker.

    Args:
        items: ``(text, language, extra_spans)`` per submission; the extra spans are the
            submitter's own contact details, found by the owning process.
        models_dir: Where the name model is (workers need the same ``models/``).
        anonymizer: Use this anonymizer instead of the full one from ``models_dir``.

    Raises:
        RuntimeError: anonymization failed; the message never quotes the text.
    """
    engine = anonymizer if anonymizer is not None else get_anonymizer(models_dir)
    try:
        texts = [item[0] for item in items]
        redactions = engine.anonymize_many(texts, [list(item[2]) for item in items], [item[1] for item in items])
        languages = detect_languages([red.text for red in redactions], [item[1] for item in items])
    except LyhordError:
        raise  # our own messages never quote resident text
    except Exception as exc:  # noqa: BLE001 - library messages may quote the text being processed
        raise RuntimeError(
            f"anonymization failed in {type(exc).__name__} for a partition of {len(items)} submissions; "
            "the message is withheld because it may quote resident text"
        ) from None
    return AnonymizedPartition(engine.name, redactions, languages)


def anonymize_partition(
    store: Store, ids: Sequence[str], *, settings: Settings, run_id: str, anonymizer: Anonymizer | None = None
) -> StageResult:
    """Anonymize the raw submissions ``ids`` that are not yet anonymized (one partition, in this process).

    Args:
        store: The open store.
        ids: Submission ids (one partition from :func:`plan_anonymize`).
        settings: Settings; ``models_dir`` locates the name model.
        run_id: Written to ``submissions.anonymize_run_id`` and ``pii_findings.run_id``.
        anonymizer: Use this anonymizer instead of the full one from ``settings.models_dir``.
    """
    return _anonymize_wave(store, [ids], settings, run_id, anonymizer, serial_map)


def _anonymize_wave(
    store: Store,
    plan: Sequence[Sequence[str]],
    settings: Settings,
    run_id: str,
    anonymizer: Anonymizer | None,
    mapper: Mapper,
) -> StageResult:
    """Read the partitions ``plan``, anonymize them through ``mapper``, write each in its own transaction."""
    result = StageResult(STAGE, run_id, {"submissions": 0, "findings": 0, "skipped": 0})
    reads = []
    for ids in plan:
        filled = fill_missing_languages(store, ids)
        rows = _pending_rows(store, ids)
        result.counts["skipped"] += len(set(ids)) - len(rows) - filled
        if filled:
            result.counts["languages_filled"] = result.counts.get("languages_filled", 0) + filled
        if rows:
            reads.append(rows)
    work = partial(anonymize_texts, models_dir=settings.models_dir, anonymizer=anonymizer)
    items = [[(r["text"], r["language"], _contact(r)) for r in rows] for rows in reads]
    for rows, done in zip(reads, mapper(work, items), strict=True):
        result = result.add(_write_partition(store, rows, done, run_id))
    log.info("%s %s: %s", STAGE, run_id, result.summary())
    return result


def _contact(row: dict[str, Any]) -> tuple[Span, ...]:
    return tuple(contact_spans(row["text"], row["contact_name"], row["contact_email"], row["contact_phone"]))


def _write_partition(store: Store, rows: list[dict[str, Any]], done: AnonymizedPartition, run_id: str) -> StageResult:
    subs, findings = _tables(rows, done, run_id)
    with store.transaction():
        _insert(store, "submissions", subs)
        _insert(store, "pii_findings", findings)
    counts = {"submissions": len(subs), "findings": len(findings)}
    for label in findings["label"].tolist():
        key = f"found_{label.lower()}"
        counts[key] = counts.get(key, 0) + 1
    return StageResult(STAGE, run_id, counts)


def _pending_rows(store: Store, ids: Sequence[str]) -> list[dict[str, Any]]:
    cols = ", ".join(f"r.{c}" for c in ("id", *_META, "text", "contact_name", "contact_email", "contact_phone"))
    with store.raw_access("anonymize: read partition"):
        return store.records(
            f"SELECT {cols} FROM submissions_raw r WHERE r.id IN (SELECT unnest(?::VARCHAR[])) "
            "AND r.text IS NOT NULL AND NOT EXISTS (SELECT 1 FROM submissions s WHERE s.id = r.id) "
            "ORDER BY r.id",
            [list(ids)],
        )


def _tables(rows: list[dict[str, Any]], done: AnonymizedPartition, run_id: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    subs: dict[str, list[Any]] = {k: [] for k in ("id", *_META, "text", "text_hash")}
    found: dict[str, list[Any]] = {
        k: [] for k in ("submission_id", "label", "start_pos", "end_pos", "detector", "score")
    }
    for row, red, language in zip(rows, done.redactions, done.languages, strict=True):
        for key in ("id", *_META):
            subs[key].append(language if key == "language" else row[key])
        subs["text"].append(red.text)
        subs["text_hash"].append(hashlib.sha256(red.text.encode("utf-8")).hexdigest())
        for span in red.spans:
            for key, value in zip(
                found, (row["id"], span.label, span.start, span.end, span.detector, span.score), strict=True
            ):
                found[key].append(value)
    n, m = len(rows), len(found["label"])
    # Object columns: DuckDB then reads None as NULL (a float NaN would be stored as NaN).
    subs_table = pd.DataFrame(
        {**subs, "anonymizer": [done.anonymizer] * n, "anonymize_run_id": [run_id] * n}, dtype=object
    )
    found_table = pd.DataFrame({**found, "run_id": [run_id] * m}, dtype=object)
    return subs_table, found_table


def fill_missing_languages(store: Store, ids: Sequence[str]) -> int:
    """Give the anonymized submissions among ``ids`` that have no language one; return how many.

    Reads only anonymized text, so it also works after the raw text is purged. Idempotent:
    a submission with a language is never touched again.
    """
    rows = store.fetchall(
        "SELECT id, text FROM submissions WHERE language IS NULL AND id IN (SELECT unnest(?::VARCHAR[])) ORDER BY id",
        [list(ids)],
    )
    if not rows:
        return 0
    found = pd.DataFrame({"id": [r[0] for r in rows], "language": detect_languages([r[1] for r in rows])}, dtype=object)
    store.register("_anon_languages", found)
    try:
        with store.transaction():
            store.execute(
                "UPDATE submissions SET language = l.language FROM _anon_languages l "
                "WHERE submissions.id = l.id AND submissions.language IS NULL"
            )
    finally:
        store.unregister("_anon_languages")
    return len(rows)


def _insert(store: Store, table: str, data: pd.DataFrame) -> None:
    if len(data) == 0:
        return
    view = f"_anon_{table}"
    store.register(view, data)
    try:
        cols = ", ".join(data.columns)
        store.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM {view}")
    finally:
        store.unregister(view)


def anonymize(
    store: Store,
    *,
    settings: Settings,
    run_id: str,
    dialogue_id: str | None = None,
    anonymizer: Anonymizer | None = None,
    mapper: Mapper = serial_map,
) -> StageResult:
    """Anonymize every pending submission: plan, then read → map → write in waves of partitions.

    Args:
        store: The open store (only this process reads and writes it).
        settings: Settings; ``partition_size`` sets the unit of work.
        run_id: The run.
        dialogue_id: Only this dialogue; every dialogue when None.
        anonymizer: Use this anonymizer instead of the full one (tests, benchmarks; in-process mappers only).
        mapper: Runs :func:`anonymize_texts` over the partitions of a wave (in this process by default).
    """
    result = StageResult(STAGE, run_id, {"submissions": 0, "findings": 0, "skipped": 0, "partitions": 0})
    plan = plan_anonymize(store, settings=settings, dialogue_id=dialogue_id)
    for start in range(0, len(plan), WAVE):
        wave = plan[start : start + WAVE]
        result = result.add(_anonymize_wave(store, wave, settings, run_id, anonymizer, mapper))
        result.counts["partitions"] += len(wave)
    return result


def purge_expired(store: Store, *, settings: Settings, run_id: str, now: datetime | None = None) -> StageResult:
    """Erase raw text and contact details older than ``settings.retention_days`` (no-op when unset).

    Age counts from ``received_at`` (or ``ingested_at`` when that is unknown). The anonymized
    ``submissions`` rows and everything derived from them are kept. Each purge is logged in
    ``erasures`` with a count only.
    """
    result = StageResult("retention", run_id, {"purged": 0})
    if settings.retention_days is None:
        result.notes.append("retention_days is not set; nothing purged")
        return result
    cutoff = (now or datetime.now()) - timedelta(days=settings.retention_days)
    where = "purged_at IS NULL AND coalesce(received_at, ingested_at) < ?"
    with store.raw_access("retention"), store.transaction():
        ids = [r[0] for r in store.fetchall(f"SELECT id FROM submissions_raw WHERE {where}", [cutoff])]
        if ids:
            not_done = store.scalar(
                "SELECT count(*) FROM (SELECT unnest(?::VARCHAR[]) AS id) p "
                "WHERE NOT EXISTS (SELECT 1 FROM submissions s WHERE s.id = p.id)",
                [ids],
            )
            store.execute(
                "UPDATE submissions_raw SET text = NULL, contact_name = NULL, contact_email = NULL, "
                "contact_phone = NULL, extra = NULL, purged_at = ? "
                "WHERE id IN (SELECT unnest(?::VARCHAR[]))",
                [now or datetime.now(), ids],
            )
            log_erasure(store, actor=settings.actor, kind="retention", count=len(ids))
            result.counts["purged_not_anonymized"] = int(not_done or 0)
    result.counts["purged"] = len(ids)
    result.counts["quarantine_files_purged"] = _purge_quarantine(settings, cutoff)
    log.info("retention %s: %s", run_id, result.summary())
    return result


def _purge_quarantine(settings: Settings, cutoff: datetime) -> int:
    """Delete quarantined input (rejected files and rows hold raw text) older than the cutoff."""
    folder = Path(settings.data_dir) / "quarantine"
    if not folder.is_dir():
        return 0
    removed = 0
    for path in folder.rglob("*"):
        if path.is_file() and datetime.fromtimestamp(path.stat().st_mtime) < cutoff:
            path.unlink()
            removed += 1
    return removed

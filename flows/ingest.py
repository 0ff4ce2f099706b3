"""The `ingest` flow: files or globs into the store."""

from __future__ import annotations

from prefect import flow, get_run_logger, task

from flows.common import stage_store
from pipeline.runs import recorded_run
from pipeline.stages import new_run_id


@task(name="ingest-files")
def ingest_files(db: str | None, paths: list[str], dialogue_id: str | None, channel: str | None, run_id: str) -> dict:
    """Ingest ``paths``; returns counts (accepted, duplicates, rejected, skipped_empty)."""
    from pipeline.ingest import ingest_paths

    with stage_store(db) as (store, settings):
        report = ingest_paths(store, paths, settings=settings, run_id=run_id, dialogue_id=dialogue_id, channel=channel)
    get_run_logger().info("ingest %s: %s", run_id, report.summary())
    return report.counts


@flow(name="ingest")
def ingest(paths: list[str], db: str | None = None, dialogue_id: str | None = None, channel: str | None = None) -> dict:
    """Ingest files (paths or globs) into a dialogue."""
    run_id = new_run_id("ingest")
    with (
        stage_store(db) as (store, settings),
        recorded_run(store, run_id=run_id, flow="ingest", actor=settings.actor, dialogue_id=dialogue_id) as counts,
    ):
        counts.update(ingest_files(db, paths, dialogue_id, channel, run_id))
    return counts


@flow(name="ingest-inbox")
def ingest_inbox_flow(
    db: str | None = None,
    dialogue_id: str | None = None,
    actor: str | None = None,
    trigger: str = "manual",
    run_id: str | None = None,
) -> dict:
    """Ingest whatever is new in the configured inbox folders."""
    from flows.nightly import ingest_inbox_task

    run_id = run_id or new_run_id("inbox")
    with (
        stage_store(db) as (store, settings),
        recorded_run(
            store,
            run_id=run_id,
            flow="ingest-inbox",
            actor=actor or settings.actor,
            dialogue_id=dialogue_id,
            trigger=trigger,
        ) as counts,
    ):
        counts.update(ingest_inbox_task(db, dialogue_id, run_id))
    return counts

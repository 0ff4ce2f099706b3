"""The `nightly` flow: new inbox files, then every later stage in order.

Each stage is incremental, so a night with nothing new costs little. A stage
that is not installed yet is skipped with a warning rather than failing the
night. Anonymization fans out over partitions of submission ids.
"""

from __future__ import annotations

from prefect import flow, get_run_logger, task, unmapped

from flows.common import existing_store_settings, hand_to_service, stage_store
from pipeline.runs import recorded_run
from pipeline.stages import new_run_id


@task(name="ingest-inbox")
def ingest_inbox_task(db: str | None, dialogue_id: str | None, run_id: str) -> dict:
    """Ingest files that arrived in the configured inbox folders."""
    from pipeline.ingest import ingest_inbox

    with stage_store(db) as (store, settings):
        result = ingest_inbox(store, settings=settings, run_id=run_id, dialogue_id=dialogue_id)
    get_run_logger().info(result.summary())
    return result.counts


@task(name="plan-anonymize")
def plan_anonymize_task(db: str | None, dialogue_id: str | None) -> list[list[str]]:
    """List partitions of submission ids that still need anonymizing."""
    from pipeline.anonymize import plan_anonymize

    with stage_store(db) as (store, settings):
        return plan_anonymize(store, settings=settings, dialogue_id=dialogue_id)


@task(name="anonymize-partition")
def anonymize_partition_task(db: str | None, ids: list[str], run_id: str) -> dict:
    """Anonymize one partition of submissions."""
    from pipeline.anonymize import anonymize_partition

    with stage_store(db) as (store, settings):
        result = anonymize_partition(store, ids, settings=settings, run_id=run_id)
    get_run_logger().info(result.summary())
    return result.counts


@task(name="themes")
def themes_task(db: str | None, dialogue_id: str | None, refit: bool, run_id: str) -> dict:
    """Assign new submissions to themes, refitting on demand or on drift."""
    from pipeline.themes import update_themes

    with stage_store(db) as (store, settings):
        result = update_themes(store, settings=settings, run_id=run_id, dialogue_id=dialogue_id, refit=refit)
    get_run_logger().info(result.summary())
    return result.counts


@task(name="summarize")
def summarize_task(db: str | None, dialogue_id: str | None, run_id: str) -> dict:
    """Write or refresh theme summaries with verified citations."""
    from pipeline.summaries import summarize

    with stage_store(db) as (store, settings):
        result = summarize(store, settings=settings, run_id=run_id, dialogue_id=dialogue_id)
    get_run_logger().info(result.summary())
    return result.counts


@task(name="retention")
def retention_task(db: str | None, run_id: str) -> dict:
    """Purge raw text older than the configured retention period."""
    from pipeline.anonymize import purge_expired

    with stage_store(db) as (store, settings):
        result = purge_expired(store, settings=settings, run_id=run_id)
    get_run_logger().info(result.summary())
    return result.counts


def _sum(parts: list[dict]) -> dict:
    total: dict = {}
    for part in parts:
        for key, value in part.items():
            total[key] = total.get(key, 0) + value
    return total


@flow(name="nightly")
def nightly(
    db: str | None = None,
    dialogue_id: str | None = None,
    refit: bool = False,
    skip_inbox: bool = False,
    actor: str | None = None,
    trigger: str = "manual",
    run_id: str | None = None,
) -> dict:
    """Run every stage for new input: inbox → anonymize → themes → summarize → retention.

    The store must exist: a run never creates an empty store in its place. Started
    outside the running service (a Prefect worker, a second shell), the run is handed
    to the service, which owns the store and allows one run per dialogue at a time.
    """
    settings = existing_store_settings(db)
    handed = hand_to_service(settings, "nightly", dialogue_id, actor, {"refit": refit, "skip_inbox": skip_inbox})
    if handed is not None:
        return handed
    db = str(settings.db_path)
    run_id = run_id or new_run_id("nightly")
    actor = actor or settings.actor
    with (
        stage_store(db) as (store, settings),
        recorded_run(
            store, run_id=run_id, flow="nightly", actor=actor, dialogue_id=dialogue_id, trigger=trigger
        ) as counts,
    ):
        if not skip_inbox:
            counts["ingest"] = ingest_inbox_task(db, dialogue_id, run_id)
        plan = plan_anonymize_task(db, dialogue_id)
        parts = anonymize_partition_task.map(unmapped(db), plan, unmapped(run_id)).result() if plan else []
        counts["anonymize"] = _sum(parts)
        counts["themes"] = themes_task(db, dialogue_id, refit, run_id)
        counts["summarize"] = summarize_task(db, dialogue_id, run_id)
        counts["retention"] = retention_task(db, run_id)
    get_run_logger().info("nightly %s done", run_id)
    return counts

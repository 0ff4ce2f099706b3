"""The `nightly` flow: new inbox files, then every later stage in order.

Each stage is incremental, so a night with nothing new costs little. A stage
that is not installed yet is skipped with a warning rather than failing the
night. The heavy parts of anonymization, themes and summaries fan out as
partition tasks on the run's task runner (threads, or the Dask cluster at
``LYHORD_DASK_ADDRESS``, see :mod:`flows.fanout`); the stages read and write
the store here, in the one process that owns it.
"""

from __future__ import annotations

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NONE

from flows.common import existing_store_settings, hand_to_service, stage_store
from flows.fanout import fanned_out
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


@task(name="anonymize", cache_policy=NONE)
def anonymize_task(db: str | None, dialogue_id: str | None, run_id: str) -> dict:
    """Anonymize every pending submission; partitions fan out as `anonymize-partition` tasks."""
    from pipeline.anonymize import anonymize

    with stage_store(db) as (store, settings), fanned_out(settings, "anonymize-partition") as mapper:
        result = anonymize(store, settings=settings, run_id=run_id, dialogue_id=dialogue_id, mapper=mapper)
    get_run_logger().info(result.summary())
    return result.counts


@task(name="themes", cache_policy=NONE)
def themes_task(db: str | None, dialogue_id: str | None, refit: bool, run_id: str) -> dict:
    """Assign new submissions to themes, refitting on demand or on drift; embedding fans out."""
    from pipeline.themes import update_themes

    with stage_store(db) as (store, settings), fanned_out(settings, "embed-partition") as mapper:
        result = update_themes(
            store, settings=settings, run_id=run_id, dialogue_id=dialogue_id, refit=refit, mapper=mapper
        )
    get_run_logger().info(result.summary())
    return result.counts


@task(name="summarize", cache_policy=NONE)
def summarize_task(db: str | None, dialogue_id: str | None, run_id: str) -> dict:
    """Write or refresh theme summaries with verified citations; themes fan out in partitions."""
    from pipeline.summaries import summarize

    with stage_store(db) as (store, settings), fanned_out(settings, "summarize-partition") as mapper:
        result = summarize(store, settings=settings, run_id=run_id, dialogue_id=dialogue_id, mapper=mapper)
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
    Partitions run on :func:`flows.fanout.task_runner`: threads, or the Dask cluster
    named by ``LYHORD_DASK_ADDRESS``.
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
        counts["anonymize"] = anonymize_task(db, dialogue_id, run_id)
        counts["themes"] = themes_task(db, dialogue_id, refit, run_id)
        counts["summarize"] = summarize_task(db, dialogue_id, run_id)
        counts["retention"] = retention_task(db, run_id)
    get_run_logger().info("nightly %s done", run_id)
    return counts

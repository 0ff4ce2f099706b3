"""Ingestion from every channel: survey CSV/XLSX, e-mail, web forms, maps, meeting notes, SMS.

Public API:
    ingest_paths(store, paths, *, settings, run_id, dialogue_id=None, channel=None,
                 text_column=None, progress=None) -> IngestReport
    ingest_inbox(store, *, settings, run_id, dialogue_id=None) -> StageResult
    CONNECTORS: the registry of connectors by versioned name (``survey.csv.v1`` …).
    create_receiver_router(settings) / create_receiver_app(settings, dialogue_id=None): the web
        form receiver, in ``pipeline.ingest.receiver`` (FastAPI).
    form_key(store, dialogue_id, *, actor, rotate=False): a dialogue's form key, in
        ``pipeline.ingest.formkeys``.
"""

from __future__ import annotations

from pipeline.ingest.connectors import CONNECTORS, load_all
from pipeline.ingest.inbox import ingest_inbox
from pipeline.ingest.report import IngestReport, Reject
from pipeline.ingest.runner import expand_paths, ingest_paths

load_all()

__all__ = ["CONNECTORS", "IngestReport", "Reject", "expand_paths", "ingest_inbox", "ingest_paths"]

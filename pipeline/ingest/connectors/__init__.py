"""Connectors: one small module per input format, registered by versioned name.

A connector is ``fn(ctx: IngestContext, info: FileInfo) -> None``: it adds rows
to the batch's stage (``ctx.add_record`` or SQL into the stage) and records
rejects with ``ctx.reject``. It never raises for bad input; the runner turns
an unexpected exception into a reject of that file.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from pipeline.registry import Registry

if TYPE_CHECKING:
    from pipeline.ingest.context import FileInfo, IngestContext

Connector = Callable[["IngestContext", "FileInfo"], None]
CONNECTORS: Registry[Connector] = Registry("connector")


def load_all() -> Registry[Connector]:
    """Import every connector module (each registers itself) and return the registry."""
    from pipeline.ingest.connectors import email, geojson, meeting, tabular, webform  # noqa: F401

    return CONNECTORS

"""Prefect flows: thin wrappers that open the store, call a stage and log counts.

Importing this package quietens Prefect's local ephemeral mode before Prefect
itself is imported (no analytics, warnings only), unless the caller set them.
"""

import os

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ.setdefault("PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW", "ignore")

"""Helpers shared by the demo writers: deterministic zip files and row interleaving."""

from __future__ import annotations

import io
import random
import re
import zipfile
from datetime import datetime
from pathlib import Path

# Every zip entry (xlsx, docx) gets this timestamp so the same seed gives the same bytes.
ZIP_DATE = (2026, 1, 1, 0, 0, 0)
FIXED_TIME = datetime(2026, 1, 1, 0, 0, 0)
# openpyxl stamps the save time into docProps/core.xml whatever the workbook says.
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*")


def normalize_zip(data: bytes) -> bytes:
    """Return ``data`` (a zip) rewritten with fixed timestamps and attributes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            payload = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                payload = _MODIFIED.sub(rb"\g<1>2026-01-01T00:00:00Z", payload)
            dst.writestr(fixed, payload)
    return out.getvalue()


def write_zip_normalized(path: Path, data: bytes) -> None:
    """Write ``data`` (a zip) to ``path`` with fixed timestamps."""
    path.write_bytes(normalize_zip(data))


def with_blanks(rows: list, blanks: int, rng: random.Random, blank_row: object) -> list:
    """Return ``rows`` with ``blanks`` copies of ``blank_row`` inserted at random places."""
    out = list(rows)
    for _ in range(blanks):
        out.insert(rng.randint(0, len(out)), blank_row)
    return out

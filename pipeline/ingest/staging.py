"""Staging rows in a temporary table, then one anti-joined insert into ``submissions_raw``.

Connectors append to a per-connection temporary table outside the batch
transaction, so a failing read costs only that file. The content hash and the
submission id are computed in SQL, identically to
:func:`pipeline.schema.content_hash` and :func:`pipeline.schema.submission_id`
(a test checks this), which keeps millions of rows out of Python loops.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from pipeline.store import Store

STAGE = "__lyhord_stage"
_ROWS = "__lyhord_rows"

# (name, DuckDB type) of what a connector provides for each row.
STAGE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("seq", "BIGINT"),
    ("channel", "VARCHAR"),
    ("source", "VARCHAR"),
    ("source_ref", "VARCHAR"),
    ("source_key", "VARCHAR"),
    ("received_at", "TIMESTAMP"),
    ("text", "VARCHAR"),
    ("contact_name", "VARCHAR"),
    ("contact_email", "VARCHAR"),
    ("contact_phone", "VARCHAR"),
    ("district", "VARCHAR"),
    ("age_group", "VARCHAR"),
    ("language", "VARCHAR"),
    ("lon", "DOUBLE"),
    ("lat", "DOUBLE"),
    ("parent_ref", "VARCHAR"),
    ("is_quoted_reply", "BOOLEAN"),
    ("attachments", "INTEGER"),
    ("extra", "VARCHAR"),
)
COLUMN_NAMES = tuple(name for name, _ in STAGE_COLUMNS)

# Python's str.split() whitespace, as an RE2 class: folding must match content_hash().
WHITESPACE_CLASS = (
    r"[\t\n\x0b\x0c\r \x1c-\x1f\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}"
    r"\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}]"
)


_NON_SPACE_WHITESPACE = WHITESPACE_CLASS.replace(" ", "")


def fold_sql(expr: str) -> str:
    """SQL folding whitespace in ``expr`` like ``" ".join(text.split())``.

    Most answers have single spaces only; they skip the (slow) global replace.
    """
    needs = f"regexp_matches({expr}, '{_NON_SPACE_WHITESPACE}|  |^ | $')"
    folded = f"trim(regexp_replace({expr}, '{WHITESPACE_CLASS}+', ' ', 'g'))"
    return f"(CASE WHEN {needs} THEN {folded} ELSE {expr} END)"


def clean_text_sql(expr: str) -> str:
    """SQL for the stored text: CRLF to LF, NFC, surrounding whitespace trimmed.

    NFC is applied only where combining marks (or Hangul jamo) occur, since
    normalising every row is the slowest step of a large import.
    """
    strip_chars = "chr(32) || chr(9) || chr(10) || chr(13) || chr(160) || chr(12) || chr(11)"
    unix = f"replace({expr}, chr(13) || chr(10), chr(10))"
    nfc = (
        f"CASE WHEN regexp_matches({unix}, '[\\pM\\x{{1100}}-\\x{{11FF}}]') THEN nfc_normalize({unix}) ELSE {unix} END"
    )
    return f"nullif(trim({nfc}, {strip_chars}), '')"


_EMPTY = r"(text IS NULL OR NOT regexp_matches(text, '[\pL\pN\pS]'))"


@dataclass
class LoadCounts:
    """What one commit of the stage did."""

    accepted: int = 0
    duplicates: int = 0
    skipped_empty: int = 0


class Stager:
    """The temporary stage of one batch on one store handle."""

    def __init__(self, store: Store, dialogue_id: str) -> None:
        """Create (or empty) the stage table for a batch filed under ``dialogue_id``."""
        self.store = store
        self.dialogue_id = dialogue_id
        self._seq = 0
        cols = ", ".join(f"{n} {t}" for n, t in STAGE_COLUMNS)
        store.execute(f"CREATE OR REPLACE TEMP TABLE {STAGE} ({cols}, empty BOOLEAN, content_hash VARCHAR, id VARCHAR)")

    def next_seq(self, n: int) -> int:
        """Reserve ``n`` sequence numbers (batch-wide row order) and return the first."""
        start = self._seq
        self._seq += n
        return start

    def append_sql(self, select_sql: str, params: Sequence[Any] | None = None, *, folded: bool = False) -> int:
        """Append the rows of ``select_sql`` (selecting STAGE_COLUMNS by name); return how many.

        With ``folded`` the query also yields ``folded``, the text with whitespace folded
        (see :func:`fold_sql`), which saves computing it twice.
        """
        cols = ", ".join(COLUMN_NAMES)
        fold = "folded" if folded else f"{fold_sql('text')}"
        sql = (
            f"INSERT INTO {STAGE} SELECT {cols}, empty, chash, "
            f"CASE WHEN empty THEN NULL ELSE 's-' || left(sha256(? || chr(31) || source_key || chr(31) "
            f"|| chash), 16) END "
            f"FROM (SELECT *, CASE WHEN empty THEN NULL ELSE sha256({fold}) END AS chash "
            f"FROM (SELECT *, {_EMPTY} AS empty FROM ({select_sql})))"
        )
        return int(self.store.scalar(sql, [self.dialogue_id, *(params or [])]) or 0)

    def append_records(self, records: list[dict[str, Any]]) -> int:
        """Append Python records (dicts keyed by STAGE_COLUMNS names; missing keys are NULL)."""
        if not records:
            return 0
        start = self.next_seq(len(records))
        frame = _frame(records, start)
        self.store.register(_ROWS, frame)
        try:
            return self.append_sql(f"SELECT * REPLACE ({clean_text_sql('text')} AS text) FROM {_ROWS}")
        finally:
            self.store.unregister(_ROWS)

    def commit_into_raw(self, run_id: str) -> LoadCounts:
        """Insert new, non-empty staged rows into ``submissions_raw`` (call inside raw_access)."""
        counts = LoadCounts()
        row = self.store.fetchone(
            f"SELECT count(*) FILTER (WHERE empty), count(*) FILTER (WHERE NOT empty) FROM {STAGE}"
        )
        assert row is not None
        counts.skipped_empty, staged = int(row[0]), int(row[1])
        cols = ", ".join(n for n in COLUMN_NAMES if n not in ("seq", "extra"))
        repeated = self.store.scalar(f"SELECT count(*) - count(DISTINCT id) FROM {STAGE} WHERE NOT empty")
        # A window over a million rows costs seconds; only pay it when the batch repeats itself.
        first_only = " QUALIFY row_number() OVER (PARTITION BY id ORDER BY seq) = 1" if repeated else ""
        counts.accepted = int(
            self.store.scalar(
                f"INSERT INTO submissions_raw (id, dialogue_id, {cols}, extra, content_hash, ingest_run_id) "
                f"SELECT s.id, ?, {cols}, s.extra::JSON, s.content_hash, ? FROM ("
                f"  SELECT * FROM {STAGE} WHERE NOT empty{first_only}) s "
                f"WHERE NOT EXISTS (SELECT 1 FROM submissions_raw r WHERE r.id = s.id)",
                [self.dialogue_id, run_id],
            )
            or 0
        )
        counts.duplicates = staged - counts.accepted
        return counts

    def accepted_ids(self) -> list[str]:
        """Return the distinct ids of non-empty staged rows (small batches only)."""
        return [r[0] for r in self.store.fetchall(f"SELECT DISTINCT id FROM {STAGE} WHERE NOT empty")]

    def drop(self) -> None:
        """Remove the stage table."""
        self.store.execute(f"DROP TABLE IF EXISTS {STAGE}")


def _frame(records: list[dict[str, Any]], start: int) -> pd.DataFrame:
    data: dict[str, Any] = {}
    for name, kind in STAGE_COLUMNS:
        if name == "seq":
            data[name] = pd.Series(range(start, start + len(records)), dtype="int64")
        elif kind == "DOUBLE":
            data[name] = pd.array([r.get(name) for r in records], dtype="Float64")
        elif kind == "TIMESTAMP":
            data[name] = pd.Series([r.get(name) for r in records], dtype="datetime64[us]")
        elif kind == "BOOLEAN":
            data[name] = pd.Series([bool(r.get(name)) for r in records], dtype=bool)
        elif kind == "INTEGER":
            data[name] = pd.Series([int(r.get(name) or 0) for r in records], dtype="int64")
        else:
            data[name] = pd.Series([r.get(name) for r in records], dtype=object)
    return pd.DataFrame(data)


def bulk_insert(store: Store, rows: list[list[Any]], columns: list[str], sql: str) -> None:
    """Run ``sql`` (with ``{cols}`` and ``{table}`` placeholders) over ``rows`` as one registered frame."""
    if not rows:
        return
    name = "__lyhord_bulk"
    frame = pd.DataFrame(rows, columns=columns, dtype=object)
    store.register(name, frame)
    try:
        store.execute(sql.format(cols=", ".join(columns), table=name))
    finally:
        store.unregister(name)

"""Staging rows in temporary tables, then one anti-joined insert into ``submissions_raw``.

Connectors stage rows outside the batch transaction, so a failing read costs
only that file: Python records go to one shared stage table in chunks, and a
tabular file becomes a stage table of its own straight from DuckDB's reader
(one materialisation, no Python loop). The content hash and the submission id
are computed in SQL, identically to :func:`pipeline.schema.content_hash` and
:func:`pipeline.schema.submission_id` (a test checks this).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from pipeline.schema import content_hash, submission_id
from pipeline.store import Store

STAGE = "__lyhord_stage"
_ROWS = "__lyhord_rows"

# (name, DuckDB type) of what a connector provides for each row.
STAGE_COLUMNS: tuple[tuple[str, str], ...] = (
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
    r"[\t\n\x0b\x0c\r \x1c-\x1f\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}]"
)
_NON_SPACE_WHITESPACE = WHITESPACE_CLASS.replace(" ", "")
# Text needing any cleaning: CR, combining marks or Hangul jamo (NFC), or surrounding whitespace.
_DIRTY = rf"[\r\pM\x{{1100}}-\x{{11FF}}]|^{WHITESPACE_CLASS}|{WHITESPACE_CLASS}$"
_STRIP = "chr(32) || chr(9) || chr(10) || chr(13) || chr(160) || chr(12) || chr(11)"
_TRIMMED = " \t\n\r\xa0\x0c\x0b"  # the characters of _STRIP
_EMPTY = r"(text IS NULL OR NOT regexp_matches(text, '[\pL\pN\pS]'))"


def fold_sql(expr: str) -> str:
    """SQL folding whitespace in ``expr`` like ``" ".join(text.split())``.

    Most answers have single spaces only; they skip the (slow) global replace.
    """
    needs = f"regexp_matches({expr}, '{_NON_SPACE_WHITESPACE}|  |^ | $')"
    folded = f"trim(regexp_replace({expr}, '{WHITESPACE_CLASS}+', ' ', 'g'))"
    return f"(CASE WHEN {needs} THEN {folded} ELSE {expr} END)"


def clean_text_sql(expr: str) -> str:
    """SQL for the stored text: CRLF to LF, NFC, surrounding whitespace trimmed, '' to NULL.

    One regular expression finds the few answers that need any of it; the rest
    pass untouched, since cleaning every row is the slowest step of a large import.
    """
    unix = f"replace({expr}, chr(13) || chr(10), chr(10))"
    combining = "'[\\pM\\x{1100}-\\x{11FF}]'"
    nfc = f"CASE WHEN regexp_matches({unix}, {combining}) THEN nfc_normalize({unix}) ELSE {unix} END"
    cleaned = f"trim({nfc}, {_STRIP})"
    return f"nullif(CASE WHEN regexp_matches({expr}, '{_DIRTY}') THEN {cleaned} ELSE {expr} END, '')"


def needs_cleaning_sql(expr: str) -> str:
    """SQL true when ``expr`` needs :func:`clean_text_sql` or :func:`fold_sql` to change it.

    Evaluated once per row, it lets the common clean answer skip both.
    """
    return f"regexp_matches({expr}, '{_DIRTY}|{_NON_SPACE_WHITESPACE}|  ')"


def id_sql(key_expr: str, hash_expr: str) -> str:
    """SQL for ``submission_id(dialogue, key, hash)``; the dialogue is the first ``?`` parameter."""
    return f"'s-' || left(sha256(? || chr(31) || {key_expr} || chr(31) || {hash_expr}), 16)"


_RECORD_DEFAULTS = {"is_quoted_reply": False, "attachments": 0}  # as _frame() fills them


def clean_text(text: str | None) -> str | None:
    """Python twin of :func:`clean_text_sql` for one text (a property test keeps them equal).

    Every step is a no-op on text the SQL leaves alone, so it needs no "dirty" test; NFC,
    as there, only when the text has a combining mark or a Hangul jamo.
    """
    if text is None:
        return None
    unix = text.replace("\r\n", "\n")
    if any(unicodedata.category(c).startswith("M") or "\u1100" <= c <= "\u11ff" for c in unix):
        unix = unicodedata.normalize("NFC", unix)
    return unix.strip(_TRIMMED) or None


def is_empty(text: str) -> bool:
    """Python twin of the stage's ``empty``: no letter, digit or symbol left."""
    return not any(unicodedata.category(c)[0] in "LNS" for c in text)


def insert_record(store: Store, record: dict[str, Any], *, dialogue_id: str, run_id: str) -> tuple[str | None, bool]:
    """Insert one record as a staged batch would (same cleaning, hash and id); return (id, inserted).

    The form receiver's path: the cleaning, hash and id are computed in Python (the SQL
    versions compile their regular expressions per statement, tens of ms for one row), and
    one plain INSERT follows. The id is None when the text is empty after cleaning. Call
    inside ``raw_access`` and a transaction.
    """
    text = clean_text(record.get("text"))
    if text is None or is_empty(text):
        return None, False
    chash = content_hash(text)
    ident = submission_id(dialogue_id, record["source_key"], chash)
    row = {**_RECORD_DEFAULTS, **record, "text": text}
    marks = ", ".join(f"?::{'JSON' if name == 'extra' else kind}" for name, kind in STAGE_COLUMNS)
    inserted = store.scalar(
        f"INSERT INTO submissions_raw (id, dialogue_id, {', '.join(COLUMN_NAMES)}, content_hash, ingest_run_id) "
        f"SELECT ?, ?, {marks}, ?, ? WHERE NOT EXISTS (SELECT 1 FROM submissions_raw WHERE id = ?)",
        [ident, dialogue_id, *(row.get(name) for name in COLUMN_NAMES), chash, run_id, ident],
    )
    return ident, bool(inserted)


@dataclass
class LoadCounts:
    """What one commit of the stage did."""

    accepted: int = 0
    duplicates: int = 0
    skipped_empty: int = 0


class Stager:
    """The temporary stage tables of one batch on one store handle."""

    def __init__(self, store: Store, dialogue_id: str) -> None:
        """Create (or empty) the shared stage table for a batch filed under ``dialogue_id``."""
        self.store = store
        self.dialogue_id = dialogue_id
        self.tables: list[str] = [STAGE]
        self._rows: dict[str, int] = {STAGE: 0}
        self._unique: set[str] = set()
        cols = ", ".join(f"{n} {t}" for n, t in STAGE_COLUMNS)
        store.execute(f"CREATE OR REPLACE TEMP TABLE {STAGE} ({cols}, empty BOOLEAN, content_hash VARCHAR, id VARCHAR)")

    def _select(self, select_sql: str, folded: bool) -> str:
        cols = ", ".join(COLUMN_NAMES)
        fold = "folded" if folded else fold_sql("text")
        return (
            f"SELECT {cols}, empty, chash AS content_hash, "
            f"CASE WHEN empty THEN NULL ELSE {id_sql('source_key', 'chash')} END AS id "
            f"FROM (SELECT *, CASE WHEN empty THEN NULL ELSE sha256({fold}) END AS chash "
            f"FROM (SELECT *, {_EMPTY} AS empty FROM ({select_sql})))"
        )

    def append_sql(self, select_sql: str, params: Sequence[Any] | None = None, *, folded: bool = False) -> int:
        """Append the rows of ``select_sql`` (STAGE_COLUMNS by name) to the shared stage; return how many.

        With ``folded`` the query also yields ``folded`` (see :func:`fold_sql`), saving a pass.
        """
        sql = f"INSERT INTO {STAGE} {self._select(select_sql, folded)}"
        added = int(self.store.scalar(sql, [self.dialogue_id, *(params or [])]) or 0)
        self._rows[STAGE] += added
        return added

    def create_table(
        self, select_sql: str, params: Sequence[Any] | None = None, *, folded: bool = False, unique: bool = False
    ) -> str:
        """Stage ``select_sql``'s rows as a table of their own (for big files); return its name.

        A NULL ``source_ref`` becomes ``post N`` from the row's place in the table. ``unique``
        promises that the table's non-empty ids are distinct (saves a pass at commit).
        """
        name = f"{STAGE}_{len(self.tables)}"
        self.store.execute(
            f"CREATE OR REPLACE TEMP TABLE {name} AS {self._select(select_sql, folded)}",
            [self.dialogue_id, *(params or [])],
        )
        self.tables.append(name)
        self._rows[name] = int(self.store.scalar(f"SELECT count(*) FROM {name}") or 0)
        if unique:
            self._unique.add(name)
        return name

    def append_records(self, records: list[dict[str, Any]]) -> int:
        """Append Python records (dicts keyed by STAGE_COLUMNS names; missing keys are NULL)."""
        if not records:
            return 0
        self.store.register(_ROWS, _frame(records))
        try:
            return self.append_sql(f"SELECT * REPLACE ({clean_text_sql('text')} AS text) FROM {_ROWS}")
        finally:
            self.store.unregister(_ROWS)

    def _union(self) -> str:
        cols = ", ".join(c for c in COLUMN_NAMES if c != "source_ref")
        parts = [
            f"SELECT {i} AS t_, rowid AS r_, coalesce(source_ref, 'post ' || (rowid + 1)) AS source_ref, "
            f"{cols}, empty, content_hash, id FROM {name}"
            for i, name in enumerate(self.tables)
        ]
        return " UNION ALL ".join(parts)

    def commit_into_raw(self, run_id: str) -> LoadCounts:
        """Insert new, non-empty staged rows into ``submissions_raw`` (call inside raw_access)."""
        counts = LoadCounts()
        union = self._union()
        row = self.store.fetchone(
            f"SELECT count(*) FILTER (WHERE empty), count(*) FILTER (WHERE NOT empty) FROM ({union})"
        )
        assert row is not None
        counts.skipped_empty, staged = int(row[0]), int(row[1])
        filled = [name for name, n in self._rows.items() if n]
        repeated = 0
        if not (len(filled) == 1 and filled[0] in self._unique):
            repeated = int(
                self.store.scalar(f"SELECT {staged} - count(DISTINCT id) FROM ({union}) WHERE NOT empty") or 0
            )
        # A window over a million rows costs seconds; only pay it when the batch repeats itself.
        first_only = " QUALIFY row_number() OVER (PARTITION BY id ORDER BY t_, r_) = 1" if repeated else ""
        cols = ", ".join(n for n in COLUMN_NAMES if n != "extra")
        for low, high in _id_ranges(staged):
            # Sorted by id the primary-key index is built about twice as fast; in id ranges the
            # sort needs a fraction of the memory, and the ranges still arrive in id order.
            where = f"id >= '{low}'" + (f" AND id < '{high}'" if high else "")
            counts.accepted += int(
                self.store.scalar(
                    f"INSERT INTO submissions_raw (id, dialogue_id, {cols}, extra, content_hash, ingest_run_id) "
                    f"SELECT s.id, ?, {cols}, s.extra::JSON, s.content_hash, ? FROM ("
                    f"  SELECT * FROM ({union}) WHERE NOT empty AND {where}{first_only}) s "
                    f"WHERE NOT EXISTS (SELECT 1 FROM submissions_raw r WHERE r.id = s.id) ORDER BY s.id",
                    [self.dialogue_id, run_id],
                )
                or 0
            )
        counts.duplicates = staged - counts.accepted
        return counts

    def accepted_ids(self) -> list[str]:
        """Return the distinct ids of non-empty staged rows (small batches only)."""
        return [r[0] for r in self.store.fetchall(f"SELECT DISTINCT id FROM ({self._union()}) WHERE NOT empty")]

    def drop(self) -> None:
        """Remove the stage tables."""
        for name in self.tables:
            self.store.execute(f"DROP TABLE IF EXISTS {name}")


def _id_ranges(rows: int, per_chunk: int = 500_000) -> list[tuple[str, str | None]]:
    """Split the id space (``s-`` + hex) into ranges of about ``per_chunk`` rows each."""
    chunks = max(1, min(16, -(-rows // per_chunk)))
    bounds = [k * 16 // chunks for k in range(chunks + 1)]
    return [(f"s-{bounds[k]:x}", f"s-{bounds[k + 1]:x}" if bounds[k + 1] < 16 else None) for k in range(chunks)]


def _frame(records: list[dict[str, Any]]) -> pd.DataFrame:
    data: dict[str, Any] = {}
    for name, kind in STAGE_COLUMNS:
        if kind == "DOUBLE":
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

"""Survey and SMS exports as CSV or XLSX, read by DuckDB's CSV reader or openpyxl.

A row's source key is a hash of its other cells plus the occurrence index of
identical rows, so a re-export with extra rows adds only the new ones while
two residents who wrote the same short answer stay two submissions.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import pandas as pd

from pipeline.ingest.columns import ColumnMap, key_columns, looks_like_sms, pick_columns
from pipeline.ingest.connectors import CONNECTORS
from pipeline.ingest.context import FileInfo, IngestContext
from pipeline.ingest.staging import clean_text_sql, fold_sql, id_sql, needs_cleaning_sql
from pipeline.ingest.textio import (
    Encoding,
    NotTextError,
    check_text,
    detect_encoding,
    read_head,
    transcode_to_utf8,
)

_XLSX = "__lyhord_xlsx"
_REJECTS = "\x00rejects\x00"  # placeholder: header names may hold any character
_DELIMITERS = (",", ";", "\t", "|")
SINGLE_COLUMN = "\x1f"
_DATE_FORMATS = (
    "'%d/%m/%Y %H:%M', '%d/%m/%Y %H:%M:%S', '%d/%m/%Y', '%d.%m.%Y %H:%M', '%d.%m.%Y', "
    "'%Y/%m/%d %H:%M', '%Y/%m/%d', '%m/%d/%Y %I:%M:%S %p', '%m/%d/%Y %I:%M %p'"
)
_CSV_ERRORS = {
    "TOO MANY COLUMNS": "raden har fler fält än rubrikraden",
    "MISSING COLUMNS": "raden har färre fält än rubrikraden",
    "UNQUOTED VALUE": "citattecken som inte avslutas eller står fel; raden kunde inte tolkas",
    "LINE SIZE OVER MAXIMUM": "raden är för lång",
    "INVALID UNICODE": "raden innehåller ogiltiga tecken",
    "INVALID ENCODING": "raden innehåller ogiltiga tecken",
    "CAST": "ett fält kunde inte tolkas",
}


def quote_ident(name: str) -> str:
    """Quote a column name for DuckDB SQL."""
    return '"' + name.replace('"', '""') + '"'


def _quote_literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def sniff_delimiter(head: str) -> str:
    """Pick the delimiter (``,`` ``;`` tab ``|``) giving the most consistent multi-column rows."""
    return sniff_layout(head)[0]


def sniff_layout(head: str) -> tuple[str, int]:
    """Return the delimiter and how many title lines precede the header row.

    The delimiter is the candidate giving the most consistent multi-column rows. A file
    whose rows are one column under every candidate is a single-column export: its answers
    may hold any of those characters, so the unit separator is used instead.
    """
    best, best_skip, best_score = SINGLE_COLUMN, 0, (0, 0)
    for delim in _DELIMITERS:
        widths = [len(r) if any(c.strip() for c in r) else 0 for r in _first_records(head, delim, 30)]
        start = next((i for i, w in enumerate(widths[:6]) if w >= 2), None)
        if start is None or any(w > 1 for w in widths[:start]):
            continue
        rows = [w for w in widths[start:] if w]
        agree = sum(1 for w in rows if w == rows[0])
        if start and (agree < 2 or agree < 0.8 * len(rows) or 0 not in widths[:start]):
            continue  # a "title" must stand apart (blank line) above a consistent table
        score = (agree, rows[0])
        if score > best_score:
            best, best_skip, best_score = delim, start, score
    return best, best_skip


def _first_records(head: str, delim: str, limit: int) -> list[list[str]]:
    reader = csv.reader(io.StringIO(head, newline=""), delimiter=delim, quotechar='"', doublequote=True)
    out: list[list[str]] = []
    try:
        for row in reader:
            out.append(row)
            if len(out) >= limit:
                break
    except csv.Error:
        pass  # garbage or a broken quote: judge by the records read so far
    return out


def unique_names(header: Sequence[str]) -> list[str]:
    """Clean header cells: blanks become ``kolumn N``, repeats get ``_2``, ``_3``…."""
    names: list[str] = []
    seen: set[str] = set()
    for i, raw in enumerate(header, 1):
        name = " ".join(str(raw or "").replace("\ufeff", "").split()) or f"kolumn {i}"
        base, n = name, 2
        while name.lower() in seen:
            name, n = f"{base}_{n}", n + 1
        seen.add(name.lower())
        names.append(name)
    return names


def _encoding(info: FileInfo) -> Encoding:
    if info.encoding is None:
        info.encoding = detect_encoding(info.path)
    return info.encoding


def _csv_source(ctx: IngestContext, info: FileInfo) -> tuple[list[str], str] | None:
    """Return the CSV's column names and a ``read_csv(...)`` SQL source, or None if rejected."""
    encoding = _encoding(info)
    head = read_head(info.path, encoding)
    try:
        check_text(head[:50_000])
    except NotTextError as exc:
        ctx.reject(info, "fil", f"inte en textfil: {exc}")
        return None
    if not head.strip():
        ctx.reject(info, "fil", "filen är tom")
        return None
    excel_hint = re.match(r"sep=(.)\r?\n", head)  # Excel's "sep=;" first line
    if excel_hint:
        delim, skip = excel_hint.group(1), 1
    else:
        delim, skip = sniff_layout(head)
    records = _first_records("".join(head.splitlines(keepends=True)[skip:]), delim, 1)
    if not records:
        ctx.reject(info, "fil", "filen saknar rubrikrad")
        return None
    names = unique_names(records[0])
    path = info.path if encoding.is_utf8 else transcode_to_utf8(info.path, encoding, ctx.tmp_dir)
    columns = "{" + ", ".join(f"{_quote_literal(n)}: 'VARCHAR'" for n in names) + "}"
    source = (
        f"read_csv({_quote_literal(str(path))}, delim={_quote_literal(delim)}, quote='\"', escape='\"', "
        f"header=true, skip={skip}, auto_detect=false, columns={columns}, ignore_errors=true, strict_mode=true, "
        f"max_line_size=10000000{_REJECTS})"
    )
    return names, source


def _collect_csv_rejects(ctx: IngestContext, info: FileInfo) -> None:
    rows = ctx.store.fetchall(
        "SELECT line, any_value(error_type), any_value(csv_line) FROM reject_errors GROUP BY line ORDER BY line"
    )
    for line, error_type, csv_line in rows:
        reason = _CSV_ERRORS.get(str(error_type), "raden kunde inte tolkas")
        # DuckDB numbers records from the header line (1); good rows are "post N" (Nth answer read).
        ctx.reject(info, f"rad {line}", reason, data=(csv_line or "").encode("utf-8"))
    ctx.store.execute("DROP TABLE IF EXISTS reject_errors").execute("DROP TABLE IF EXISTS reject_scans")


def _mean_lengths(ctx: IngestContext, names: list[str], source: str) -> dict[str, float]:
    cols = ", ".join(f"avg(length({quote_ident(n)}))" for n in names)
    row = ctx.store.fetchone(f"SELECT {cols} FROM (SELECT * FROM {source} LIMIT 5000)")
    return {n: float(v or 0.0) for n, v in zip(names, row or [], strict=False)}


def _trimmed(col: str | None) -> str:
    return "NULL::VARCHAR" if col is None else f"nullif(trim({quote_ident(col)}), '')"


def _date_sql(col: str | None) -> str:
    if col is None:
        return "NULL::TIMESTAMP"
    c = f"trim({quote_ident(col)})"
    # Unix time, as Polis and some form tools export it: 13 digits are milliseconds, 10 seconds (UTC).
    epoch = (
        f"CASE WHEN regexp_full_match({c}, '[0-9]{{13}}') THEN make_timestamp(try_cast({c} AS BIGINT) * 1000) "
        f"WHEN regexp_full_match({c}, '[0-9]{{10}}') THEN make_timestamp(try_cast({c} AS BIGINT) * 1000000) END"
    )
    return f"coalesce(try_cast({c} AS TIMESTAMP), try_strptime({c}, [{_DATE_FORMATS}]), {epoch})"


def stage_table(
    ctx: IngestContext,
    info: FileInfo,
    names: list[str],
    channel: str,
    *,
    mapping: ColumnMap,
    source: str,
    position: str | None = None,
) -> str:
    """Stage the rows of ``source`` (a table or reader) under ``mapping``'s roles; return the stage table.

    ``position`` (e.g. ``"blad Svar rad"``) with a ``__pos`` column in ``source`` names rows by
    their place in the sheet; without it rows become ``post N``.
    """
    keys = key_columns(names, mapping)
    rowkey = (
        "md5(concat_ws(chr(31), " + ", ".join(f"coalesce({quote_ident(k)}, '')" for k in keys) + "))"
        if keys
        else "md5('')"
    )
    ref = "? || ' ' || __pos" if position else "?::VARCHAR"
    raw = quote_ident(mapping.text or "")
    cleaned = clean_text_sql(raw)
    select = (
        f"SELECT * EXCLUDE (dirty_, raw_), CASE WHEN dirty_ THEN {cleaned.replace(raw, 'raw_')} "
        f"ELSE nullif(raw_, '') END AS text, "
        f"CASE WHEN dirty_ THEN {fold_sql(cleaned.replace(raw, 'raw_'))} ELSE raw_ END AS folded "
        f"FROM (SELECT {needs_cleaning_sql(raw)} AS dirty_, {raw} AS raw_, ? AS channel, ? AS source, "
        f"{ref} AS source_ref, ? || {rowkey} || ':1' AS source_key, {_date_sql(mapping.get('date'))} AS received_at, "
        f"{_trimmed(mapping.get('name'))} AS contact_name, "
        f"{_trimmed(mapping.get('email'))} AS contact_email, {_trimmed(mapping.get('phone'))} AS contact_phone, "
        f"{_trimmed(mapping.get('district'))} AS district, {_trimmed(mapping.get('age_group'))} AS age_group, "
        f"NULL::VARCHAR AS language, NULL::DOUBLE AS lon, NULL::DOUBLE AS lat, NULL::VARCHAR AS parent_ref, "
        f"false AS is_quoted_reply, 0 AS attachments, NULL::VARCHAR AS extra FROM {source})"
    )
    table = ctx.stager.create_table(select, [channel, info.name, position, f"{channel}:"], folded=True, unique=True)
    _number_repeats(ctx, table)
    return table


def _number_repeats(ctx: IngestContext, table: str) -> None:
    """Give identical rows (same cells, same text) keys ``…:1``, ``…:2`` … in file order.

    Every row was staged as occurrence 1; only the rare repeated ones are renumbered,
    which is far cheaper than a window over the whole file.
    """
    # Grouping on a 64-bit hash is cheap; a collision only puts a unique row through the
    # window below, which numbers it 1 again.
    hashes = [
        r[0]
        for r in ctx.store.fetchall(
            f"SELECT hash(source_key, content_hash) AS h FROM {table} WHERE NOT empty GROUP BY h HAVING count(*) > 1"
        )
    ]
    if not hashes:
        return
    ctx.store.register("__lyhord_repeats", pd.DataFrame({"h": pd.Series(hashes, dtype="uint64")}))
    numbered = (
        f"SELECT t.rowid AS r, left(t.source_key, length(t.source_key) - 2) || ':' || "
        f"row_number() OVER (PARTITION BY t.source_key, t.content_hash ORDER BY t.rowid) AS new_key "
        f"FROM {table} t WHERE NOT t.empty AND hash(t.source_key, t.content_hash) IN (SELECT h FROM __lyhord_repeats)"
    )
    ctx.store.execute(
        f"UPDATE {table} SET source_key = u.new_key, id = {id_sql('u.new_key', f'{table}.content_hash')} "
        f"FROM ({numbered}) u WHERE {table}.rowid = u.r",
        [ctx.dialogue_id],
    )
    ctx.store.unregister("__lyhord_repeats")


def _map_columns(
    ctx: IngestContext, info: FileInfo, names: list[str], lengths: dict[str, float], where: str = "fil"
) -> ColumnMap | None:
    try:
        mapping = pick_columns(names, lambda n: lengths.get(n, 0.0), text_column=ctx.text_column)
    except KeyError:
        listed = ", ".join(names[:20])
        ctx.reject(info, where, f"kolumnen {ctx.text_column!r} finns inte (kolumner: {listed})")
        return None
    if mapping.text is None:
        ctx.reject(info, where, "hittar ingen fritextkolumn; ange den med --text-column")
        return None
    return mapping


def _ingest_csv(ctx: IngestContext, info: FileInfo, channel: str) -> None:
    found = _csv_source(ctx, info)
    if found is None:
        return
    names, source = found
    mapping = _map_columns(ctx, info, names, _mean_lengths(ctx, names, source.replace(_REJECTS, "")))
    if mapping is None:
        return
    ctx.store.execute("DROP TABLE IF EXISTS reject_errors").execute("DROP TABLE IF EXISTS reject_scans")
    table = stage_table(
        ctx, info, names, channel, mapping=mapping, source=source.replace(_REJECTS, ", store_rejects=true")
    )
    before = len(ctx.report.rejects)
    _collect_csv_rejects(ctx, info)
    if not ctx.store.scalar(f"SELECT count(*) FROM {table}") and len(ctx.report.rejects) == before:
        ctx.reject(info, "fil", "filen har bara en rubrikrad och inga svar")


def csv_is_sms(info: FileInfo) -> bool:
    """Say whether a CSV file's header row is that of an SMS export."""
    encoding = _encoding(info)
    head = read_head(info.path, encoding, 1 << 14)
    delim, skip = sniff_layout(head)
    records = _first_records("".join(head.splitlines(keepends=True)[skip:]), delim, 1)
    return bool(records) and looks_like_sms(records[0])


@CONNECTORS.register("survey.csv.v1")
def survey_csv(ctx: IngestContext, info: FileInfo) -> None:
    """Survey export as CSV (any of the usual encodings and delimiters)."""
    _ingest_csv(ctx, info, "survey")


@CONNECTORS.register("sms.csv.v1")
def sms_csv(ctx: IngestContext, info: FileInfo) -> None:
    """SMS export as CSV: sender number and message per row."""
    _ingest_csv(ctx, info, "sms")


def _xlsx_sheets(info: FileInfo) -> list[tuple[str, list[str], list[list[str | None]]]]:
    import openpyxl

    workbook = openpyxl.load_workbook(info.path, read_only=True, data_only=True)
    sheets = []
    try:
        for sheet in workbook.worksheets:
            numbered = [
                (number, [_cell(v) for v in values])
                for number, values in enumerate(sheet.iter_rows(values_only=True), 1)
            ]
            at = header_index([cells for _, cells in numbered])
            if at is None:
                continue
            header = unique_names([c or "" for c in numbered[at][1]])
            width = len(header)
            rows = [
                [str(number), *cells[:width], *[None] * (width - len(cells))] for number, cells in numbered[at + 1 :]
            ]
            sheets.append((sheet.title, header, rows))
    finally:
        workbook.close()
    return sheets


def header_index(rows: Sequence[Sequence[str | None]], look: int = 10) -> int | None:
    """Index of the header row: the first row about as wide as the table, skipping title rows above it."""
    filled = [sum(1 for c in row if c) for row in rows[:look]]
    if not any(filled):
        return None
    widest = max(filled)
    return next(i for i, n in enumerate(filled) if n and n >= max(2, widest // 2) or n == widest)


def _cell(value: object) -> str | None:
    if value is None:
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat(sep=" ") if hasattr(value, "hour") else value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value)
    return text if text.strip() else None


def _ingest_xlsx(ctx: IngestContext, info: FileInfo, channel: str) -> None:
    try:
        sheets = _xlsx_sheets(info)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError) as exc:
        ctx.reject(info, "fil", f"XLSX-filen är trasig, avkortad eller inte en Excel-fil ({type(exc).__name__})")
        return
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on corrupt parts
        ctx.reject(info, "fil", f"XLSX-filen kunde inte läsas ({type(exc).__name__})")
        return
    mapped: list[tuple[str, list[str], list[list[str | None]], dict[str, float], ColumnMap | None]] = []
    for title, names, rows in sheets:
        if rows:
            with _registered(ctx, names, rows):
                lengths = _mean_lengths(ctx, names, _XLSX)
            mapped.append((title, names, rows, lengths, _quiet_map(ctx, names, lengths)))
    # A workbook with a recognised answer sheet skips its other sheets (instructions, codes …).
    by_header = any(m is not None and m.text_by_header for *_, m in mapped)
    for title, names, rows, lengths, mapping in mapped:
        if by_header and (mapping is None or not mapping.text_by_header):
            continue
        mapping = _map_columns(ctx, info, names, lengths, where=f"blad {title}")
        if mapping is not None:
            with _registered(ctx, names, rows):
                stage_table(ctx, info, names, channel, mapping=mapping, source=_XLSX, position=f"blad {title} rad")
    if not mapped:
        ctx.reject(info, "fil", "arbetsboken innehåller inga ifyllda blad")


@contextmanager
def _registered(ctx: IngestContext, names: list[str], rows: list[list[str | None]]) -> Iterator[None]:
    frame = pd.DataFrame(rows, columns=["__pos", *names], dtype=object)
    frame["__pos"] = frame["__pos"].astype("int64")
    ctx.store.register(_XLSX, frame)
    try:
        yield
    finally:
        ctx.store.unregister(_XLSX)


def _quiet_map(ctx: IngestContext, names: list[str], lengths: dict[str, float]) -> ColumnMap | None:
    try:
        return pick_columns(names, lambda n: lengths.get(n, 0.0), text_column=ctx.text_column)
    except KeyError:
        return None


@CONNECTORS.register("survey.xlsx.v1")
def survey_xlsx(ctx: IngestContext, info: FileInfo) -> None:
    """Survey export as an Excel workbook (every filled sheet with a text column)."""
    _ingest_xlsx(ctx, info, "survey")


@CONNECTORS.register("sms.xlsx.v1")
def sms_xlsx(ctx: IngestContext, info: FileInfo) -> None:
    """SMS export as an Excel workbook."""
    _ingest_xlsx(ctx, info, "sms")

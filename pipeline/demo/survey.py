"""Survey exports in the shapes Swedish survey tools and Excel write them."""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

from openpyxl import Workbook

from pipeline.demo.files import FIXED_TIME, with_blanks, write_zip_normalized
from pipeline.demo.plan import Record

_EMPTY = object()


def write_main_csv(path: Path, records: list[Record], rng: random.Random) -> int:
    """Write the main survey: UTF-8 with BOM, ``;``, Swedish headers, some empty answers.

    Returns:
        How many submissions the file holds (rows with a non-empty answer).
    """
    header = [
        "Respondent",
        "Svarsdatum",
        "Stadsdel",
        "Åldersgrupp",
        "Hur trygg känner du dig i din stadsdel? (1-5)",
        "Vad tycker du om din stadsdel?",
    ]
    rows = with_blanks(records, max(1, len(records) // 30), rng, _EMPTY)
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(header)
        for i, rec in enumerate(rows, 1):
            if rec is _EMPTY:
                writer.writerow([f"R{i:05d}", "2026-05-02 12:00", "Vallby", "45-64", "3", ""])
                continue
            writer.writerow(
                [
                    f"R{i:05d}",
                    f"{rec.when:%Y-%m-%d %H:%M}",
                    rec.district,
                    rec.age_group,
                    str(rng.randint(1, 5)),
                    rec.text,
                ]
            )
    return len(records)


def write_youth_xlsx(path: Path, records: list[Record], rng: random.Random, schools: list[str]) -> int:
    """Write the youth survey as XLSX; its free-text header matches no usual name on purpose."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Svar"
    ws.append(["Tidsstämpel", "Skola", "Område", "Ålder", "Vad vill du förändra i Västerås?"])
    for rec in with_blanks(records, max(1, len(records) // 25), rng, _EMPTY):
        if rec is _EMPTY:
            ws.append([FIXED_TIME.replace(month=5), rng.choice(schools), "Råby", "0-17", None])
            continue
        ws.append([rec.when, rng.choice(schools), rec.district, rec.age_group, rec.text])
    ws.column_dimensions["A"].width = 20
    ws.column_dimensions["E"].width = 80
    wb.properties.creator = "Västerås stad"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    buf = io.BytesIO()
    wb.save(buf)
    write_zip_normalized(path, buf.getvalue())
    return len(records)


def write_paper_cp1252(path: Path, records: list[Record], rng: random.Random) -> int:
    """Write typed-in paper answers as Windows-1252, ``;``, as Swedish Excel saves CSV."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, delimiter=";")
    writer.writerow(["Datum", "Stadsdel", "Ålder", "Synpunkt"])
    for rec in with_blanks(records, max(1, len(records) // 40), rng, _EMPTY):
        if rec is _EMPTY:
            writer.writerow(["2026-04-01", "Tillberga", "65-79", ""])
            continue
        writer.writerow([f"{rec.when:%Y-%m-%d}", rec.district, rec.age_group, rec.text])
    path.write_bytes(buf.getvalue().encode("cp1252"))
    return len(records)


def write_utf16(path: Path, records: list[Record]) -> int:
    """Write a UTF-16 (little-endian with BOM) tab-separated export, as Excel's Unicode text."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, delimiter="\t")
    writer.writerow(["Tidpunkt", "Område", "Åldersgrupp", "Svar"])
    for rec in records:
        writer.writerow([f"{rec.when:%Y-%m-%d %H:%M:%S}", rec.district, rec.age_group, rec.text])
    path.write_bytes(b"\xff\xfe" + buf.getvalue().encode("utf-16-le"))
    return len(records)

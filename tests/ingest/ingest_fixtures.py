"""A folder of mixed input files for the ingest tests, with the counts they should give.

Text fixtures live in tests/data/ingest; binary ones (other encodings, XLSX,
DOCX, truncated and garbage files) are written here so they stay readable.
"""

from __future__ import annotations

import io
import random
import shutil
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "ingest"
CANARY_NAME = "Kanarie Canarysson"
CANARY_EMAIL = "kanarie.canarysson@example.org"
CANARY_PHONE = "0701234567"
CANARY_TEXT = "KANARIEFÅGELN sjunger i gruvan"

SURVEY_TEXTS = {
    "survey_utf8.csv": [
        "Fler träd längs Kopparbergsvägen.",
        "Mer belysning\npå kvällarna vid ån",
        "Bättre snöröjning i Råby.",
    ],
    "survey_bom.csv": ["Öppna förskolan behöver större lokaler.", "Gör Vasaparken tryggare på kvällen."],
    "survey_cp1252.csv": ["Cykelvägen till Önsta är för smal.", "Här behövs ett övergångsställe – nu!"],
    "survey_utf16.csv": ["Återvinningsstationen i Bäckby är ofta full.", "Skärgårdsbåtarna borde gå oftare."],
    "survey.xlsx": [
        "Simhallen borde ha öppet längre på helger.",
        "Fler hundrastgårdar i Västerås.",
        "Bra med nya busslinjen!",
    ],
}
OTHER_TEXTS = [
    "Hej! Cykelbanan längs Svalån behöver bättre belysning på vintern.",
    "Trafiken på Stora gatan är för hög.",
    "Skolvägen behöver ett övergångsställe vid Hälla skola.",
    "Biblioteket i Skultuna borde ha öppet på söndagar.",
    "Mer grönska på Vasagatan, tack!",
    "Farlig korsning för cyklister här.",
    "Bussen till Västerås går för sällan på kvällarna.",
    "Hastigheten på Kyrkvägen är för hög, särskilt vid skolan.",
    "Gångtunneln under E18 känns otrygg på kvällen.",
    "Snöröjningen på Råby är dålig.",
    "Otrygg belysning vid Bäckby centrum.",
]
EXPECTED = {
    "accepted": 12 + 6 + 5 + 2 + 9 + 2,
    "by_channel": {"survey": 12, "email": 6, "webform": 5, "map": 2, "meeting": 9, "sms": 2},
    "skipped_empty": 1 + 1 + 1 + 1 + 1,  # survey_utf8, survey.xlsx, webform.json, map p3, sms
    "rejected_sources": {
        "survey_utf8.csv",
        "truncated.xlsx",
        "empty.csv",
        "garbage.csv",
        "mailbox.mbox",
        "webform.jsonl",
        "unknown.bin",
        "broken.docx",
    },
}


def _survey_rows(texts: list[str]) -> list[list[str]]:
    districts = ["Centrum", "Bäckby", "Råby", "Öster", "Hälla"]
    return [[str(i + 1), f"2026-03-0{i + 1}", districts[i % 5], "30-44", text] for i, text in enumerate(texts)]


def _csv(rows: list[list[str]], delim: str) -> str:
    def cell(value: str) -> str:
        if any(c in value for c in (delim, '"', "\n")):
            return '"' + value.replace('"', '""') + '"'
        return value

    return "".join(delim.join(cell(v) for v in row) + "\r\n" for row in rows)


def write_surveys(folder: Path) -> None:
    """Write the survey files in UTF-8, UTF-8 with BOM, cp1252, UTF-16 and XLSX."""
    header = ["Svar-ID", "Datum", "Stadsdel", "Åldersgrupp", "Vad tycker du om din stadsdel?"]
    utf8_rows = [header, *_survey_rows(SURVEY_TEXTS["survey_utf8.csv"])]
    utf8_rows.insert(3, ["9", "2026-03-09", "Öster", "65+", "  "])
    text = _csv(utf8_rows, ",")
    text += f"10,2026-03-10,Centrum,18-29,{CANARY_TEXT} {CANARY_NAME} {CANARY_PHONE},extra,fält\r\n"
    (folder / "survey_utf8.csv").write_text(text, encoding="utf-8")
    bom = [header, *_survey_rows(SURVEY_TEXTS["survey_bom.csv"])]
    (folder / "survey_bom.csv").write_bytes(b"\xef\xbb\xbf" + _csv(bom, ";").encode("utf-8"))
    cp = [["Respondent", "Datum", "Område", "Ålder", "Synpunkt"], *_survey_rows(SURVEY_TEXTS["survey_cp1252.csv"])]
    (folder / "survey_cp1252.csv").write_bytes(_csv(cp, ";").encode("cp1252"))
    u16 = [["ID", "Date", "District", "Age group", "Comment"], *_survey_rows(SURVEY_TEXTS["survey_utf16.csv"])]
    (folder / "survey_utf16.csv").write_bytes(_csv(u16, "\t").encode("utf-16"))
    _write_xlsx(folder)


def _write_xlsx(folder: Path) -> None:
    import datetime as dt

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Svar"
    sheet.append(["Inskickad", "Stadsdel", "Fritext"])
    for i, text in enumerate(SURVEY_TEXTS["survey.xlsx"]):
        sheet.append([dt.datetime(2026, 4, i + 1, 12, 0), "Centrum", text])
    sheet.append([dt.datetime(2026, 4, 9, 12, 0), "Centrum", None])
    buffer = io.BytesIO()
    book.save(buffer)
    data = buffer.getvalue()
    (folder / "survey.xlsx").write_bytes(data)
    (folder / "truncated.xlsx").write_bytes(data[: len(data) // 2])


def write_meeting_docx(path: Path) -> None:
    """Write a Word meeting note: title, date, heading, two bullets and a paragraph."""
    import docx

    document = docx.Document()
    document.add_heading("Dialogmöte Bäckby", level=1)
    document.add_paragraph("2026-03-25")
    document.add_heading("Trygghet", level=2)
    document.add_paragraph("Otrygg belysning vid Bäckby centrum.", style="List Bullet")
    document.add_paragraph("Önskemål om fler vuxna ute på kvällarna.", style="List Bullet")
    document.add_paragraph("Föräldrar vill ha en fritidsgård som har öppet även på lördagar.")
    document.save(str(path))


def build_mixed(folder: Path) -> dict:
    """Fill ``folder`` with one of everything (good and broken); return the expected counts."""
    folder.mkdir(parents=True, exist_ok=True)
    for item in DATA.iterdir():
        if item.is_file():
            shutil.copy(item, folder / item.name)
    write_surveys(folder)
    write_meeting_docx(folder / "meeting.docx")
    (folder / "broken.docx").write_bytes((folder / "meeting.docx").read_bytes()[:300])
    (folder / "empty.csv").write_bytes(b"")
    rng = random.Random(7)
    (folder / "garbage.csv").write_bytes(bytes(rng.randrange(256) for _ in range(4000)))
    (folder / "unknown.bin").write_bytes(bytes(rng.randrange(256) for _ in range(500)))
    (folder / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    return EXPECTED


def raw_rows(store, sql: str, params=None) -> list[tuple]:
    """Query submissions_raw (restricted) for a test."""
    with store.raw_access("test"):
        return store.fetchall(sql, params)


def raw_count(store) -> int:
    """Number of rows in submissions_raw."""
    return raw_rows(store, "SELECT count(*) FROM submissions_raw")[0][0]

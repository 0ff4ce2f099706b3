"""Unit tests of the connectors' parts: encodings, delimiters, columns, mail, notes, maps."""

from __future__ import annotations

from pathlib import Path

import pytest
from ingest_fixtures import raw_rows

from pipeline.ingest import ingest_paths
from pipeline.ingest.columns import looks_like_sms, pick_columns
from pipeline.ingest.connectors.email import html_to_text, message_record, quote_start
from pipeline.ingest.connectors.geojson import point_of
from pipeline.ingest.connectors.meeting import text_blocks
from pipeline.ingest.connectors.tabular import sniff_delimiter, unique_names
from pipeline.ingest.context import FileInfo
from pipeline.ingest.detect import UnknownFormat, connector_name
from pipeline.ingest.textio import NotTextError, check_text, decode_bytes, detect_encoding

DATA = Path(__file__).resolve().parent.parent / "data" / "ingest"
TEXT = "Gång- och cykelväg längs Mälaren, åäö ÅÄÖ é"


@pytest.mark.parametrize(
    ("encoded", "codec"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8"),
        (TEXT.encode("utf-16"), "utf-16"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),
        (TEXT.encode("cp1252"), "cp1252-lenient"),
        (TEXT.encode("latin-1") + b"\x81", "cp1252-lenient"),
    ],
)
def test_encodings(tmp_path, encoded, codec) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(encoded)
    encoding = detect_encoding(path)
    assert encoding.codec == codec
    assert decode_bytes(encoded, encoding).startswith(TEXT)


def test_garbage_is_not_text() -> None:
    with pytest.raises(NotTextError):
        check_text(decode_bytes(bytes(range(256)) * 4))
    check_text("Hej\tdå\r\n")


@pytest.mark.parametrize(
    ("head", "delim"),
    [
        ("a,b,c\n1,2,3\n", ","),
        ('a;b;c\n1;"2,5";3\n', ";"),
        ("a\tb\n1\t2\n", "\t"),
        ('svar;datum\n"rad ett\nrad två";2026-01-01\n', ";"),
        ("Svar\nHej, fler bänkar; tack\n", "\x1f"),  # one column: answers may hold any delimiter
    ],
)
def test_sniff_delimiter(head, delim) -> None:
    assert sniff_delimiter(head) == delim


def test_unique_names() -> None:
    assert unique_names(["Svar", "", "svar", "\ufeffID"]) == ["Svar", "kolumn 2", "svar_2", "ID"]


@pytest.mark.parametrize(
    ("headers", "text", "roles"),
    [
        (
            ["ID", "Datum", "Stadsdel", "Åldersgrupp", "Vad tycker du om parken?"],
            "Vad tycker du om parken?",
            {"date": "Datum", "district": "Stadsdel", "age_group": "Åldersgrupp", "id": "ID"},
        ),
        (["Respondent", "Område", "Ålder", "Synpunkt"], "Synpunkt", {"district": "Område", "age_group": "Ålder"}),
        (
            ["Submitted", "District", "Age group", "Comment", "E-mail"],
            "Comment",
            {"date": "Submitted", "district": "District", "email": "E-mail"},
        ),
        (["Fråga 1", "Fråga 2"], "Fråga 2", {}),
    ],
)
def test_pick_columns(headers, text, roles) -> None:
    lengths = {"Fråga 1": 3.0, "Fråga 2": 40.0}
    mapping = pick_columns(headers, lambda n: lengths.get(n, 5.0))
    assert mapping.text == text
    for role, column in roles.items():
        assert mapping.get(role) == column


def test_pick_columns_text_override() -> None:
    assert pick_columns(["svar", "Övrigt"], lambda n: 1.0, text_column="övrigt").text == "Övrigt"
    with pytest.raises(KeyError):
        pick_columns(["svar"], lambda n: 1.0, text_column="saknas")


def test_sms_headers() -> None:
    assert looks_like_sms(["Avsändare", "Meddelande", "Mottaget"])
    assert looks_like_sms(["From", "Message", "Received"])
    assert not looks_like_sms(["Telefon", "Kommentar", "Stadsdel"])


def test_html_to_text_drops_markup_and_scripts() -> None:
    html = (
        "<html><head><style>p{}</style></head><body><script>evil()</script><p>Hej &amp; <b>tack</b></p>"
        "<div>Rad två<br>Rad tre</div><!-- hemligt --></body></html>"
    )
    text = html_to_text(html)
    assert text == "Hej & tack\nRad två\nRad tre"
    for bad in ("<", "evil", "p{}", "hemligt"):
        assert bad not in text


def test_quote_markers() -> None:
    assert quote_start("Min åsikt.\n\n> gammalt") == len("Min åsikt.\n\n")
    assert quote_start("Ja.\nDen 2 mars 2026 skrev Kalle <k@example.org>:\n> x") == 4
    assert quote_start("Ja.\n-----Ursprungligt meddelande-----\nFrån: x") == 4
    assert quote_start("Bara egen text, inget citat.") is None


@pytest.mark.parametrize(
    ("name", "text_part", "fields"),
    [
        ("plain.eml", "Cykelbanan längs Svalån", {"contact_name": "Kanarie Canarysson", "attachments": 0}),
        ("html_only.eml", "Trafiken på Stora gatan är för hög.", {"contact_email": "hemlig.avsandare@example.org"}),
        ("multipart.eml", "Skolvägen behöver ett övergångsställe", {"attachments": 1}),
        ("reply.eml", "Jag står fast vid", {"is_quoted_reply": True, "parent_ref": "email:city-001@vasteras.se"}),
    ],
)
def test_message_record(name, text_part, fields) -> None:
    record = message_record((DATA / name).read_bytes(), name, "fil")
    assert text_part in record["text"]
    assert "<" not in record["text"].split("skrev")[0]
    assert record["source_key"].startswith("email:") and "@example.org" in record["source_key"]
    for key, value in fields.items():
        assert record[key] == value


def test_message_without_headers_is_rejected() -> None:
    with pytest.raises(NotTextError):
        message_record(b"just some words\nwithout any header\n", "x.eml", "fil")


def test_meeting_blocks() -> None:
    blocks = text_blocks((DATA / "meeting.md").read_text(encoding="utf-8"))
    content = [b.text for b in blocks if b.kind in ("bullet", "paragraph")]
    assert content == [
        "Bussen till Västerås går för sällan på kvällarna.",
        "Hastigheten på Kyrkvägen är för hög, särskilt vid skolan.",
        "Många efterfrågade en upplyst motionsslinga runt Skultuna. "
        "Flera nämnde också att ungdomsgården behöver längre öppettider.",
    ]
    assert {b.kind for b in blocks} == {"heading", "meta", "bullet", "paragraph"}


def test_point_of() -> None:
    assert point_of({"type": "Point", "coordinates": [16.5, 59.6]}) == (16.5, 59.6, "Point")
    lon, lat, kind = point_of({"type": "Polygon", "coordinates": [[[16.0, 59.0], [17.0, 60.0]]]})
    assert (lon, lat, kind) == (16.5, 59.5, "Polygon")
    assert point_of({"type": "Point", "coordinates": ["x", None]}) == (None, None, "Point")


def _info(path: Path) -> FileInfo:
    return FileInfo(path, path.name, "0" * 64, path.stat().st_size)


@pytest.mark.parametrize(
    ("name", "content", "channel", "connector"),
    [
        ("a.csv", b"Svar\nx\n", None, "survey.csv.v1"),
        ("a.csv", b"Avs\xc3\xa4ndare;Meddelande\n+4670;hej\n", None, "sms.csv.v1"),
        ("a.csv", b"Svar\nx\n", "sms", "sms.csv.v1"),
        ("a.json", b'{"type": "FeatureCollection", "features": []}', None, "map.geojson.v1"),
        ("a.jsonl", b'{"text": "x"}\n', None, "webform.json.v1"),
        ("a.txt", b"From: a@b.se\nSubject: x\n\nhej", None, "email.eml.v1"),
        ("a.txt", b"Anteckningar\n\n- punkt\n", None, "meeting.txt.v1"),
        ("noext", b"From a@b Sat Mar  7 10:00:00 2026\nFrom: a@b.se\nSubject: x\n\nhej", None, "email.mbox.v1"),
        ("a.md", b"# Rubrik\n", "meeting", "meeting.md.v1"),
    ],
)
def test_connector_detection(tmp_path, name, content, channel, connector) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert connector_name(_info(path), channel) == connector


def test_unsupported_formats_say_why(tmp_path) -> None:
    path = tmp_path / "gammal.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(UnknownFormat, match="xlsx"):
        connector_name(_info(path), None)


def test_csv_broken_quote_keeps_rows_before_it(store, settings, tmp_path) -> None:
    path = tmp_path / "trasig.csv"
    path.write_text('Svar;Stadsdel\nFörsta svaret;Öster\n"Oavslutat citat;Råby\n', encoding="utf-8")
    report = ingest_paths(store, [path], settings=settings, run_id="r")
    assert report.counts["accepted"] == 1
    assert report.counts["rejected"] == 1
    assert raw_rows(store, "SELECT text FROM submissions_raw") == [("Första svaret",)]


def test_excel_sep_line_and_header_only_file(store, settings, tmp_path) -> None:
    hinted = tmp_path / "excel.csv"
    hinted.write_text("sep=;\nStadsdel;Kommentar\nÖster;Fler bänkar, tack.\n", encoding="utf-8")
    header_only = tmp_path / "tom-enkat.csv"
    header_only.write_text("Stadsdel;Kommentar\n", encoding="utf-8")
    report = ingest_paths(store, [hinted, header_only], settings=settings, run_id="r")
    assert raw_rows(store, "SELECT text, district FROM submissions_raw") == [("Fler bänkar, tack.", "Öster")]
    assert [(r["source"], r["position"]) for r in report.rejects] == [("tom-enkat.csv", "fil")]


def test_workbook_skips_instruction_sheet(store, settings, tmp_path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    info = book.active
    info.title = "Instruktioner"
    info.append(["Den här enkäten handlar om parker och skickades till alla hushåll i mars."])
    info.append(["Svaren sammanställs av stadsbyggnadsförvaltningen under våren."])
    answers = book.create_sheet("Svar")
    answers.append(["Stadsdel", "Synpunkt"])
    answers.append(["Råby", "Parken behöver fler träd."])
    book.save(tmp_path / "enkat.xlsx")
    report = ingest_paths(store, [tmp_path / "enkat.xlsx"], settings=settings, run_id="r")
    assert report.counts["accepted"] == 1
    assert raw_rows(store, "SELECT text, source_ref FROM submissions_raw") == [
        ("Parken behöver fler träd.", "blad Svar rad 2")
    ]


def test_same_file_twice_in_one_batch_counts_duplicates(store, settings, tmp_path) -> None:
    first = tmp_path / "a.csv"
    first.write_text("Svar\nEtt svar.\nEtt annat svar.\n", encoding="utf-8")
    (tmp_path / "b.csv").write_bytes(first.read_bytes())
    report = ingest_paths(store, [tmp_path], settings=settings, run_id="r")
    assert (report.counts["accepted"], report.counts["duplicates"]) == (2, 2)
    assert report.rejects == []


def test_english_notes_with_date_and_from_lines_stay_notes(tmp_path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(b"Public meeting, Hammarby\nDate: 2026-03-02\nFrom: the city\n\n- More buses to the centre.\n")
    assert connector_name(_info(path), None) == "meeting.txt.v1"


def test_utf8_file_with_one_broken_byte_keeps_its_good_rows(store, settings, tmp_path) -> None:
    good = [f"Svar nummer {i} om Västerås, åäö." for i in range(30)]
    lines = ["Svar", *good[:15], "Trasig rad \xff här", *good[15:]]
    data = "\n".join(lines).encode("utf-8").replace("\xff".encode(), b"\xff") + b"\n"
    path = tmp_path / "nastan-utf8.csv"
    path.write_bytes(data)
    report = ingest_paths(store, [path], settings=settings, run_id="r")
    texts = {t for (t,) in raw_rows(store, "SELECT text FROM submissions_raw")}
    assert set(good) <= texts
    assert report.counts["rejected"] + report.counts["accepted"] == 31
    assert not any("Ã" in t for t in texts)


def test_txt_heading_right_above_its_text_and_short_points() -> None:
    notes = (
        "Dialogmöte Vallby 12 mars\n\nTrafik\nBussen borde stanna vid skolan.\n\n"
        "**Fritid**\n\nMer belysning i parken\n\nÖVRIGT\n- Fler papperskorgar\n"
    )
    blocks = text_blocks(notes)
    assert [(b.kind, b.text) for b in blocks] == [
        ("heading", "Dialogmöte Vallby 12 mars"),
        ("heading", "Trafik"),
        ("paragraph", "Bussen borde stanna vid skolan."),
        ("heading", "Fritid"),
        ("paragraph", "Mer belysning i parken"),
        ("heading", "ÖVRIGT"),
        ("bullet", "Fler papperskorgar"),
    ]


def test_docx_bold_line_is_a_heading(tmp_path) -> None:
    import docx

    from pipeline.ingest.connectors.meeting import docx_blocks

    document = docx.Document()
    document.add_paragraph().add_run("Trygghet:").bold = True
    document.add_paragraph("Belysningen vid tunneln är trasig.")
    document.save(str(tmp_path / "m.docx"))
    blocks = docx_blocks(tmp_path / "m.docx")
    assert [(b.kind, b.text) for b in blocks] == [
        ("heading", "Trygghet"),
        ("paragraph", "Belysningen vid tunneln är trasig."),
    ]


def test_title_rows_above_the_header_are_skipped(store, settings, tmp_path) -> None:
    import openpyxl

    (tmp_path / "titel.csv").write_text(
        "Enkät om parker 2026\n\nStadsdel;Svar\nÖster;Parken behöver fler bänkar.\n", encoding="utf-8"
    )
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Enkät om lekplatser"])
    sheet.append([])
    sheet.append(["Stadsdel", "Synpunkt"])
    sheet.append(["Råby", "Lekplatsen behöver gungor."])
    book.save(tmp_path / "titel.xlsx")
    report = ingest_paths(store, [tmp_path / "titel.csv", tmp_path / "titel.xlsx"], settings=settings, run_id="r")
    assert report.rejects == []
    rows = raw_rows(store, "SELECT district, text FROM submissions_raw ORDER BY district")
    assert rows == [("Råby", "Lekplatsen behöver gungor."), ("Öster", "Parken behöver fler bänkar.")]


def test_a_combined_json_lines_export_keeps_each_rows_channel(store, settings, tmp_path) -> None:
    """A platform's export of every channel at once: a row's own channel is its provenance, not "webform"."""
    import json

    rows = [
        {"id": "v-0001", "channel": "sms", "text": "bussen kom inte idag heller", "district": "Råby"},
        {"id": "v-0002", "channel": "meeting_notes", "text": "En deltagare: fler bänkar i Vasaparken."},
        {"id": "v-0003", "kanal": "E-post", "text": "Hej! Belysningen vid Bäckby är trasig. Mvh Anna"},
        {"id": "v-0004", "channel": "fax", "text": "مرحباً، الرصيف أمام المدرسة مكسور."},
        {"id": "v-0005", "text": "Haddii aad awooddo, fadlan nadiifi jidka."},
    ]
    path = tmp_path / "export-alla-kanaler.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    report = ingest_paths(store, [path], settings=settings, run_id="r")
    assert report.counts["accepted"] == 5
    assert raw_rows(store, "SELECT source_ref, channel FROM submissions_raw ORDER BY source_ref") == [
        ("rad 1", "sms"),
        ("rad 2", "meeting"),
        ("rad 3", "email"),
        ("rad 4", "webform"),
        ("rad 5", "webform"),
    ]


def test_unix_timestamps_in_a_survey_export_are_dates(store, settings, tmp_path) -> None:
    """A Polis export dates comments in milliseconds since 1970; without them "Datum saknas för 896 av 896"."""
    path = tmp_path / "comments.csv"
    path.write_text(
        "timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n"
        '1518501496471,Tue Feb 13 12:58:16 WIB 2018,895,1756,48,8,1,"Smallhouse Rd needs to be widened, please."\n'
        "1518499107,Tue Feb 13 12:18:27 WIB 2018,894,1480,27,16,1,Doctors should not overreact to the opioid crisis.\n"
        "15184991,Tue Feb 13 12:18:27 WIB 2018,893,1481,2,1,1,The bus to Råby is late every morning.\n",
        encoding="utf-8",
    )
    ingest_paths(store, [path], settings=settings, run_id="r")
    rows = raw_rows(store, "SELECT text, received_at FROM submissions_raw ORDER BY received_at NULLS LAST")
    assert [str(when) for _, when in rows] == ["2018-02-13 05:18:27", "2018-02-13 05:58:16.471000", "None"]

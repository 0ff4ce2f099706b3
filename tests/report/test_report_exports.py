"""Issue 5: only approved content and no raw text in any export; charts and sections present."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from pipeline.report import build_feedback_html, build_report, export_submissions, load_population_csv, write_report
from pipeline.review import approve, edit, get_theme, reject, respond
from pipeline.summaries import summarize, synthetic

DRAFT_CANARY = "UTKASTKANARIE"
DRAFT_LABEL = "UTKASTETIKETT"
REJECTED_CANARY = "AVVISADKANARIE"
RAW_CANARY = "Zebulonius Kanariesson"
RAW_EMAIL = "zebulonius@example.org"
CANARIES = (DRAFT_CANARY, DRAFT_LABEL, REJECTED_CANARY, RAW_CANARY, RAW_EMAIL)


@pytest.fixture
def dialogue(store, settings, tmp_path):
    comments = synthetic.make_comments(160, 4)
    comments[1]["text"] = "Hej, jag heter [PERSON] och snöröjningen är dålig. (synpunkt 1)"
    ids = synthetic.load_synthetic(store, "d1", comments, 4, synthetic.random_vectors(comments))
    with store.raw_access("test: plant raw canary"):
        store.execute(
            "INSERT INTO submissions_raw (id, dialogue_id, channel, source, source_key, text, contact_name, "
            "contact_email, content_hash, ingest_run_id) VALUES (?, 'd1', 'email', 'f', 'k', ?, ?, ?, 'h', 'i')",
            [comments[1]["id"], f"Hej, jag heter {RAW_CANARY} och snöröjningen är dålig.", RAW_CANARY, RAW_EMAIL],
        )
    summarize(store, settings=settings, run_id="r1")
    approve(store, ids[0], actor="anna")
    respond(store, ids[0], "Vi byter 40 armaturer under våren 2026.", actor="anna")
    quote = first_quote(get_theme(store, ids[1])["summary"])["text"]
    edit(store, ids[1], f"Många vill att snön röjs tidigare.\n\nEn skrev: ”{quote}”", actor="bo")
    reject(store, ids[2], reason=f"Dubblett {REJECTED_CANARY}", actor="anna")
    store.execute("UPDATE themes SET label = ? WHERE id = ?", [DRAFT_LABEL, ids[3]])
    store.execute(
        "UPDATE theme_summaries SET sentences = ? WHERE theme_id IN (?, ?)",
        [json.dumps([{"text": f"Hemligt {DRAFT_CANARY}", "citations": []}]), ids[2], ids[3]],
    )
    population = tmp_path / "befolkning.csv"
    population.write_text(
        "dimension;värde;befolkning\n"
        + "".join(f"district;{p};{5000 + 3000 * i}\n" for i, p in enumerate(synthetic.PLACES))
        + "age_group;0-17;30000\nage_group;65+;25000\n",
        encoding="utf-8",
    )
    load_population_csv(store, population)
    return ids, quote


def first_quote(summary: dict) -> dict:
    """Return a verbatim quote of a summary: a point's (claims format) or the theme's (older format)."""
    quotes = [q for s in summary["sentences"] for q in s.get("quotes") or []] + summary["quotes"]
    return quotes[0]


def unique_quote(store, summary: dict) -> dict:
    """Return a quote of a summary whose words occur in its own submission only."""
    texts = [row[0] for row in store.fetchall("SELECT text FROM submissions")]
    quotes = [q for s in summary["sentences"] for q in s.get("quotes") or []] + summary["quotes"]
    return next(q for q in quotes if sum(q["text"] in t for t in texts) == 1)


def _pdf_text(path: Path) -> str:
    if shutil.which("pdftotext"):
        return subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
    pypdf = pytest.importorskip("pypdf", reason="needs pdftotext (poppler-utils) or pypdf to read the PDF")
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(str(path)).pages)


def _docx_text(path: Path) -> tuple[str, int]:
    from docx import Document

    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    parts += [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts), len(doc.inline_shapes)


def _xlsx_text(path: Path) -> tuple[str, dict[str, int], list[str]]:
    from openpyxl import load_workbook

    wb = load_workbook(str(path))
    cells = [str(c) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row if c is not None]
    return "\n".join(cells), {ws.title: len(ws._images) for ws in wb.worksheets}, wb.sheetnames


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_every_format_has_approved_content_and_no_canary(store, dialogue, tmp_path):
    ids, quote = dialogue
    texts = {}
    for fmt in ("html", "pdf", "docx", "xlsx", "json"):
        write_report(store, "d1", fmt, tmp_path / f"r.{fmt}")
    texts["html"] = (tmp_path / "r.html").read_text(encoding="utf-8")
    texts["json"] = (tmp_path / "r.json").read_text(encoding="utf-8")
    texts["pdf"] = _pdf_text(tmp_path / "r.pdf")
    texts["docx"], images = _docx_text(tmp_path / "r.docx")
    texts["xlsx"], xlsx_images, sheets = _xlsx_text(tmp_path / "r.xlsx")
    texts["feedback"] = build_feedback_html(store, "d1")
    for fmt, text in texts.items():
        flat = _flat(text)
        for canary in CANARIES:
            assert canary not in text, f"{canary} leaked into {fmt}"
        assert "Belysning och trygghet 0" in flat, fmt
        assert "Vi byter 40 armaturer" in flat, fmt
        assert "Många vill att snön röjs tidigare." in flat, fmt
        assert _flat(quote)[:40] in flat, fmt
    assert texts["html"].count("data:image/png;base64,") >= 5
    assert images >= 5
    assert {"teman", "antal", "citat", "svar"} <= set(sheets) and xlsx_images["diagram"] >= 5
    assert (tmp_path / "r.pdf").read_bytes().count(b"/Subtype /Image") >= 5


def test_report_sections_and_representativeness(store, dialogue):
    model = build_report(store, "d1", charts=False)
    assert model.total_submissions == 160 and model.pending_themes == 1 and model.rejected_themes == 1
    assert [t.status for t in model.themes] == ["approved", "edited"]
    assert set(model.participation) == {"channel", "district", "age_group", "month"}
    under = {r["value"] for r in model.representativeness if r["under_represented"]}
    assert "Önsta" in under and "Bäckby" not in under  # Önsta has the largest population, average input
    assert {r["dimension"] for r in model.representativeness} == {"district", "age_group"}


def test_json_export_contract(store, dialogue, tmp_path):
    ids, quote = dialogue
    write_report(store, "d1", "json", tmp_path / "r.json")
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert data["dialogue"]["id"] == "d1"
    assert [t["id"] for t in data["themes"]] == ids[:2]
    texts = {row[0]: row[1] for row in store.fetchall("SELECT id, text FROM submissions")}
    point_keys = {"text", "citations", "label", "kind", "position", "n", "share_of_theme", "share_of_all", "quotes"}
    for theme in data["themes"]:
        assert {"id", "label", "description", "status", "size", "share_of_all", "summary", "quotes"} <= set(theme)
        assert {"stance", "remainder", "differences", "response"} <= set(theme)
        assert theme["status"] in ("approved", "edited")
        for point in theme["summary"]:
            assert set(point) == point_keys
            for q in point["quotes"]:
                assert set(q) == {"text", "submission_id", "language", "evidence"} and q["language"]
                assert q["text"] in texts[q["submission_id"]]
        for q in theme["quotes"]:
            assert set(q) == {"text", "submission_id", "language"} and q["text"] in texts[q["submission_id"]]
    edited = data["themes"][1]["summary"]
    assert edited[0]["text"] == "Många vill att snön röjs tidigare." and edited[0]["citations"] == []
    assert edited[0]["label"] is None and edited[0]["n"] is None  # an official's text has no point fields
    assert len(edited[1]["citations"]) == 1 and quote in texts[edited[1]["citations"][0]]


def test_feedback_page_is_plain_swedish_with_approved_content_only(store, dialogue):
    html = build_feedback_html(store, "d1")
    assert '<html lang="sv">' in html and "Det här sa ni – det här gör vi" in html
    assert "Det här gör vi" in html and "<script" not in html
    assert html.count("<h2") == 2
    assert "synpunkter handlade om detta" in html and " st, " not in html and "[s-" not in html


def test_export_submissions_is_anonymized_jsonl(store, dialogue, tmp_path):
    n = export_submissions(store, "d1", tmp_path / "s.jsonl")
    lines = [json.loads(x) for x in (tmp_path / "s.jsonl").read_text(encoding="utf-8").splitlines()]
    assert n == len(lines) == 160
    assert set(lines[0]) == {"id", "text", "channel", "district", "received_at", "theme_id"}
    blob = (tmp_path / "s.jsonl").read_text(encoding="utf-8")
    assert RAW_CANARY not in blob and RAW_EMAIL not in blob and "[PERSON]" in blob


def test_population_csv_errors_name_the_line(store, tmp_path):
    from pipeline.errors import InputError

    bad = tmp_path / "bad.csv"
    bad.write_text("dimension,value,population\ndistrict,Råby,många\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 2"):
        load_population_csv(store, bad)
    bad.write_text("dimension,value\n", encoding="utf-8")
    with pytest.raises(InputError, match="population"):
        load_population_csv(store, bad)
    good = tmp_path / "good.csv"
    good.write_text("dimension,value,population\ndistrict,Råby,10 000\n", encoding="utf-8")
    assert load_population_csv(store, good, "d9") == 1
    assert load_population_csv(store, good, "d9") == 1
    assert store.fetchall("SELECT dialogue_id, value, population FROM population") == [("d9", "Råby", 10000)]


def test_empty_dialogue_renders_every_format(store, tmp_path):
    from pipeline.dialogues import create_dialogue
    from pipeline.schema import Dialogue

    create_dialogue(store, Dialogue(id="tom", title="Tom dialog"))
    for fmt in ("html", "pdf", "docx", "xlsx", "json"):
        assert write_report(store, "tom", fmt, tmp_path / f"t.{fmt}").stat().st_size > 0
    assert json.loads((tmp_path / "t.json").read_text(encoding="utf-8"))["themes"] == []
    assert "Vi går igenom era synpunkter" in build_feedback_html(store, "tom")


def test_erased_submission_leaves_every_export(store, dialogue, tmp_path):
    """An approved summary quoting a submission that is later erased must not carry its text out."""
    ids, _ = dialogue
    summary = get_theme(store, ids[0])["summary"]
    quoted = first_quote(summary)
    victim, fragment = quoted["submission_id"], quoted["text"]
    store.execute("DELETE FROM theme_assignments WHERE submission_id = ?", [victim])
    store.execute("DELETE FROM submissions WHERE id = ?", [victim])
    data = json.loads(write_report(store, "d1", "json", tmp_path / "r.json").read_text(encoding="utf-8"))
    theme = next(t for t in data["themes"] if t["id"] == ids[0])
    assert all(victim not in s["citations"] for s in theme["summary"])
    assert all(q["submission_id"] != victim for q in theme["quotes"])
    assert all(q["submission_id"] != victim for s in theme["summary"] for q in s["quotes"])
    citing = [s for s in summary["sentences"] if victim in s["citations"]]
    assert len(theme["summary"]) == len(summary["sentences"]) - len(citing)
    texts = {row[0] for row in store.fetchall("SELECT text FROM submissions")}
    if not any(fragment in t for t in texts):
        assert fragment not in json.dumps(data, ensure_ascii=False)


def test_planned_channels_are_named_in_swedish(store, dialogue, tmp_path):
    store.execute("UPDATE dialogues SET channels = ['survey', 'webform', 'sms'] WHERE id = 'd1'")
    html = write_report(store, "d1", "html", tmp_path / "r.html").read_text(encoding="utf-8")
    assert "enkät, webbformulär, sms" in html
    docx, _ = _docx_text(write_report(store, "d1", "docx", tmp_path / "r.docx"))
    assert "enkät, webbformulär, sms" in docx


def test_edited_paragraph_quoting_an_erased_submission_is_left_out(store, dialogue, tmp_path):
    ids, _ = dialogue
    quoted = unique_quote(store, get_theme(store, ids[0])["summary"])
    victim, fragment = quoted["submission_id"], quoted["text"]
    store.execute("DELETE FROM theme_reviews WHERE theme_id = ?", [ids[0]])
    store.execute(
        "INSERT INTO theme_reviews (theme_id, dialogue_id, status, edited_text) VALUES (?, 'd1', 'edited', ?)",
        [ids[0], f"Tjänstepersonens egen sammanfattning.\n\nEn boende skrev ”{fragment}”."],
    )
    before = json.loads(write_report(store, "d1", "json", tmp_path / "a.json").read_text(encoding="utf-8"))
    assert len(next(t for t in before["themes"] if t["id"] == ids[0])["summary"]) == 2
    store.execute("DELETE FROM theme_assignments WHERE submission_id = ?", [victim])
    store.execute("DELETE FROM submissions WHERE id = ?", [victim])
    assert not any(fragment in row[0] for row in store.fetchall("SELECT text FROM submissions"))  # only victim had it
    data = json.loads(write_report(store, "d1", "json", tmp_path / "r.json").read_text(encoding="utf-8"))
    theme = next(t for t in data["themes"] if t["id"] == ids[0])
    assert [s["text"] for s in theme["summary"]] == ["Tjänstepersonens egen sammanfattning."]
    assert fragment not in json.dumps(data, ensure_ascii=False)

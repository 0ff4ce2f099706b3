"""Every demo input exists, parses with a standard library and holds the expected count."""

from __future__ import annotations

import csv
import email
import io
import json
import mailbox
import re
import zipfile
from email import policy
from pathlib import Path

import docx
import openpyxl
import pytest

from pipeline.demo import DEMO_DIALOGUE_ID, DemoManifest

N = 3000


def rel(manifest: DemoManifest, path: Path) -> str:
    return path.relative_to(manifest.inbox).as_posix()


def read_csv(path: Path, encoding: str, delimiter: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode(encoding), newline=""), delimiter=delimiter))


def test_generation_is_fast(timed_demo: tuple[DemoManifest, float]) -> None:
    seconds = timed_demo[1]
    assert seconds < 15, f"generating {N} submissions took {seconds:.1f} s"


def test_counts_add_up_to_at_least_n(manifest: DemoManifest) -> None:
    assert manifest.total >= N
    assert {rel(manifest, p) for p in manifest.files} == set(manifest.expected)
    per_channel = {
        "survey": sum(v for k, v in manifest.expected.items() if k.startswith("enkat")),
        "email": sum(v for k, v in manifest.expected.items() if k.startswith("mail/")),
        "webform": manifest.expected["webbformular.jsonl"],
        "map": manifest.expected["kartsynpunkter.geojson"],
        "meeting": sum(v for k, v in manifest.expected.items() if k.startswith("motesanteckningar/")),
        "sms": manifest.expected["sms-export.csv"],
    }
    assert all(v > 0 for v in per_channel.values()), per_channel
    assert sum(per_channel.values()) >= N


def test_main_survey_csv(manifest: DemoManifest) -> None:
    path = manifest.inbox / "enkat-2026.csv"
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = read_csv(path, "utf-8-sig", ";")
    assert rows[0][1:4] == ["Svarsdatum", "Stadsdel", "Åldersgrupp"]
    assert rows[0][-1] == "Vad tycker du om din stadsdel?"
    answers = [r[-1] for r in rows[1:]]
    assert sum(1 for a in answers if a.strip()) == manifest.expected["enkat-2026.csv"]
    assert any(not a for a in answers), "some empty answers"
    assert any("\n" in a for a in answers), "some quoted newlines"


def test_youth_xlsx(manifest: DemoManifest) -> None:
    wb = openpyxl.load_workbook(manifest.inbox / "enkat-ungdom.xlsx", read_only=True)
    rows = list(wb.active.iter_rows(values_only=True))
    assert rows[0][-1] == "Vad vill du förändra i Västerås?"
    answers = [r[-1] for r in rows[1:]]
    assert sum(1 for a in answers if a) == manifest.expected["enkat-ungdom.xlsx"]
    assert any(a is None for a in answers)
    assert {r[3] for r in rows[1:]} <= {"0-17", "18-29"}


def test_paper_survey_is_windows_1252(manifest: DemoManifest) -> None:
    path = manifest.inbox / "enkat-papper-cp1252.csv"
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")
    rows = read_csv(path, "cp1252", ";")
    assert rows[0] == ["Datum", "Stadsdel", "Ålder", "Synpunkt"]
    assert sum(1 for r in rows[1:] if r[-1].strip()) == manifest.expected["enkat-papper-cp1252.csv"]
    assert any("ä" in r[-1] or "ö" in r[-1] for r in rows[1:])


def test_utf16_survey(manifest: DemoManifest) -> None:
    path = manifest.inbox / "enkat-utf16.csv"
    assert path.read_bytes()[:2] == b"\xff\xfe"
    rows = read_csv(path, "utf-16", "\t")
    assert rows[0] == ["Tidpunkt", "Område", "Åldersgrupp", "Svar"]
    assert len(rows) - 1 == manifest.expected["enkat-utf16.csv"]


def _eml_files(manifest: DemoManifest) -> list[Path]:
    return sorted((manifest.inbox / "mail").glob("*.eml"))


def test_every_eml_parses_with_a_body(manifest: DemoManifest) -> None:
    shapes = set()
    for path in _eml_files(manifest):
        msg = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        body = msg.get_body(preferencelist=("plain", "html"))
        assert body is not None and body.get_content().strip(), path.name
        assert msg["Message-ID"] and msg["From"] and msg["Date"]
        shapes.add(msg.get_content_type())
        shapes.update(p.get("Content-Transfer-Encoding", "") for p in msg.walk() if not p.is_multipart())
        shapes.update(p.get_content_charset() or "" for p in msg.walk())
        if any(True for _ in msg.iter_attachments()):
            shapes.add("attachment")
        if msg["In-Reply-To"]:
            assert "\n>" in body.get_content(), "a reply quotes the earlier message"
            shapes.add("reply")
    expected = {
        "text/plain",
        "text/html",
        "multipart/alternative",
        "multipart/mixed",
        "quoted-printable",
        "base64",
        "8bit",
        "iso-8859-1",
        "attachment",
        "reply",
    }
    assert expected <= shapes, expected - shapes
    assert len(_eml_files(manifest)) == sum(1 for k in manifest.expected if k.endswith(".eml"))


def test_html_only_mail_needs_cleaning(manifest: DemoManifest) -> None:
    html_only = [p for p in _eml_files(manifest) if p.name.endswith("-html.eml")]
    assert html_only
    msg = email.message_from_bytes(html_only[0].read_bytes(), policy=policy.default)
    assert msg.get_content_type() == "text/html"
    assert "<p>" in msg.get_content()


def test_mbox(manifest: DemoManifest) -> None:
    box = mailbox.mbox(manifest.inbox / "mail" / "arkiv.mbox", create=False)
    try:
        assert len(box) == manifest.expected["mail/arkiv.mbox"]
        assert all(m["Message-ID"] for m in box)
    finally:
        box.close()


def test_webform_jsonl(manifest: DemoManifest) -> None:
    lines = (manifest.inbox / "webbformular.jsonl").read_text("utf-8").splitlines()
    rows = [json.loads(line) for line in lines]
    assert len(rows) == manifest.expected["webbformular.jsonl"]
    assert all(r["text"] and r["submitted_at"] for r in rows)
    assert 0 < sum(1 for r in rows if "email" in r) < len(rows)


def test_map_geojson_points_inside_vasteras(manifest: DemoManifest) -> None:
    data = json.loads((manifest.inbox / "kartsynpunkter.geojson").read_text("utf-8"))
    features = data["features"]
    assert len(features) == manifest.expected["kartsynpunkter.geojson"]
    for f in features:
        lon, lat = f["geometry"]["coordinates"]
        assert f["geometry"]["type"] == "Point"
        assert 16.45 <= lon <= 16.65 and 59.58 <= lat <= 59.65
        assert f["properties"]["comment"] and f["properties"]["district"] and f["properties"]["date"]


def _meeting_items(path: Path) -> list[str]:
    if path.suffix == ".docx":
        paras = [p for p in docx.Document(str(path)).paragraphs if p.text.strip()]
        assert paras[0].style.name.startswith("Heading")
        lines = [p.text for p in paras[1:]]
    elif path.suffix == ".md":
        lines = path.read_text("utf-8").splitlines()
        assert lines[0].startswith("# ")
        lines = [line[2:] for line in lines if line.startswith("- ")]
        return lines
    else:
        lines = [p.strip() for p in path.read_text("utf-8").split("\n\n")][1:]
        assert "\n" not in "".join(lines).strip(), "one paragraph per line in these notes"
    assert lines[0].startswith("Datum: 2026-") or path.suffix != ".docx"
    return [line for line in lines if line and not line.startswith(("Datum:", "Plats:"))]


def test_meeting_notes(manifest: DemoManifest) -> None:
    notes = sorted((manifest.inbox / "motesanteckningar").iterdir())
    assert {p.suffix for p in notes} == {".docx", ".md", ".txt"}
    for path in notes:
        text = path.read_text("utf-8") if path.suffix != ".docx" else ""
        assert path.suffix == ".docx" or re.search(r"^Datum: 2026-\d\d-\d\d$", text, re.M)
        assert len(_meeting_items(path)) == manifest.expected[rel(manifest, path)], path.name


def test_sms_export(manifest: DemoManifest) -> None:
    rows = read_csv(manifest.inbox / "sms-export.csv", "utf-8", ",")
    assert rows[0] == ["Datum", "Från", "Meddelande"]
    assert len(rows) - 1 == manifest.expected["sms-export.csv"]
    assert all(re.fullmatch(r"\+46\d{9}", r[1]) for r in rows[1:])


def test_broken_files_are_broken(manifest: DemoManifest) -> None:
    bad = manifest.inbox / "trasiga"
    assert (bad / "tom.csv").stat().st_size == 0
    with pytest.raises(zipfile.BadZipFile):
        openpyxl.load_workbook(bad / "avbruten.xlsx")
    assert b"\x00" in (bad / "skrap.csv").read_bytes()
    with pytest.raises(json.JSONDecodeError):
        json.loads((bad / "trasig.geojson").read_text("utf-8"))
    good = 0
    broken = 0
    for line in (bad / "webbformular-delvis.jsonl").read_text("utf-8").splitlines():
        try:
            json.loads(line)
            good += 1
        except json.JSONDecodeError:
            broken += 1
    assert broken == 1 and good == manifest.expected["trasiga/webbformular-delvis.jsonl"] > 0
    assert all(manifest.expected[f"trasiga/{n}"] == 0 for n in ("tom.csv", "avbruten.xlsx", "skrap.csv"))


def test_samples_occur_in_their_files(manifest: DemoManifest) -> None:
    for name, sample in manifest.samples.items():
        path = manifest.inbox / name
        if path.suffix in (".eml", ".mbox"):
            continue  # checked through the parsed bodies below
        raw = _decoded(path)
        assert sample in raw or json.dumps(sample, ensure_ascii=False)[1:-1] in raw, name
    first_eml = _eml_files(manifest)[0]
    msg = email.message_from_bytes(first_eml.read_bytes(), policy=policy.default)
    body = msg.get_body(preferencelist=("plain", "html")).get_content()
    assert manifest.samples[rel(manifest, first_eml)].split(".")[0].replace("&", "&amp;") in body


def _decoded(path: Path) -> str:
    data = path.read_bytes()
    if path.suffix == ".xlsx":
        wb = openpyxl.load_workbook(path, read_only=True)
        return "\n".join(str(c) for row in wb.active.iter_rows(values_only=True) for c in row)
    if path.suffix == ".docx":
        return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    for encoding in ("utf-8-sig", "utf-16", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise AssertionError(path)


def test_dialogue_and_side_files(manifest: DemoManifest) -> None:
    d = manifest.dialogue
    assert d.id == DEMO_DIALOGUE_ID
    assert "Västerås" in d.title and d.question and d.purpose and d.use_of_results and d.target_groups
    assert d.owner and d.period_start and d.period_end and len(d.channels) == 6
    assert d.theme_scheme and len(d.theme_scheme) == 13
    assert manifest.scheme_path.read_text("utf-8") == (
        Path(__file__).resolve().parents[2] / "pipeline/demo/data/theme-scheme.yaml"
    ).read_text("utf-8")
    assert manifest.inbox not in manifest.scheme_path.parents
    assert manifest.population_csv not in manifest.files and manifest.scheme_path not in manifest.files

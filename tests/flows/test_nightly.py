"""Real Prefect flows end to end on a small demo dialogue, and the privacy canaries.

One module-scoped run: the demo generator writes every channel, the `ingest`
flow loads it, `nightly` anonymizes, themes and summarizes; then exports are
written and every log, Prefect record and export is scanned for canaries.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from pathlib import Path

import pytest

from pipeline.settings import Settings
from pipeline.store import Store

pytestmark = pytest.mark.slow

# Canaries: planted into raw text and contact fields; none may leave the raw table.
CANARY_PNR = "19121212-1212"
CANARY_EMAIL = "kanarie.fagelsson@example.se"
CANARY_PHONE = "070-123 45 67"
CANARY_CONTACT = "Kanarie Fågelsson"
# A harmless word that is resident text all the same: it may reach the anonymized
# exports but never a log line or a Prefect record.
CANARY_WORD = "Zebrakanariefjäder"


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory, prefect_harness):
    from flows.ingest import ingest
    from flows.nightly import nightly
    from pipeline.demo import generate_demo
    from pipeline.dialogues import create_dialogue

    root = tmp_path_factory.mktemp("nightly")
    manifest = generate_demo(root / "demo", n=150, seed=3)
    canary_file = root / "demo" / "kanarie.jsonl"
    canary_file.write_text(
        json.dumps(
            {
                "id": "kanarie-1",
                "text": f"Jag heter {CANARY_CONTACT}, personnummer {CANARY_PNR}. Ring {CANARY_PHONE} "
                f"eller mejla {CANARY_EMAIL}. Gatlyktorna vid {CANARY_WORD}-parken är trasiga.",
                "email": CANARY_EMAIL,
                "name": CANARY_CONTACT,
            },
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )
    db = root / "lyhord.duckdb"
    settings = Settings(db_path=db, data_dir=root / "data", inbox_dirs=[root / "inbox"])
    with Store.open(settings) as store:
        create_dialogue(store, manifest.dialogue)
    logger = logging.getLogger()
    records: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(self.format(record))

    handler = Collect(level=logging.DEBUG)
    logger.addHandler(handler)
    old_level = logger.level
    logger.setLevel(logging.DEBUG)  # everything the library would ever log is scanned
    try:
        paths = [str(p) for p in manifest.files] + [str(canary_file)]
        ingested = ingest(paths, db=str(db), dialogue_id=manifest.dialogue.id)
        first = nightly(db=str(db), dialogue_id=manifest.dialogue.id, skip_inbox=True)
        second = nightly(db=str(db), dialogue_id=manifest.dialogue.id, skip_inbox=True)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
    return {
        "settings": settings,
        "manifest": manifest,
        "ingested": ingested,
        "first": first,
        "second": second,
        "logs": records,
        "root": root,
    }


def test_ingest_flow_counts_every_channel(demo_run):
    manifest = demo_run["manifest"]
    assert demo_run["ingested"]["accepted"] == sum(manifest.expected.values()) + 1
    assert demo_run["ingested"]["rejected"] >= 4  # the broken files


def test_nightly_runs_every_stage_and_is_incremental(demo_run):
    first, second = demo_run["first"], demo_run["second"]
    assert first["anonymize"]["submissions"] == demo_run["ingested"]["accepted"]
    assert second["anonymize"].get("submissions", 0) == 0
    with Store.open(demo_run["settings"]) as store:
        n_sub = store.scalar("SELECT count(*) FROM submissions")
        n_assigned = store.scalar("SELECT count(*) FROM theme_assignments")
        n_summaries = store.scalar("SELECT count(DISTINCT theme_id) FROM theme_summaries")
        n_themes = store.scalar("SELECT count(*) FROM themes WHERE active")
        runs = store.fetchall("SELECT flow, status FROM pipeline_runs ORDER BY started_at")
    assert n_sub == demo_run["ingested"]["accepted"]
    assert n_assigned == n_sub
    assert n_themes >= 3
    assert n_summaries >= 1
    assert ("nightly", "completed") in runs
    assert all(status == "completed" for _, status in runs)


def test_canaries_never_leave_the_raw_table(demo_run, tmp_path):
    from pipeline.report import build_feedback_html, export_submissions, write_report
    from pipeline.review import approve, list_themes

    settings = demo_run["settings"]
    outputs: list[str] = []
    with Store.open(settings) as store:
        for theme in list_themes(store, demo_run["manifest"].dialogue.id):
            if theme["verified"]:
                approve(store, theme["theme_id"], actor="test")
        did = demo_run["manifest"].dialogue.id
        for fmt in ("html", "json", "xlsx", "docx"):
            path = write_report(store, did, fmt, tmp_path / f"r.{fmt}")
            outputs.append(_readable(path))
        outputs.append(build_feedback_html(store, did))
        export_submissions(store, did, tmp_path / "s.jsonl")
        outputs.append((tmp_path / "s.jsonl").read_text(encoding="utf-8"))
        anonymized = "\n".join(r[0] for r in store.fetchall("SELECT text FROM submissions"))
        prefect_text = _prefect_db_text()
    everything = "\n".join(outputs) + anonymized
    for canary in (CANARY_PNR, CANARY_EMAIL, CANARY_PHONE, "Fågelsson", "kanarie.fagelsson"):
        assert canary not in everything, canary
    assert CANARY_WORD in (tmp_path / "s.jsonl").read_text(encoding="utf-8")  # the scan can see text
    assert "nightly" in prefect_text and demo_run["logs"]  # and it scanned real records
    for text in ("\n".join(demo_run["logs"]), prefect_text, json.dumps([demo_run["first"], demo_run["second"]])):
        for canary in (CANARY_PNR, CANARY_EMAIL, CANARY_PHONE, "Fågelsson", CANARY_WORD):
            assert canary not in text, canary


def _readable(path: Path) -> str:
    if path.suffix in (".docx", ".xlsx"):
        import zipfile

        with zipfile.ZipFile(path) as z:
            return "\n".join(z.read(n).decode("utf-8", "ignore") for n in z.namelist() if n.endswith(".xml"))
    return path.read_text(encoding="utf-8")


def _prefect_db_text() -> str:
    """Every text value in Prefect's own database (flow/task runs, logs, results)."""
    from prefect.settings import get_current_settings

    url = get_current_settings().server.database.connection_url.get_secret_value()
    path = Path(url.split(":///", 1)[1])
    chunks = []
    for db in [path, *path.parent.glob("*.db")]:
        if not db.exists():
            continue
        con = sqlite3.connect(db)
        try:
            for (table,) in con.execute("SELECT name FROM sqlite_master WHERE type='table'"):
                for row in con.execute(f'SELECT * FROM "{table}"'):
                    chunks.extend(str(v) for v in row if v is not None)
        finally:
            con.close()
    assert chunks, "found no Prefect database to scan"
    return "\n".join(chunks)

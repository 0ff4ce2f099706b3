"""The nightly fanned out over a Dask LocalCluster gives what a local run gives (issue 14 §3).

One demo dialogue (every channel: e-mails with greetings and signatures, SMS,
forms, Arabic and Somali text) plus a few hand-written submissions is ingested
once and copied. One copy runs the nightly in this process; the other runs it
with ``LYHORD_DASK_ADDRESS`` naming a two-worker ``LocalCluster`` and small
partitions, so anonymization, embedding and summaries run as many Prefect tasks
on the workers. Both stores must end the same: anonymized texts, findings,
theme ids and sizes, summaries. The partitions carry resident text, so Prefect's
database is scanned for it afterwards.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from pipeline.settings import Settings
from pipeline.store import Store

pytestmark = pytest.mark.slow

CANARY_WORD = "Zebrafinkfjäder"  # resident text: may reach the store, never Prefect
EXTRA = [
    {
        "id": "mejl-dask-1",
        "text": "Hej!\n\nJag heter Elin Bergström och bor på Storgatan 12. Cykelbanan vid "
        f"{CANARY_WORD}-skolan saknar belysning, det är farligt för barnen på vintern.\n\n"
        "Med vänliga hälsningar\nElin Bergström\n070-412 33 89",
        "email": "elin.bergstrom@example.se",
        "name": "Elin Bergström",
    },
    {
        "id": "ar-dask-1",
        "text": "مرحبا، اسمي أحمد. الحافلة رقم ٣ تتأخر كل صباح ولا يصل الأطفال إلى المدرسة في الوقت. "
        "اتصلوا بي على 073-555 12 34",
    },
    {
        "id": "so-dask-1",
        "text": "Salaan, magacaygu waa Faadumo Cali. Baska had iyo jeer wuu soo daahaa, "
        "carruurtuna waxay ku daahaan dugsiga. Mahadsanid",
    },
]


@pytest.fixture(scope="module")
def ingested(tmp_path_factory, prefect_harness) -> dict:
    """A demo dialogue ingested once into a store, and the manifest."""
    from flows.ingest import ingest
    from pipeline.demo import generate_demo
    from pipeline.dialogues import create_dialogue

    root = tmp_path_factory.mktemp("fanout")
    manifest = generate_demo(root / "demo", n=150, seed=5)
    extra = root / "demo" / "extra.jsonl"
    extra.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in EXTRA), encoding="utf-8")
    db = root / "base" / "lyhord.duckdb"
    with Store.open(Settings(db_path=db, data_dir=root / "base" / "data")) as store:
        create_dialogue(store, manifest.dialogue)
    paths = [str(p) for p in manifest.files] + [str(extra)]
    counts = ingest(paths, db=str(db), dialogue_id=manifest.dialogue.id)
    return {"root": root, "db": db, "dialogue": manifest.dialogue.id, "accepted": counts["accepted"]}


def _copy(ingested: dict, name: str) -> Path:
    target = ingested["root"] / name
    shutil.copytree(ingested["db"].parent, target)
    return target / "lyhord.duckdb"


def _run(db: Path, dialogue: str, monkeypatch, **env: str) -> dict:
    from flows.nightly import nightly

    with monkeypatch.context() as patch:
        patch.setenv("LYHORD_DATA_DIR", str(db.parent / "data"))
        for key, value in env.items():
            patch.setenv(key, value)
        return nightly(db=str(db), dialogue_id=dialogue, skip_inbox=True)


@pytest.fixture(scope="module")
def runs(ingested) -> dict:
    """The nightly run locally and over a two-worker LocalCluster, on copies of one store."""
    from distributed import Client, LocalCluster, get_task_stream

    mp = pytest.MonkeyPatch()
    try:
        local_db = _copy(ingested, "local")
        local = _run(local_db, ingested["dialogue"], mp)
        dask_db = _copy(ingested, "dask")
        with (
            LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
            Client(cluster) as client,
            get_task_stream(client) as stream,
        ):
            workers = set(cluster.scheduler_info["workers"])
            fanned = _run(
                dask_db,
                ingested["dialogue"],
                mp,
                LYHORD_DASK_ADDRESS=cluster.scheduler_address,
                LYHORD_PARTITION_SIZE="40",  # several partitions per stage, so both workers get some
            )
            loaded = client.run(_loaded_modules)
        tasks = list(stream.data)  # filled when the stream closes
    finally:
        mp.undo()
    return {
        "local": local,
        "dask": fanned,
        "local_db": local_db,
        "dask_db": dask_db,
        "tasks": tasks,
        "workers": workers,
        "loaded": loaded,
    }


def _loaded_modules() -> list[str]:
    """Run on each worker: which stage modules it imported to run partitions."""
    import sys

    wanted = ("pipeline.anonymize.engine", "pipeline.themes.embed", "pipeline.summaries.extractive")
    return [name for name in wanted if name in sys.modules]


def _rows(db: Path, sql: str) -> list[tuple]:
    with Store.open(Settings(db_path=db, data_dir=db.parent / "data")) as store:
        return store.fetchall(sql)


def test_partitions_ran_on_both_dask_workers(runs, ingested):
    assert runs["dask"]["anonymize"]["partitions"] >= 4  # 150+ submissions in partitions of 40
    assert runs["local"]["anonymize"]["partitions"] == 1
    ran_on = {t["worker"] for t in runs["tasks"]}
    assert ran_on == runs["workers"] and len(ran_on) == 2
    for worker, modules in runs["loaded"].items():  # each worker anonymized and embedded
        assert "pipeline.anonymize.engine" in modules and "pipeline.themes.embed" in modules, worker
    # anonymize + embed + summarize partitions, each a Prefect task on a worker
    assert len(runs["tasks"]) >= runs["dask"]["anonymize"]["partitions"] + 3


def test_dask_run_counts_match_the_local_run(runs, ingested):
    local, fanned = runs["local"], runs["dask"]
    assert local["anonymize"]["submissions"] == ingested["accepted"]
    drop = {"partitions"}
    assert {k: v for k, v in fanned["anonymize"].items() if k not in drop} == {
        k: v for k, v in local["anonymize"].items() if k not in drop
    }
    assert fanned["themes"] == local["themes"]
    assert fanned["summarize"] == local["summarize"]
    assert local["summarize"]["summarized"] >= 3


def test_dask_run_writes_the_same_anonymized_texts_and_findings(runs):
    sql = "SELECT id, text, language, anonymizer FROM submissions ORDER BY id"
    local, fanned = _rows(runs["local_db"], sql), _rows(runs["dask_db"], sql)
    assert fanned == local
    mail = next(r[1] for r in local if CANARY_WORD in r[1])
    arabic = next(r[1] for r in local if "الحافلة رقم" in r[1])
    assert "Bergström" not in mail and "070-412" not in mail and "Med vänliga hälsningar" in mail
    assert "073-555" not in arabic
    assert {r[2] for r in local} >= {"sv", "ar", "so"}
    findings = "SELECT submission_id, label, start_pos, end_pos, detector FROM pii_findings ORDER BY ALL"
    assert _rows(runs["dask_db"], findings) == _rows(runs["local_db"], findings)


def test_dask_run_finds_the_same_themes_and_summaries(runs):
    themes = "SELECT theme_id, count(*) FROM theme_assignments GROUP BY theme_id ORDER BY theme_id"
    local = _rows(runs["local_db"], themes)
    assert len(local) >= 3 and any("/" in r[0] for r in local)
    assert _rows(runs["dask_db"], themes) == local
    summaries = "SELECT theme_id, version, method, sentences, quotes FROM theme_summaries ORDER BY theme_id"
    assert _rows(runs["dask_db"], summaries) == _rows(runs["local_db"], summaries)


def test_no_resident_text_reaches_prefect(runs):
    from prefect.settings import get_current_settings

    url = get_current_settings().server.database.connection_url.get_secret_value()
    path = Path(url.split(":///", 1)[1])
    chunks = []
    for db in [path, *path.parent.glob("*.db")]:
        if db.exists():
            con = sqlite3.connect(db)
            try:
                for (table,) in con.execute("SELECT name FROM sqlite_master WHERE type='table'"):
                    chunks.extend(str(v) for row in con.execute(f'SELECT * FROM "{table}"') for v in row if v)
            finally:
                con.close()
    text = "\n".join(chunks)
    assert "anonymize-partition" in text and "embed-partition" in text  # the scan sees the partition tasks
    for canary in (CANARY_WORD, "Bergström", "070-412 33 89", "Faadumo"):
        assert canary not in text, canary
    assert CANARY_WORD in "\n".join(r[1] for r in _rows(runs["dask_db"], "SELECT id, text FROM submissions"))

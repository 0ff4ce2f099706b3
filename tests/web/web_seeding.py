"""Seed a store with a dialogue, submissions, themes, summaries and reviews (tests and bench).

Rows go straight into the tables the pipeline's stages would write; review
states are set through ``pipeline.review`` so the audit chain is real.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
from typing import Any

import pandas as pd

from pipeline.dialogues import create_dialogue
from pipeline.review import actions
from pipeline.review.state import attach_summary
from pipeline.schema import Dialogue
from pipeline.store import Store

CANARY = "KANARIE-RAW-7f3a"
THEMES = [
    ("Cykelvägar och belysning", "Cykelvägen längs {p} behöver breddas och få bättre belysning på kvällen."),
    ("Buss och kollektivtrafik", "Bussen till {p} går för sällan och är ofta sen på morgonen."),
    ("Parker och grönytor", "Parken vid {p} behöver fler bänkar och mer skötsel av gräsmattorna."),
    ("Trygghet i centrum", "Det känns otryggt runt {p} på kvällarna, mer folk och ljus behövs."),
    ("Skolvägar för barn", "Barnens skolväg förbi {p} saknar ett säkert övergångsställe."),
    ("Parkering", "Det finns för få parkeringsplatser nära {p} för boende."),
    ("Lekplatser", "Lekplatsen i {p} är sliten och behöver nya gungor."),
    ("Snöröjning", "Snöröjningen på gångvägarna i {p} kommer alldeles för sent."),
]
PLACES = ["Bäckby", "Råby", "Skultuna", "Hammarby", "Vallby", "Centrum", "Öster Mälarstrand", "Irsta"]
DISTRICTS = ["Bäckby", "Råby", "Skultuna", "Centrum", "Vallby"]
CHANNELS = ["survey", "webform", "email", "meeting"]
AGES = ["0-19", "20-39", "40-64", "65+"]
EXTRAS = ["", " Tack för att ni frågar.", " Det är viktigt för oss som bor här.", " Gör något snart!"]


def _sid(dialogue_id: str, i: int) -> str:
    return "s-" + hashlib.sha256(f"{dialogue_id}:{i}".encode()).hexdigest()[:16]


def _rows(dialogue_id: str, n: int, n_themes: int, rng: random.Random) -> list[dict[str, Any]]:
    start = dt.datetime(2026, 3, 1, 9, 0)
    rows = []
    for i in range(n):
        k = i % n_themes
        text = THEMES[k % len(THEMES)][1].format(p=rng.choice(PLACES)) + rng.choice(EXTRAS) + f" (nr {i})"
        rows.append(
            {
                "id": _sid(dialogue_id, i),
                "dialogue_id": dialogue_id,
                "channel": rng.choice(CHANNELS),
                "received_at": start + dt.timedelta(hours=rng.randrange(0, 24 * 150)),
                "district": rng.choice(DISTRICTS),
                "age_group": rng.choice(AGES),
                "language": "sv",
                "text": text,
                "theme": f"{dialogue_id}/t{k + 1}",
            }
        )
    return rows


def _insert_submissions(store: Store, rows: list[dict[str, Any]], run_id: str) -> None:
    sub = pd.DataFrame(
        [
            {
                "id": r["id"],
                "dialogue_id": r["dialogue_id"],
                "channel": r["channel"],
                "received_at": r["received_at"],
                "district": r["district"],
                "age_group": r["age_group"],
                "language": r["language"],
                "text": r["text"],
                "text_hash": hashlib.sha256(r["text"].encode()).hexdigest(),
                "anonymizer": "seed@1",
                "anonymize_run_id": run_id,
            }
            for r in rows
        ]
    )
    raw = pd.DataFrame(
        [
            {
                "id": r["id"],
                "dialogue_id": r["dialogue_id"],
                "channel": r["channel"],
                "source": "seed.csv",
                "source_key": r["id"],
                "received_at": r["received_at"],
                "text": f"{r['text']} Hälsningar {CANARY} Svensson, {CANARY.lower()}@example.se",
                "contact_name": f"{CANARY} Svensson",
                "contact_email": f"{CANARY.lower()}@example.se",
                "district": r["district"],
                "age_group": r["age_group"],
                "content_hash": r["id"],
                "ingest_run_id": run_id,
            }
            for r in rows
        ]
    )
    store.register("seed_sub", sub)
    store.execute(
        "INSERT INTO submissions (id, dialogue_id, channel, received_at, district, age_group, language, text, "
        "text_hash, anonymizer, anonymize_run_id) SELECT id, dialogue_id, channel, received_at, district, "
        "age_group, language, text, text_hash, anonymizer, anonymize_run_id FROM seed_sub"
    )
    store.unregister("seed_sub")
    with store.raw_access("seed test data"):
        store.register("seed_raw", raw)
        store.execute(
            "INSERT INTO submissions_raw (id, dialogue_id, channel, source, source_key, received_at, text, "
            "contact_name, contact_email, district, age_group, content_hash, ingest_run_id) SELECT id, "
            "dialogue_id, channel, source, source_key, received_at, text, contact_name, contact_email, district, "
            "age_group, content_hash, ingest_run_id FROM seed_raw"
        )
        store.unregister("seed_raw")


def _insert_themes(store: Store, dialogue_id: str, rows: list[dict[str, Any]], n_themes: int, run_id: str) -> list[str]:
    members: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        members.setdefault(r["theme"], []).append(r)
    store.execute(
        "INSERT INTO theme_runs (id, dialogue_id, kind, n_docs) VALUES (?, ?, 'fit', ?)",
        [run_id, dialogue_id, len(rows)],
    )
    ids = []
    for k in range(n_themes):
        tid = f"{dialogue_id}/t{k + 1}"  # the product's shape: <dialogue>/<key>
        mem = members.get(tid, [])
        label = THEMES[k % len(THEMES)][0] + ("" if k < len(THEMES) else f" {k + 1}")
        store.execute(
            "INSERT INTO themes (id, dialogue_id, theme_run_id, label, keywords, origin, size, share, "
            "representative_ids) VALUES (?, ?, ?, ?, ?, 'discovered', ?, ?, ?)",
            [
                tid,
                dialogue_id,
                run_id,
                label,
                label.lower().split()[:3],
                len(mem),
                len(mem) / len(rows),
                [m["id"] for m in mem[:3]],
            ],
        )
        ids.append(tid)
    assign = pd.DataFrame(
        [
            {
                "submission_id": r["id"],
                "dialogue_id": dialogue_id,
                "theme_id": r["theme"],
                "score": 0.9,
                "theme_run_id": run_id,
            }
            for r in rows
        ]
    )
    store.register("seed_assign", assign)
    store.execute(
        "INSERT INTO theme_assignments (submission_id, dialogue_id, theme_id, score, theme_run_id) "
        "SELECT * FROM seed_assign"
    )
    store.unregister("seed_assign")
    for tid in ids:
        _insert_summary(store, dialogue_id, tid, members.get(tid, []), run_id)
    return ids


def _insert_summary(store: Store, dialogue_id: str, tid: str, mem: list[dict[str, Any]], run_id: str) -> None:
    picked = mem[:3]
    sentences = [{"text": m["text"], "citations": [m["id"]]} for m in picked]
    quotes = [{"text": m["text"].split(".")[0], "submission_id": m["id"]} for m in picked[:2]]
    sid = f"{tid}-sum1"
    store.execute(
        "INSERT INTO theme_summaries (id, theme_id, dialogue_id, version, method, params, theme_run_id, sentences, "
        "quotes, stats, verified, verification) VALUES (?, ?, ?, 1, 'extractive.v1', '{}', ?, ?, ?, ?, true, ?)",
        [
            sid,
            tid,
            dialogue_id,
            run_id,
            json.dumps(sentences, ensure_ascii=False),
            json.dumps(quotes, ensure_ascii=False),
            json.dumps(
                {"count": len(mem), "keywords": ["cykel", "ljus"], "representative_ids": [m["id"] for m in picked]}
            ),
            json.dumps({"ok": True, "failures": []}),
        ],
    )
    with store.transaction():
        attach_summary(store, {"id": tid, "dialogue_id": dialogue_id}, sid)


def seed(
    store: Store,
    *,
    dialogue_id: str = "cykelplan",
    n: int = 80,
    n_themes: int = 4,
    reviews: bool = True,
    seed_value: int = 1,
) -> dict[str, Any]:
    """Seed one dialogue; themes 1 approved, 2 draft, 3 rejected, 4+ draft (when ``reviews``)."""
    rng = random.Random(seed_value)
    create_dialogue(
        store,
        Dialogue(
            id=dialogue_id,
            title=f"Cykelplan {dialogue_id}",
            question="Hur vill du att staden ska satsa på cykel?",
            purpose="Underlag till ny cykelplan.",
            channels=CHANNELS,
            period_start=dt.date(2026, 3, 1),
            period_end=dt.date(2026, 7, 31),
        ),
    )
    rows = _rows(dialogue_id, n, n_themes, rng)
    run_id = f"seed-{dialogue_id}"
    _insert_submissions(store, rows, run_id)
    theme_ids = _insert_themes(store, dialogue_id, rows, n_themes, run_id)
    store.executemany(
        "INSERT INTO population (dialogue_id, dimension, value, population) VALUES (?, ?, ?, ?)",
        [[dialogue_id, "district", d, 5000 + 1000 * i] for i, d in enumerate(DISTRICTS)]
        + [[dialogue_id, "age_group", a, 8000] for a in AGES],
    )
    store.execute(
        "INSERT INTO pipeline_runs (id, flow, dialogue_id, actor, started_at, finished_at, status, counts) "
        "VALUES (?, 'nightly', ?, 'system', ?, ?, 'completed', ?)",
        [
            f"run-{dialogue_id}",
            dialogue_id,
            dt.datetime(2026, 8, 1, 2),
            dt.datetime(2026, 8, 1, 2, 5),
            json.dumps({"anonymized": n}),
        ],
    )
    if reviews and len(theme_ids) >= 3:
        actions.approve(store, theme_ids[0], actor="seed-official")
        actions.respond(store, theme_ids[0], "Vi bygger ut belysningen längs cykelvägarna 2027.", actor="seed-official")
        actions.reject(store, theme_ids[2], reason="Dubblett av ett annat tema.", actor="seed-official")
    return {"dialogue_id": dialogue_id, "theme_ids": theme_ids, "rows": rows}

"""Synthetic, already-anonymized theme data for tests and the summaries benchmark.

Writes rows the themes stage would write (``themes``, ``theme_assignments``,
``theme_runs``, ``embeddings``) over invented Swedish comments, so summaries,
review and reports can be exercised without fitting a theme model.
"""

from __future__ import annotations

import hashlib
import random
from datetime import datetime, timedelta
from typing import Any

import numpy as np

from pipeline.store import Store

TOPICS: list[tuple[str, list[str], list[str]]] = [
    (
        "Belysning och trygghet",
        ["belysning", "mörkt", "trygg"],
        [
            "Det är för mörkt på gångvägen vid {place} på kvällarna.",
            "Vi behöver bättre belysning i parken vid {place}.",
            "Jag känner mig inte trygg när jag går hem från bussen vid {place}.",
            "Lamporna längs cykelbanan vid {place} är ofta trasiga.",
        ],
    ),
    (
        "Snöröjning",
        ["snöröjning", "plogning", "halka"],
        [
            "Snöröjningen på cykelbanorna vid {place} kommer alldeles för sent.",
            "Trottoarerna vid {place} plogas aldrig före klockan åtta.",
            "Det är halt och farligt vid busshållplatsen vid {place} hela vintern.",
            "Plogbilen lägger snövallar framför infarterna vid {place}.",
        ],
    ),
    (
        "Parker och grönområden",
        ["park", "grönt", "lekplats"],
        [
            "Lekplatsen vid {place} behöver rustas upp.",
            "Spara skogen vid {place}, den är viktig för oss som bor här.",
            "Det borde finnas fler bänkar och papperskorgar i parken vid {place}.",
            "Gräset vid {place} klipps för sällan under sommaren.",
        ],
    ),
    (
        "Kollektivtrafik",
        ["buss", "turtäthet", "hållplats"],
        [
            "Bussen från {place} går för sällan på helgerna.",
            "Det behövs ett väderskydd vid hållplatsen vid {place}.",
            "Bussarna till {place} är alltid försenade på morgonen.",
            "Billigare busskort för pensionärer skulle hjälpa många vid {place}.",
        ],
    ),
]
PLACES = ["Råby", "Bäckby", "Hammarby", "Skultuna", "Centrum", "Vallby", "Erikslund", "Önsta"]
CHANNELS = ["webform", "survey", "email", "meeting", "sms", "map"]
AGE_GROUPS = ["0-17", "18-29", "30-44", "45-64", "65+"]
OTHER_LANGUAGE = {
    "en": "The street lights near {place} have been broken for weeks.",
    "ar": "الإضاءة في الحديقة قرب {place} ضعيفة جداً في المساء.",
}


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def make_comments(n: int, n_themes: int, seed: int = 7) -> list[dict[str, Any]]:
    """Return ``n`` invented anonymized comments spread over ``n_themes`` themes."""
    rng = random.Random(seed)
    start = datetime(2025, 9, 1)
    rows = []
    for i in range(n):
        theme = i % n_themes
        label, _, templates = TOPICS[theme % len(TOPICS)]
        place = rng.choice(PLACES)
        language, view = "sv", rng.randrange(len(templates))
        if theme % len(TOPICS) == 0 and i % 17 == 0:
            language, view = rng.choice(sorted(OTHER_LANGUAGE)), len(templates)
            text = OTHER_LANGUAGE[language].format(place=place)
        else:
            text = templates[view].format(place=place)
            if rng.random() < 0.5:
                text += " " + rng.choice(templates).format(place=rng.choice(PLACES))
        text += f" (synpunkt {i})"  # keeps every text unique, as real comments are
        rows.append(
            {
                "id": f"s-{i:08d}",
                "theme": theme,
                "view": view,
                "text": text,
                "language": language,
                "channel": CHANNELS[(i + theme) % len(CHANNELS)] if theme else rng.choice(CHANNELS[:2]),
                "district": place,
                "age_group": rng.choice(AGE_GROUPS),
                "received_at": start + timedelta(days=rng.randrange(0, 90), minutes=i),
            }
        )
    return rows


def random_vectors(comments: list[dict[str, Any]], dim: int = 64, seed: int = 7) -> np.ndarray:
    """Return clustered random vectors: one centre per theme and per template inside it."""
    rng = np.random.default_rng(seed)
    centres: dict[tuple[int, int], np.ndarray] = {}
    out = np.empty((len(comments), dim), dtype=np.float32)
    for i, c in enumerate(comments):
        key = (c["theme"], c.get("view", 0))
        if key not in centres:
            centres[key] = rng.normal(size=dim) + 3 * np.eye(dim)[c["theme"] % dim]
        out[i] = centres[key] + 0.3 * rng.normal(size=dim)
    return out


def load_synthetic(
    store: Store,
    dialogue_id: str,
    comments: list[dict[str, Any]],
    n_themes: int,
    vectors: np.ndarray | None = None,
    model: str = "synthetic@1",
) -> list[str]:
    """Insert a dialogue, its submissions, one theme run, themes, assignments and embeddings.

    Returns:
        The theme ids, in theme order.
    """
    run_id = f"tr-{dialogue_id}"
    hashes = _insert_submissions(store, dialogue_id, comments)
    theme_ids = _insert_themes(store, dialogue_id, run_id, comments, n_themes)
    if vectors is not None:
        _insert_vectors(store, hashes, vectors, model)
    return theme_ids


def _insert_submissions(store: Store, dialogue_id: str, comments: list[dict[str, Any]]) -> list[str]:
    import pandas as pd

    store.execute(
        "INSERT INTO dialogues (id, title, question, purpose, target_groups, period_start, period_end, channels) "
        "VALUES (?, ?, ?, ?, ?, DATE '2025-09-01', DATE '2025-11-30', ?) ON CONFLICT DO NOTHING",
        [
            dialogue_id,
            f"Dialog {dialogue_id}",
            "Hur kan vi göra staden bättre?",
            "Att samla invånarnas synpunkter inför budgeten.",
            "Alla invånare, särskilt unga",
            CHANNELS,
        ],
    )
    subs = pd.DataFrame(
        {
            "id": [c["id"] for c in comments],
            "dialogue_id": [dialogue_id] * len(comments),
            "channel": [c["channel"] for c in comments],
            "received_at": [c["received_at"] for c in comments],
            "district": [c["district"] for c in comments],
            "age_group": [c["age_group"] for c in comments],
            "language": [c["language"] for c in comments],
            "text": [c["text"] for c in comments],
            "text_hash": [_hash(c["text"]) for c in comments],
        }
    )
    store.register("synthetic_subs", subs)
    store.execute(
        "INSERT INTO submissions (id, dialogue_id, channel, received_at, district, age_group, language, text, "
        "text_hash, anonymizer, anonymize_run_id) SELECT *, 'synthetic@1', 'an-synthetic' FROM synthetic_subs"
    )
    store.unregister("synthetic_subs")
    return list(subs["text_hash"])


def _insert_themes(
    store: Store, dialogue_id: str, run_id: str, comments: list[dict[str, Any]], n_themes: int
) -> list[str]:
    import pandas as pd

    store.execute(
        "INSERT INTO theme_runs (id, dialogue_id, kind, model_name, n_docs) VALUES (?, ?, 'fit', 'synthetic', ?)",
        [run_id, dialogue_id, len(comments)],
    )
    theme_ids = [f"{dialogue_id}-t{t:02d}" for t in range(n_themes)]
    sizes = [sum(1 for c in comments if c["theme"] == t) for t in range(n_themes)]
    store.executemany(
        "INSERT INTO themes (id, dialogue_id, theme_run_id, label, keywords, origin, size, share) "
        "VALUES (?, ?, ?, ?, ?, 'discovered', ?, ?)",
        [
            [
                tid,
                dialogue_id,
                run_id,
                f"{TOPICS[t % len(TOPICS)][0]} {t}",
                TOPICS[t % len(TOPICS)][1],
                sizes[t],
                sizes[t] / len(comments),
            ]
            for t, tid in enumerate(theme_ids)
        ],
    )
    store.register(
        "synthetic_assign",
        pd.DataFrame(
            {
                "submission_id": [c["id"] for c in comments],
                "theme_id": [theme_ids[c["theme"]] for c in comments],
            }
        ),
    )
    store.execute(
        "INSERT INTO theme_assignments (submission_id, dialogue_id, theme_id, score, theme_run_id) "
        "SELECT submission_id, ?, theme_id, 1.0, ? FROM synthetic_assign",
        [dialogue_id, run_id],
    )
    store.unregister("synthetic_assign")
    return theme_ids


def _insert_vectors(store: Store, hashes: list[str], vectors: np.ndarray, model: str) -> None:
    import pandas as pd

    frame = pd.DataFrame({"text_hash": hashes, "vector": [list(map(float, v)) for v in vectors]})
    store.register("synthetic_vec", frame)
    store.execute(
        "INSERT INTO embeddings (text_hash, model, vector) SELECT text_hash, ?, vector FROM synthetic_vec "
        "ON CONFLICT DO NOTHING",
        [model],
    )
    store.unregister("synthetic_vec")

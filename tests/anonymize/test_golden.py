"""Golden files end to end: tests/data/golden/*.txt → *.anon.txt with the full anonymizer; issue 3.

Uses the shipped name model (models/ner-sv). To accept a deliberate change, regenerate with
``UPDATE_GOLDEN=1 .venv/bin/pytest tests/anonymize/test_golden.py`` and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline.settings import REPO_ROOT

GOLDEN = REPO_ROOT / "tests" / "data" / "golden"
SOURCES = sorted(p for p in GOLDEN.glob("*.txt") if not p.name.endswith(".anon.txt"))


@pytest.fixture(scope="module")
def full_anonymizer():
    from pipeline.anonymize import get_anonymizer

    return get_anonymizer(REPO_ROOT / "models")  # the model ships in the repo: missing is a failure


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_golden(source: Path, full_anonymizer):
    text = source.read_text(encoding="utf-8")
    expected_path = source.with_name(source.stem + ".anon.txt")
    actual = full_anonymizer.anonymize(text).text
    if os.environ.get("UPDATE_GOLDEN"):
        expected_path.write_text(actual, encoding="utf-8")
    assert actual == expected_path.read_text(encoding="utf-8")
    assert full_anonymizer.anonymize(actual).text == actual  # anonymizing twice changes nothing


def test_provenance_names_the_name_model(full_anonymizer):
    assert full_anonymizer.name.startswith("lyhord.anonymize@1+ner-sv@")


def test_there_are_golden_files():
    assert len(SOURCES) >= 5

"""Issue 15 §6: heldout2.jsonl, a second report-only set, stays apart from every tuning and report set."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "data" / "pii"
GROUPS = {"swedish", "arabic", "somali", "persian", "tigrinya", "finnish", "bosnian", "polish", "turkish", "kurdish"}
OTHER_SETS = (
    "tune.jsonl",
    "tune_hard.jsonl",
    "tune_more.jsonl",
    "tune_shapes.jsonl",
    "tune_origins.jsonl",
    "dev_origins.jsonl",
    "heldout.jsonl",
    "report.jsonl",
)


def _records(name: str) -> list[dict]:
    return [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines()]


def _names(name: str) -> set[str]:
    return {
        w.lower() for r in _records(name) for e in r["entities"] if e["label"] == "PERSON" for w in e["text"].split()
    }


def test_heldout2_offsets_match_the_text() -> None:
    for record in _records("heldout2.jsonl"):
        for e in record["entities"]:
            assert record["text"][e["start"] : e["end"]] == e["text"], record["id"]


@pytest.mark.parametrize("other", OTHER_SETS)
def test_heldout2_shares_no_name_and_no_text_with_another_set(other: str) -> None:
    assert not _names("heldout2.jsonl") & _names(other), other
    assert not {r["text"] for r in _records("heldout2.jsonl")} & {r["text"] for r in _records(other)}, other


def test_heldout2_covers_every_group_labels_and_name_free_texts() -> None:
    held = _records("heldout2.jsonl")
    counts = Counter(e["origin"] for r in held for e in r["entities"] if e["label"] == "PERSON")
    assert set(counts) == GROUPS
    assert min(counts.values()) >= 20
    labels = Counter(e["label"] for r in held for e in r["entities"])
    assert {"ADDRESS", "PHONE", "EMAIL", "ID_NUMBER", "PLATE", "KEEP"} <= set(labels)
    assert sum(r["group"] == "none" and not any(e["label"] != "KEEP" for e in r["entities"]) for r in held) >= 40
    assert all(r["group"] in GROUPS | {"none"} for r in held)


def test_heldout2_file_is_what_its_builder_writes(tmp_path: Path) -> None:
    """The committed JSONL and its builder agree, and the builder says the set is report-only."""
    source = (DATA / "build_heldout2.py").read_text(encoding="utf-8")
    assert "REPORT ONLY" in source
    builder = tmp_path / "build_heldout2.py"
    builder.write_text(source, encoding="utf-8")
    subprocess.run([sys.executable, str(builder)], check=True)
    assert (tmp_path / "heldout2.jsonl").read_text(encoding="utf-8") == (DATA / "heldout2.jsonl").read_text(
        encoding="utf-8"
    )

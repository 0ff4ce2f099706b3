"""Issue 15 §6: the fairness material has ten origin groups, and tuning and reporting sets stay apart."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "data" / "pii"
GROUPS = {"swedish", "arabic", "somali", "persian", "tigrinya", "finnish", "bosnian", "polish", "turkish", "kurdish"}


def _records(name: str) -> list[dict]:
    return [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize(
    "name",
    [
        "tune.jsonl",
        "tune_hard.jsonl",
        "tune_more.jsonl",
        "tune_shapes.jsonl",
        "tune_arabic.jsonl",
        "tune_origins.jsonl",
        "dev_origins.jsonl",
        "report.jsonl",
        "heldout.jsonl",
    ],
)
def test_gold_offsets_match_the_text(name: str) -> None:
    for record in _records(name):
        for e in record["entities"]:
            assert record["text"][e["start"] : e["end"]] == e["text"], record["id"]


def test_every_group_has_fifty_names_in_the_reporting_set() -> None:
    counts = Counter(e["origin"] for r in _records("report.jsonl") for e in r["entities"] if e["label"] == "PERSON")
    assert set(counts) == GROUPS
    assert min(counts.values()) >= 50


def test_tuning_and_reporting_sets_share_no_name_and_no_text() -> None:
    def names(name: str) -> set[str]:
        return {
            w
            for r in _records(name)
            for e in r["entities"]
            if e["label"] == "PERSON"
            for w in e["text"].lower().split()
        }

    assert not names("tune.jsonl") & names("report.jsonl")
    assert not {r["text"] for r in _records("tune.jsonl")} & {r["text"] for r in _records("report.jsonl")}


def test_hard_tuning_set_shares_no_name_and_no_text_with_the_reporting_set() -> None:
    """Issue 15 §6: tune_hard.jsonl (nicknames, case endings, other languages) stays apart from report.jsonl."""

    def names(name: str) -> set[str]:
        return {
            w.lower()
            for r in _records(name)
            for e in r["entities"]
            if e["label"] == "PERSON"
            for w in e["text"].split()
        }

    hard = _records("tune_hard.jsonl")
    assert names("tune_hard.jsonl") and not names("tune_hard.jsonl") & names("report.jsonl")
    assert not {r["text"] for r in hard} & {r["text"] for r in _records("report.jsonl")}
    assert {e["origin"] for r in hard for e in r["entities"] if e["label"] == "PERSON"} == GROUPS


def _names(name: str) -> set[str]:
    return {
        w.lower() for r in _records(name) for e in r["entities"] if e["label"] == "PERSON" for w in e["text"].split()
    }


def test_heldout_set_is_report_only_and_apart_from_every_tuning_set() -> None:
    """Issue 15 §6: heldout.jsonl shares no name and no text with tune, tune_hard or tune_more."""
    held = _records("heldout.jsonl")
    texts = {r["text"] for r in held}
    for tuning in ("tune.jsonl", "tune_hard.jsonl", "tune_more.jsonl", "tune_shapes.jsonl"):
        assert not _names(tuning) & _names("heldout.jsonl"), tuning
        assert not {r["text"] for r in _records(tuning)} & texts, tuning
    assert not _names("tune_more.jsonl") & _names("report.jsonl")
    assert not _names("tune_shapes.jsonl") & _names("report.jsonl")
    assert "REPORT ONLY" in (DATA / "build_heldout.py").read_text(encoding="utf-8")


def test_heldout_set_has_fifty_names_in_the_weak_groups_and_a_group_per_record() -> None:
    held = _records("heldout.jsonl")
    counts = Counter(e["origin"] for r in held for e in r["entities"] if e["label"] == "PERSON")
    assert set(counts) == GROUPS
    assert min(counts[g] for g in ("kurdish", "tigrinya", "somali", "swedish")) >= 50
    assert all(r["group"] in GROUPS | {"none"} for r in held)
    assert sum(e["label"] == "KEEP" for r in held for e in r["entities"]) >= 200


def test_dev_origins_has_fifty_names_per_group_and_stays_apart_from_the_report_sets() -> None:
    """Issue 15 §6: our own development material, at least 50 names in every group, no name or text of a report set."""
    dev = _records("dev_origins.jsonl")
    counts = Counter(e["origin"] for r in dev for e in r["entities"] if e["label"] == "PERSON")
    assert set(counts) == GROUPS
    assert min(counts.values()) >= 50
    texts = {r["text"] for r in dev}
    for report in ("heldout.jsonl", "report.jsonl"):
        assert not _names("dev_origins.jsonl") & _names(report), report
        assert not texts & {r["text"] for r in _records(report)}, report
    assert any(r["group"] == "none" for r in dev)

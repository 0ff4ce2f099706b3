"""Scoring stance predictions against gold lines ``{"topic", "sentence", "label"}``."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from pipeline.errors import InputError
from pipeline.summaries.stance import LABELS

Classify = Callable[[str, list[str]], list[str]]


def read_gold(path: Path) -> list[dict[str, str]]:
    """Read a gold JSONL file; every line needs ``topic``, ``sentence`` and a ``label`` in pro/con/non.

    Raises:
        InputError: the file is missing, a line is not JSON, or a field is missing or invalid.
    """
    if not path.is_file():
        raise InputError(f"gold file {str(path)!r} does not exist; give a .jsonl file")
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError:
            raise InputError(f"line {n} of {str(path)!r} is not JSON; write one object per line") from None
        if not isinstance(row, dict) or not all(isinstance(row.get(k), str) for k in ("topic", "sentence", "label")):
            raise InputError(f"line {n} of {str(path)!r} needs string fields topic, sentence and label")
        if row["label"] not in LABELS:
            raise InputError(f"line {n} of {str(path)!r} has label {row['label']!r}; use pro, con or non")
        rows.append({"topic": row["topic"], "sentence": row["sentence"], "label": row["label"]})
    if not rows:
        raise InputError(f"gold file {str(path)!r} has no lines")
    return rows


def predict_by_topic(rows: Sequence[dict[str, str]], classify: Classify) -> list[str]:
    """Classify ``rows`` one topic at a time (a topic's sentences form one batch); keep row order."""
    groups: dict[str, list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        groups[row["topic"]].append(i)
    pred = [""] * len(rows)
    for topic, idx in groups.items():
        for i, label in zip(idx, classify(topic, [rows[i]["sentence"] for i in idx]), strict=True):
            pred[i] = label
    return pred


def score(gold: Sequence[str], pred: Sequence[str]) -> dict[str, Any]:
    """Return accuracy, macro-F1 over pro/con/non, and each class's F1, precision, recall and support."""
    per_class = {}
    for label in LABELS:
        tp = sum(g == p == label for g, p in zip(gold, pred, strict=True))
        n_pred = sum(p == label for p in pred)
        n_gold = sum(g == label for g in gold)
        precision = tp / n_pred if n_pred else 0.0
        recall = tp / n_gold if n_gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class[label] = {
            "f1": round(f1, 4),
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "n": n_gold,
        }
    accuracy = sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold) if gold else 0.0
    return {
        "n": len(gold),
        "accuracy": round(accuracy, 4),
        "macro_f1": round(sum(c["f1"] for c in per_class.values()) / len(LABELS), 4),
        "per_class": per_class,
    }

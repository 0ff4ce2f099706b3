"""Scoring PII detection against gold spans (the format of ``data/pii/dev.jsonl``).

Gold lines are ``{"id", "text", "entities": [{"start", "end", "label", "origin"?}]}`` with the six
PII labels plus ``KEEP`` for things that must stay readable. Figures per label: precision,
recall and F1 with exact and with overlapping offsets, and "found": the share of gold spans
that predicted spans (of any label) cover completely; redacting "Anna-Karin" but not "Öberg"
is a leak. PERSON precision counts predicted PERSON spans that overlap any gold PII span.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from pipeline.anonymize.spans import LABELS, Span
from pipeline.errors import InputError
from pipeline.jsonl import iter_objects

Analyzer = Callable[[Sequence[str]], list[list[Span]]]
SWEDISH_ORIGINS = {"swedish", "svensk", "svenska", "sweden", "sv", "se"}


def read_gold(path: Path) -> list[dict[str, Any]]:
    """Read gold records from a JSON Lines file.

    Raises:
        InputError: a line is not JSON or lacks ``text``/``entities``; the message gives its number.
    """
    records = []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"cannot read gold file {str(path)!r}: {exc.strerror}") from None
    for number, record in iter_objects(lines, Path(path).name):
        if not isinstance(record.get("text"), str) or not isinstance(record.get("entities"), list):
            raise InputError(f"line {number} of {Path(path).name} needs a string 'text' and a list 'entities'")
        records.append(record)
    return records


def _prf(tp_p: int, n_pred: int, tp_r: int, n_gold: int) -> dict[str, float | None]:
    p = tp_p / n_pred if n_pred else None
    r = tp_r / n_gold if n_gold else None
    f1 = 2 * p * r / (p + r) if p and r else (0.0 if p is not None and r is not None else None)
    return {"precision": p, "recall": r, "f1": f1}


def _covered(gold: dict[str, Any], predicted: list[Span], text: str) -> bool:
    """Say whether the predicted spans cover every non-space character of the gold span."""
    chars = {i for i in range(gold["start"], gold["end"]) if not text[i].isspace()}
    for span in predicted:
        chars.difference_update(range(span.start, span.end))
    return not chars


def score(gold: Sequence[dict[str, Any]], predicted: Sequence[list[Span]]) -> dict[str, Any]:
    """Return the figures for one system's predictions (one span list per gold record)."""
    c: dict[str, dict[str, int]] = {lab: defaultdict(int) for lab in LABELS}
    keep_total = keep_touched = 0
    person_pred = person_pred_hit = 0
    by_origin: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for record, spans in zip(gold, predicted, strict=True):
        pii = [e for e in record["entities"] if e["label"] in LABELS]
        for e in record["entities"]:
            if e["label"] == "KEEP":
                keep_total += 1
                keep_touched += any(s.start < e["end"] and e["start"] < s.end for s in spans)
        for label in LABELS:
            g = [e for e in pii if e["label"] == label]
            p = [s for s in spans if s.label == label]
            c[label]["gold"] += len(g)
            c[label]["pred"] += len(p)
            c[label]["exact"] += sum(any(s.start == e["start"] and s.end == e["end"] for s in p) for e in g)
            c[label]["ov_r"] += sum(any(s.start < e["end"] and e["start"] < s.end for s in p) for e in g)
            c[label]["ov_p"] += sum(any(s.start < e["end"] and e["start"] < s.end for e in g) for s in p)
            c[label]["found"] += sum(_covered(e, spans, record["text"]) for e in g)
        for s in spans:
            if s.label == "PERSON":
                person_pred += 1
                person_pred_hit += any(s.start < e["end"] and e["start"] < s.end for e in pii)
        for e in pii:
            origin = e.get("origin") or e.get("name_origin")
            if e["label"] == "PERSON" and origin:
                by_origin[str(origin)][0] += 1
                by_origin[str(origin)][1] += _covered(e, spans, record["text"])
    labels = {}
    for label, k in c.items():
        labels[label] = {
            "gold": k["gold"],
            "predicted": k["pred"],
            "exact": _prf(k["exact"], k["pred"], k["exact"], k["gold"]),
            "overlap": _prf(k["ov_p"], k["pred"], k["ov_r"], k["gold"]),
            "found": k["found"] / k["gold"] if k["gold"] else None,
        }
    return {
        "labels": labels,
        "person_precision": person_pred_hit / person_pred if person_pred else None,
        "keep_spans": keep_total,
        "keep_touched": keep_touched / keep_total if keep_total else None,
        "person_found_by_origin": _origins(by_origin),
    }


def _origins(by_origin: dict[str, list[int]]) -> dict[str, Any]:
    if not by_origin:
        return {}
    out: dict[str, Any] = {o: {"gold": n, "found": f / n} for o, (n, f) in sorted(by_origin.items())}
    sw = [v for o, v in by_origin.items() if o.lower() in SWEDISH_ORIGINS]
    other = [v for o, v in by_origin.items() if o.lower() not in SWEDISH_ORIGINS]
    for name, group in (("swedish", sw), ("other", other)):
        n = sum(v[0] for v in group)
        if n:
            out[f"_{name}"] = {"gold": n, "found": sum(v[1] for v in group) / n}
    return out


def evaluate(gold: Sequence[dict[str, Any]], systems: dict[str, Analyzer]) -> dict[str, Any]:
    """Run each system over the gold texts, time it and score it."""
    texts = [r["text"] for r in gold]
    out: dict[str, Any] = {"texts": len(texts), "systems": {}}
    for name, analyze in systems.items():
        started = time.perf_counter()
        predicted = analyze(texts)
        seconds = time.perf_counter() - started
        figures = score(gold, predicted)
        figures["seconds"] = round(seconds, 3)
        figures["texts_per_second"] = round(len(texts) / seconds, 1) if seconds > 0 else None
        out["systems"][name] = figures
    return out

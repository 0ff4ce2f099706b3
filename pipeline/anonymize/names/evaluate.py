"""Score the name detector on gold PII files (format of ``shared/data/pii/dev.jsonl``).

A gold PERSON span counts as found only when predicted spans cover all of its non-space
characters. Precision is the share of predicted spans that overlap a gold PERSON span. KEEP
touched is the share of gold KEEP spans that a prediction overlaps. When the gold file has no
``origin`` on its entities, origin is guessed from the name lists (Swedish vs other).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

from pipeline.anonymize.names.detector import NameDetector
from pipeline.anonymize.names.lexicon import Lexicon, load_lexicon
from pipeline.anonymize.spans import Span

SWEDISH_MORPH = re.compile(
    r"(sson|ström|qvist|kvist|gren|berg|lund|holm|dahl|blad|stedt|"
    r"mark|ell|ius|sén|lin|ander)$"
)
FOREIGN_MORPH = re.compile(
    r"(nen|ić|ič|vić|ski|ska|cki|cka|wicz|czyk|zadeh|pour|oğlu|yan|ian|"
    r"enko|ov|ova|ev|eva|poulos|ez|es)$"
)
MODELS_DIR = Path(__file__).resolve().parents[3] / "models"


def guess_origin(name: str, lex: Lexicon | None = None) -> str:
    """Guess ``swedish`` or another origin of a name (heuristic, for reporting only).

    Words from ``origins.yaml`` decide first (surname before first name); then foreign and
    Swedish surname endings; then the Swedish first-name list (faker's Isof top-1000).
    """
    lex = lex or load_lexicon()
    words = [w.lower().rstrip(".") for w in re.split(r"[\s-]+", name) if w.strip(".")]
    pools = {o: {x.lower() for x in v["first"] + v["last"]} for o, v in lex.origins.items()}
    if len(words) > 1:
        for origin, pool in pools.items():
            if words[-1] in pool and words[-1] not in lex.swedish_first:
                return origin
        if FOREIGN_MORPH.search(words[-1]):
            return "other"
        if SWEDISH_MORPH.search(words[-1]):
            return "swedish"
    for word in words:
        for origin, pool in pools.items():
            if word in pool and word not in lex.swedish_first:
                return origin
    foreign_last = {w.lower() for v in lex.origins.values() for w in v["last"]}
    swedish = lex.swedish_first | (lex.last - foreign_last)
    return "swedish" if all(w in swedish for w in words) else "other"


def covered(gold: tuple[int, int], preds: list[Span], text: str) -> bool:
    """Say whether predictions cover every non-space character of the gold span."""
    hit: set[int] = set()
    for p in preds:
        hit.update(range(max(p.start, gold[0]), min(p.end, gold[1])))
    return all(i in hit for i in range(*gold) if not text[i].isspace())


def _read(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def evaluate_names(gold_path: Path, detector: NameDetector | None = None, models_dir: Path = MODELS_DIR) -> dict:
    """Return recall (full cover), precision, per-origin recall and KEEP touched as a dict."""
    detector = detector or NameDetector.load(models_dir)
    rows = _read(Path(gold_path))
    preds = detector.detect_many([r["text"] for r in rows])
    found = total = pred_n = pred_ok = keep_n = keep_hit = 0
    by_origin: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row, spans in zip(rows, preds, strict=True):
        gold = [(e["start"], e["end"], e) for e in row.get("entities", [])]
        person = [g for g in gold if g[2]["label"] == "PERSON"]
        for start, end, ent in person:
            ok = covered((start, end), spans, row["text"])
            origin = ent.get("origin") or guess_origin(row["text"][start:end])
            group = origin if origin == "swedish" else "other"
            for key in {origin, group} | ({"other"} if group == "other" else set()):
                by_origin[key][0] += ok
                by_origin[key][1] += 1
            found += ok
            total += 1
        for p in spans:
            pred_n += 1
            pred_ok += any(p.start < e and s < p.end for s, e, _ in person)
        for s, e, ent in gold:
            if ent["label"] == "KEEP":
                keep_n += 1
                keep_hit += any(p.start < e and s < p.end for p in spans)
    return {
        "person_found": round(found / max(total, 1), 4),
        "person_precision": round(pred_ok / max(pred_n, 1), 4),
        "keep_touched": round(keep_hit / max(keep_n, 1), 4),
        "n_person": total,
        "n_pred": pred_n,
        "n_keep": keep_n,
        "recall_by_origin": {k: {"recall": round(v[0] / v[1], 4), "n": v[1]} for k, v in sorted(by_origin.items())},
    }


def error_report(gold_path: Path, detector: NameDetector) -> list[tuple[str, str, str]]:
    """List (kind, id, text) for misses and false positives.

    For development on annotated files only: the output quotes text, so never log it.
    """
    out = []
    for row in _read(Path(gold_path)):
        spans = detector.detect(row["text"])
        person = [(e["start"], e["end"]) for e in row["entities"] if e["label"] == "PERSON"]
        for s, e in person:
            if not covered((s, e), spans, row["text"]):
                got = [row["text"][p.start : p.end] for p in spans if p.start < e and s < p.end]
                out.append(("miss", row["id"], f"{row['text'][s:e]!r} got {got}"))
        for p in spans:
            if not any(p.start < e and s < p.end for s, e in person):
                t = row["text"]
                shown = f"{t[max(0, p.start - 20) : p.start]}[[{t[p.start : p.end]}]]{t[p.end : p.end + 10]}"
                out.append(("fp", row["id"], shown))
    return out

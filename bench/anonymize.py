"""Benchmark the anonymizer: submissions per second and peak RSS, beside Presidio.

Texts: ``--n`` (default 20,000) invented resident comments with planted personal data
(``pipeline.anonymize.synthetic``; nothing copied from an evaluation set). Each system runs in
its own child process (``--workers`` 1 and 2 on this 2-core machine); peak RSS is the largest
worker's resident set. Model loading is timed separately from throughput.

Systems, all measured in this run:
  * ``lyhord``: the full anonymizer (pattern recognizers + Swedish name model + operators);
  * ``lyhord-patterns``: the same without the name model;
  * ``presidio-hosted``: Lyhörd's pattern recognizers run inside Presidio's AnalyzerEngine
    (blank sv spaCy), to see what Presidio costs as a framework;
  * ``presidio-sv``: Presidio set up as a Swedish user would (baseline).

With ``--gold FILE`` (e.g. ``tests/data/pii/heldout.jsonl``): PERSON recall per origin group,
PERSON precision per record ``group`` (the origin of the names in a comment; ``none`` for comments
without a name), "found" per label and KEEP spans touched. Add ``--lists-off`` to take every name
word of the file's PERSON spans off the name lists first (in memory): recall on names no list has.

With ``--real``: the share of comments given a PERSON span on real public consultations in
``../shared/data/real/polis`` (English and German, CC BY 4.0, almost no private names; issue 15),
with the Swedish name model on every text (as before issue 15) beside the language-routed
anonymizer.

Usage: ``.venv/bin/python bench/anonymize.py [--n 20000] [--json] [--real] [--gold FILE [--lists-off]]``
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

BATCH = 250
POLIS = REPO.parent / "shared" / "data" / "real" / "polis"
# The two sets issue 15 reports on (approved comments only), then further ones as a check.
REAL_SETS = (
    ("american-assembly.bowling-green", "en"),
    ("austria-climate.5tzfrp5eaa.2022-07-07", "de"),
    ("austria-climate.9xnndurbfm.2022-07-07", "de"),
    ("austria-climate.2vkxcncppn.2022-07-07", "de"),
    ("march-on.operation-marchin-orders", "en"),
)
_engine = None


def _presidio_hosted():
    from presidio_analyzer import EntityRecognizer, RecognizerResult

    from pipeline.anonymize import build_anonymizer
    from pipeline.anonymize.baseline import PresidioBaseline

    patterns = build_anonymizer(None)

    class LyhordPatterns(EntityRecognizer):
        def load(self) -> None:
            pass

        def analyze(self, text, entities, nlp_artifacts=None):
            return [RecognizerResult(s.label, s.start, s.end, s.score) for s in patterns.analyze(text)]

    base = PresidioBaseline()
    registry = base.engine.registry
    registry.recognizers = [LyhordPatterns(supported_entities=list(patterns_labels()), supported_language="sv")]
    return base.engine


def patterns_labels():
    return ("ID_NUMBER", "PHONE", "EMAIL", "ADDRESS", "PLATE")


def _load(system: str):
    if system == "lyhord":
        from pipeline.anonymize import get_anonymizer
        from pipeline.settings import Settings

        return get_anonymizer(Settings().models_dir).anonymize_many
    if system == "lyhord-patterns":
        from pipeline.anonymize import build_anonymizer

        return build_anonymizer(None).anonymize_many
    if system == "presidio-hosted":
        engine = _presidio_hosted()
        return lambda texts: [engine.analyze(text=t, language="sv") for t in texts]
    if system == "presidio-sv":
        from presidio_anonymizer import AnonymizerEngine

        from pipeline.anonymize.baseline import PresidioBaseline

        base, anonymizer = PresidioBaseline(), AnonymizerEngine()

        def run(texts):
            return [
                anonymizer.anonymize(text=t, analyzer_results=base.engine.analyze(text=t, language="sv")).text
                for t in texts
            ]

        return run
    raise SystemExit(f"unknown system {system!r}")


def _init(system: str) -> None:
    global _engine
    _engine = _load(system)


def _work(texts: list[str]) -> int:
    _engine(texts)
    return len(texts)


def child(system: str, n: int, workers: int) -> dict:
    """Measure one system in this process (and its workers); return the figures."""
    from pipeline.anonymize.synthetic import comments

    texts = [c["text"] for c in comments(n, seed=3)]
    batches = [texts[i : i + BATCH] for i in range(0, len(texts), BATCH)]
    started = time.perf_counter()
    if workers == 1:
        _init(system)
        loaded = time.perf_counter()
        done = sum(_work(b) for b in batches)
    else:
        with mp.get_context("fork").Pool(workers, initializer=_init, initargs=(system,)) as pool:
            pool.map(_work, batches[:workers], chunksize=1)  # warm-up: every worker has loaded
            loaded = time.perf_counter()
            done = sum(pool.map(_work, batches, chunksize=1))
    seconds = time.perf_counter() - loaded
    usage = (resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN))
    rss = max(u.ru_maxrss for u in usage)
    return {
        "system": system,
        "workers": workers,
        "texts": done,
        "load_s": round(loaded - started, 2),
        "seconds": round(seconds, 2),
        "per_second": round(done / seconds, 1),
        "peak_rss_mb": round(rss / 1024),
    }


def run(system: str, n: int, workers: int) -> dict:
    """Run ``child`` in a fresh interpreter so that RSS and imports are its own."""
    env = {**os.environ, "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    out = subprocess.run(
        [sys.executable, __file__, "--child", system, "--n", str(n), "--workers", str(workers)],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
    )
    if out.returncode != 0:
        last = (out.stderr.strip().splitlines() or ["?"])[-1]
        return {"system": system, "workers": workers, "error": last[:200]}
    return json.loads(out.stdout.strip().splitlines()[-1])


def real_comments(name: str) -> list[str]:
    """Approved comments of one Polis export (``moderated`` = 1)."""
    import csv

    with open(POLIS / name / "comments.csv", encoding="utf-8") as fh:
        return [r["comment-body"] for r in csv.DictReader(fh) if r["moderated"] == "1" and r["comment-body"].strip()]


def person_share(analyze, texts: list[str]) -> tuple[int, int]:
    """Return (comments with a PERSON span, PERSON spans) for ``texts``."""
    found = [[s for s in spans if s.label == "PERSON"] for spans in analyze(texts)]
    return sum(1 for f in found if f), sum(len(f) for f in found)


def real() -> None:
    """Print the share of comments with PERSON spans per real set: before and after language routing."""
    if not POLIS.is_dir():
        raise SystemExit(f"needs the shared real data in {POLIS}")
    from pipeline.anonymize import build_anonymizer, get_anonymizer
    from pipeline.settings import Settings

    routed = get_anonymizer(Settings().models_dir)
    swedish_only = build_anonymizer(routed.names)  # the name model on every language, as before
    print(f"{'set':<40}{'lang':>5}{'n':>6}{'before':>16}{'after':>16}")
    for name, lang in REAL_SETS:
        texts = real_comments(name)
        before, spans_before = person_share(swedish_only.analyze_many, texts)
        after, spans_after = person_share(routed.analyze_many, texts)
        print(
            f"{name:<40}{lang:>5}{len(texts):>6}{before / len(texts):>9.1%} ({spans_before:>3})"
            f"{after / len(texts):>9.1%} ({spans_after:>3})"
        )


def fairness(path: Path, lists_off: bool = False) -> dict:
    """Score the anonymizer on one gold file: recall per origin, precision per record group.

    With ``lists_off`` every name word of the file's PERSON spans is first taken off the name
    lists (in memory): what the model and the context rules find for names no list has.
    """
    from collections import defaultdict

    from pipeline.anonymize import get_anonymizer
    from pipeline.anonymize.evaluate import read_gold, score
    from pipeline.settings import Settings

    gold = read_gold(path)
    if lists_off:
        from pipeline.anonymize.names.leave_out import anonymizer_without, gold_name_words

        anonymizer = anonymizer_without(Settings().models_dir, sorted(gold_name_words(gold)))
    else:
        anonymizer = get_anonymizer(Settings().models_dir)
    predicted = anonymizer.analyze_many([r["text"] for r in gold])
    figures = score(gold, predicted)
    hits: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for record, spans in zip(gold, predicted, strict=True):
        pii = [e for e in record["entities"] if e["label"] != "KEEP"]
        for s in spans:
            if s.label == "PERSON":
                row = hits[record.get("group", "?")]
                row[0] += 1
                row[1] += any(s.start < e["end"] and e["start"] < s.end for e in pii)
    origins = figures["person_found_by_origin"]
    return {
        "labels": {k: (v["gold"], v["found"] and round(v["found"], 3)) for k, v in figures["labels"].items()},
        "person_precision": round(figures["person_precision"] or 0, 3),
        "keep_touched": (figures["keep_spans"], round(figures["keep_touched"] or 0, 3)),
        "person_by_origin": {
            o: {
                "gold": v["gold"],
                "recall": round(v["found"], 3),
                "precision": round(hits[o][1] / hits[o][0], 3) if hits.get(o, [0])[0] else None,
            }
            for o, v in origins.items()
        },
        "false_person_spans_in_nameless_comments": hits["none"][0] - hits["none"][1],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20000)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--child")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--systems", help="comma-separated subset, e.g. lyhord,presidio-sv")
    parser.add_argument("--real", action="store_true", help="PERSON share on real English/German consultations")
    parser.add_argument("--gold", type=Path, help="gold JSONL with origin on PERSON spans and group per record")
    parser.add_argument(
        "--lists-off", action="store_true", help="with --gold: take the gold names off the name lists first"
    )
    args = parser.parse_args()
    if args.gold:
        print(json.dumps(fairness(args.gold, args.lists_off), indent=1, ensure_ascii=False))
        return
    if args.real:
        real()
        return
    if args.child:
        print(json.dumps(child(args.child, args.n, args.workers)))
        return
    plan = [
        ("lyhord", 1),
        ("lyhord", 2),
        ("lyhord-patterns", 1),
        ("presidio-hosted", 1),
        ("presidio-sv", 1),
        ("presidio-sv", 2),
    ]
    if args.systems:
        plan = [(s, w) for s, w in plan if s in args.systems.split(",")]
    load_before = os.getloadavg()[0]
    rows = [run(system, args.n, workers) for system, workers in plan]
    load_after = os.getloadavg()[0]
    if args.json:
        print(json.dumps({"texts": args.n, "cpus": os.cpu_count(), "load": [load_before, load_after], "results": rows}))
        return
    print(
        f"anonymize benchmark: {args.n} invented comments, {os.cpu_count()} CPUs, "
        f"load average {load_before:.1f} before / {load_after:.1f} after (other work skews figures)"
    )
    print(f"{'system':<18}{'workers':>8}{'subm/s':>10}{'seconds':>9}{'load s':>8}{'peak RSS MB':>13}")
    for r in rows:
        if "error" in r:
            print(f"{r['system']:<18}{r['workers']:>8}  failed: {r['error']}")
            continue
        print(
            f"{r['system']:<18}{r['workers']:>8}{r['per_second']:>10}{r['seconds']:>9}{r['load_s']:>8}"
            f"{r['peak_rss_mb']:>13}"
        )


if __name__ == "__main__":
    main()

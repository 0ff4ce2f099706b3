"""Benchmark Swedish name recognition: quality on dev.jsonl and speed, beside baselines.

Baselines measured in the same run:
  * ``lookup``: capitalized words found in the SCB first-name list (one span per word);
  * ``model``: the trained NER alone (PER entities, no rules);
  * ``detector``: model + gazetteer + context rules (what Lyhörd ships).

Usage: ``.venv/bin/python bench/names.py [--shared ../shared] [--n 20000]``
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pipeline.anonymize.names.detector import NameDetector  # noqa: E402
from pipeline.anonymize.names.evaluate import evaluate_names  # noqa: E402
from pipeline.anonymize.names.lexicon import load_lexicon  # noqa: E402
from pipeline.anonymize.spans import Span  # noqa: E402


class LookupBaseline:
    """Capitalized words in the first-name list, nothing else."""

    def __init__(self, detector: NameDetector) -> None:
        """Reuse the detector's tokenizer."""
        self.nlp = detector.nlp
        self.first = load_lexicon().first

    def detect_many(self, texts: list[str]) -> list[list[Span]]:
        """Return one span per capitalized first-name word."""
        return [
            [
                Span(t.idx, t.idx + len(t.text), "PERSON")
                for t in self.nlp.make_doc(x)
                if t.text[:1].isupper() and t.lower_ in self.first
            ]
            for x in texts
        ]


class ModelOnly:
    """The trained NER's PER entities without rules."""

    def __init__(self, detector: NameDetector) -> None:
        """Reuse the detector's pipeline."""
        self.nlp = detector.nlp

    def detect_many(self, texts: list[str]) -> list[list[Span]]:
        """Return PER entities as spans."""
        return [
            [Span(e.start_char, e.end_char, "PERSON") for e in d.ents if e.label_ == "PER"]
            for d in self.nlp.pipe(texts, batch_size=256)
        ]


def speed(system, texts: list[str]) -> dict:
    """Texts and words per second (wall clock and CPU time) for one system."""
    wall, cpu = time.perf_counter(), time.process_time()
    system.detect_many(texts)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    words = sum(len(t.split()) for t in texts)
    return {
        "texts_per_s": round(len(texts) / wall),
        "texts_per_cpu_s": round(len(texts) / cpu),
        "words_per_cpu_s": round(words / cpu),
    }


def main() -> None:
    """Print quality and speed for lookup, model-only and the full detector."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--n", type=int, default=20000, help="generated texts for the speed test")
    args = ap.parse_args()
    from pipeline.anonymize.names.synth import Generator, load_pools

    detector = NameDetector.load(REPO / "models")
    systems = {"lookup": LookupBaseline(detector), "model": ModelOnly(detector), "detector": detector}
    gold = args.shared / "data/pii/dev.jsonl"
    texts = [t for t, _ in Generator(load_pools(args.shared), seed=99).examples(args.n)]
    out = {}
    for name, system in systems.items():
        out[name] = {**evaluate_names(gold, detector=system), **speed(system, texts)}
        out[name].pop("recall_by_origin") if name != "detector" else None
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps(out, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()

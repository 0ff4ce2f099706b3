"""Benchmark: choosing quotes (``quotes.pick_quotes``) with and without cached word sets.

Quote picking compares every candidate statement with every item already shown,
again for each pick, so one theme tokenizes the same texts thousands of times.
Prints CPU seconds for the same picks with the cached word sets (the product)
beside the uncached functions (the baseline), measured in the same run on
synthetic Swedish comments (``summaries.synthetic``).

Run: ``.venv/bin/python bench/quote_picking.py [--n 3000] [--points 200]``
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from unittest import mock

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # bench/pipeline.py would shadow the package

from pipeline.summaries import features, synthetic  # noqa: E402
from pipeline.summaries.clean import Statement  # noqa: E402
from pipeline.summaries.quotes import pick_quotes  # noqa: E402
from pipeline.summaries.statements import Chosen  # noqa: E402


def run(chosen: list[Chosen], vectors: np.ndarray, points: int, seed: int) -> float:
    """Return CPU seconds for ``points`` pickings of 5 quotes among 45 candidates."""
    rng = np.random.default_rng(seed)
    start = time.process_time()
    for _ in range(points):
        rows = [int(r) for r in rng.choice(len(chosen), 45, replace=False)]
        shown = [chosen[int(r)].statement.text for r in rng.choice(len(chosen), 8)]
        pick_quotes(rows, chosen, vectors, vectors[rows].mean(axis=0), shown, 5)
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=3000)
    parser.add_argument("--points", type=int, default=200)
    args = parser.parse_args()
    comments = synthetic.make_comments(args.n, 12)
    texts = [c["text"] for c in comments]
    chosen = [
        Chosen(i, Statement(0, len(t), t), "sv", "problem", features.find_evidence(t)) for i, t in enumerate(texts)
    ]
    vectors = synthetic.random_vectors(comments)
    uncached = {"token_set": features.token_set.__wrapped__, "_stems": features._stems.__wrapped__}
    with mock.patch.multiple(features, **uncached):
        baseline = run(chosen, vectors, args.points, seed=1)
    features.token_set.cache_clear()
    features._stems.cache_clear()
    cached = run(chosen, vectors, args.points, seed=1)
    print(f"quote picking, {args.points} points over {args.n} statements (CPU seconds, same picks)")
    print(f"  uncached word sets (baseline): {baseline:6.2f} s")
    print(f"  cached word sets (product):    {cached:6.2f} s  ({baseline / max(cached, 1e-9):.0f}x faster)")


if __name__ == "__main__":
    main()

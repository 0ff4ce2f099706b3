"""Issue 14: bench/pipeline.py's stage timer reports time, CPU time and the stage's own peak RSS."""

from __future__ import annotations

import importlib.util
import time
from pathlib import Path

import numpy as np

BENCH = Path(__file__).resolve().parents[2] / "bench" / "pipeline.py"


def _bench():
    spec = importlib.util.spec_from_file_location("bench_pipeline", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_stage_row_has_its_own_peak_rss_and_cpu_time() -> None:
    bench = _bench()
    rss, rows = bench.RssSampler(every=0.01), []
    try:
        with bench.timed(rows, rss, "big", texts=1000) as row:
            block = np.ones(300 * 1024 * 1024 // 8)  # 300 MB, touched
            time.sleep(0.1)
            row["counts"] = {"themes": 3}
            del block
        with bench.timed(rows, rss, "small", texts=10):
            sum(i * i for i in range(200_000))
    finally:
        rss.stop()
    big, small = rows
    assert big["peak_rss_mb"] - small["peak_rss_mb"] > 200  # the second stage's peak starts afresh
    assert big["texts_per_s"] == round(1000 / big["seconds"], 1)
    assert small["cpu_s"] > 0 and big["seconds"] >= 0.1
    assert "themes=3" in bench._line(big) and "peak RSS" in bench._line(small)

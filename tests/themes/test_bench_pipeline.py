"""Issue 14: bench/pipeline.py's stage timer reports time, CPU time and the stage's own peak RSS."""

from __future__ import annotations

import importlib.util
import json
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


def test_compare_dumps_says_which_rows_and_columns_differ() -> None:
    bench = _bench()
    before = {
        "themes": [{"id": "vasteras-2026/d1", "label": "Cykelbanor och belysning", "keywords": ["cykelbana"]}],
        "assignments": [
            {"submission_id": "vasteras-2026/e-post/0001", "theme_id": "vasteras-2026/d1", "score": 0.91},
            {"submission_id": "vasteras-2026/sms/0002", "theme_id": "vasteras-2026/other", "score": 0.2},
        ],
        "summaries": [{"id": "vasteras-2026/d1:v1", "sentences": [{"text": "Förslag: …", "citations": ["a/1"]}]}],
    }
    after = json.loads(json.dumps(before))
    assert all(r["differ"] == 0 and not r["only_in_a"] for r in bench.compare_dumps(before, after).values())
    after["assignments"][1]["score"] = 0.21
    after["summaries"].append({"id": "vasteras-2026/d1:v2", "sentences": []})
    report = bench.compare_dumps(before, after)
    assert report["assignments"]["differ"] == 1 and report["assignments"]["columns"] == ["score"]
    assert report["assignments"]["examples"] == ["vasteras-2026/sms/0002"]
    assert report["summaries"]["only_in_b"] == 1 and report["themes"]["differ"] == 0
    assert not bench._print_comparison(report) and bench._print_comparison(bench.compare_dumps(before, before))


def test_plain_parses_json_columns_so_spacing_does_not_count() -> None:
    bench = _bench()
    assert bench._plain('{"a": [1, 2]}') == bench._plain('{"a":[1,2]}') == {"a": [1, 2]}
    assert bench._plain("[NAMN 1] skrev") == "[NAMN 1] skrev"  # not JSON: kept as it is

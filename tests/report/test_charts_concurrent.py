"""Issue 11: two officials exporting at the same moment draw on their own figures (no pyplot state)."""

from __future__ import annotations

import sys
from concurrent.futures import ThreadPoolExecutor

from pipeline.report.charts import bar_chart


def test_charts_drawn_in_parallel_threads_are_independent():
    counts = [{f"Stadsdel {i}-{j}": j + 1 for j in range(8)} for i in range(12)]
    with ThreadPoolExecutor(max_workers=6) as pool:
        pngs = list(pool.map(lambda c: bar_chart("Synpunkter per stadsdel", c, horizontal=True), counts))
    assert all(p.startswith(b"\x89PNG") for p in pngs)
    assert len(set(pngs)) == len(pngs)  # each chart shows its own data
    pyplot = sys.modules.get("matplotlib.pyplot")
    assert pyplot is None or not pyplot.get_fignums()  # nothing left in pyplot's global figure registry

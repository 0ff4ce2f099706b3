"""Ingesting the demo generator's files gives exactly the counts its manifest expects."""

from __future__ import annotations

import pytest
from ingest_fixtures import raw_count, raw_rows

from pipeline.demo import INBOX, generate_demo
from pipeline.ingest import ingest_paths


@pytest.fixture(scope="module")
def manifest(tmp_path_factory):
    return generate_demo(tmp_path_factory.mktemp("demo"), n=300, seed=11)


def test_demo_files_ingest_to_expected_counts(store, settings, manifest) -> None:
    inbox = next(p for p in manifest.files[0].parents if p.name == INBOX)
    report = ingest_paths(store, [inbox], settings=settings, run_id="demo")
    got = dict(raw_rows(store, "SELECT source, count(*) FROM submissions_raw GROUP BY source"))
    wrong = {k: (v, got.get(k, 0)) for k, v in manifest.expected.items() if got.get(k, 0) != v}
    assert not wrong
    assert report.counts["accepted"] == sum(manifest.expected.values())
    texts = [" ".join(t.split()) for (t,) in raw_rows(store, "SELECT text FROM submissions_raw")]
    missing = [k for k, s in manifest.samples.items() if not any(" ".join(s.split()) in t for t in texts)]
    assert not missing
    rejected = {r[0] for r in store.fetchall("SELECT DISTINCT source FROM rejects")}
    broken = {k for k in manifest.expected if k.startswith("trasiga/")}
    assert {k for k in broken if manifest.expected[k] == 0} <= rejected
    again = ingest_paths(store, [inbox], settings=settings, run_id="demo-2")
    assert again.counts["accepted"] == 0
    assert raw_count(store) == report.counts["accepted"]

"""Hypothesis: ingesting the same input twice adds nothing (house style point 12)."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.ingest import ingest_paths
from pipeline.schema import content_hash, submission_id
from pipeline.settings import Settings
from pipeline.store import Store

_SPACES = st.sampled_from([" ", "  ", "\t", "\n", "\r\n", "\u2003", "\xa0", "a\u0308", "Å"])
answers = st.lists(
    st.one_of(_SPACES, st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=8)),
    max_size=6,
).map("".join)
rows = st.lists(st.tuples(st.sampled_from(["Öster", "Råby", ""]), answers), min_size=1, max_size=15)


def _write(folder: Path, survey: list[tuple[str, str]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(["Stadsdel", "Svar"])
    writer.writerows(survey)
    (folder / "enkat.csv").write_text(buffer.getvalue(), encoding="utf-8")
    lines = [json.dumps({"svar": text, "stadsdel": d}, ensure_ascii=False) for d, text in survey]
    (folder / "form.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(survey=rows)
def test_ingesting_twice_adds_nothing(survey: list[tuple[str, str]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        _write(folder, survey)
        config = Settings(db_path=folder / "t.duckdb", data_dir=folder / "data", actor="test")
        with Store.open(config) as store:
            first = ingest_paths(store, [folder / "enkat.csv", folder / "form.jsonl"], settings=config, run_id="a")
            with store.raw_access("test"):
                count = store.scalar("SELECT count(*) FROM submissions_raw")
            second = ingest_paths(store, [folder / "enkat.csv", folder / "form.jsonl"], settings=config, run_id="b")
            with store.raw_access("test"):
                assert store.scalar("SELECT count(*) FROM submissions_raw") == count
                stored = store.fetchall("SELECT id, source_key, text, content_hash FROM submissions_raw")
        for ident, key, text, chash in stored:  # the SQL fast paths agree with pipeline.schema
            assert text == text.strip(" \t\n\r\xa0\f\v") and text
            assert chash == content_hash(text)
            assert ident == submission_id("standard", key, chash)
        assert second.counts["accepted"] == 0
        assert second.counts["duplicates"] == first.counts["accepted"] + first.counts["duplicates"]
        assert count == first.counts["accepted"]

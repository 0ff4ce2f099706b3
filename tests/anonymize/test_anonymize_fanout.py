"""The anonymize stage's read → map → write: partitions and their order never change the output (issue 14)."""

from __future__ import annotations

import pickle
from concurrent.futures import ThreadPoolExecutor

from anon_helpers import insert_raw

from pipeline.anonymize import anonymize
from pipeline.settings import Settings
from pipeline.stages import executor_map
from pipeline.store import Store

ROWS = [
    {
        "id": "mejl/001",
        "text": "Hej!\n\nJag heter Anna Svensson och bor på Storgatan 12. Bussen till Skälby är alltid sen.\n\n"
        "Med vänliga hälsningar\nAnna Svensson\n070-765 43 21",
        "contact_name": "Anna Svensson",
        "contact_email": "anna.svensson@example.se",
    },
    {"id": "sms/002", "text": "Tagen stalls in hela tiden, ring mig 0707654321", "contact_phone": "0707654321"},
    {"id": "form/003", "text": "مرحبا، الحافلة رقم ٣ تتأخر كل صباح. اتصلوا بي على 073-555 12 34", "language": "ar"},
    {"id": "form/004", "text": "Salaan, baska had iyo jeer wuu soo daahaa. Mahadsanid", "language": "so"},
    {"id": "mejl/005", "text": "Hej, personnummer 850709-9805, mejla kanariefagel.4711@example.se om parken."},
] + [{"id": f"form/{i:03d}", "text": f"Synpunkt nummer {i} om linje 11 och cykelbanan."} for i in range(6, 12)]


def _state(store: Store) -> tuple[list, list]:
    subs = store.fetchall("SELECT id, text, text_hash, language, anonymizer FROM submissions ORDER BY id")
    found = store.fetchall("SELECT submission_id, label, start_pos, end_pos, detector FROM pii_findings ORDER BY ALL")
    return subs, found


def test_partition_size_and_order_do_not_change_the_output(store, settings, tmp_path, anonymizer):
    insert_raw(store, ROWS)
    whole = anonymize(store, settings=settings, run_id="run-1", anonymizer=anonymizer)
    seen: list[list] = []

    def backwards(fn, parts):
        """Run the last partition first, after a round trip through pickle as to a worker."""
        parts = pickle.loads(pickle.dumps(list(parts)))
        seen.append([len(p) for p in parts])
        done = {i: fn(parts[i]) for i in reversed(range(len(parts)))}
        return [done[i] for i in range(len(parts))]

    other = Settings(db_path=tmp_path / "b.duckdb", data_dir=tmp_path / "b", partition_size=2)
    with Store.open(other) as split:
        insert_raw(split, ROWS)
        parts = anonymize(split, settings=other, run_id="run-1", anonymizer=anonymizer, mapper=backwards)
        assert _state(split) == _state(store)
    assert parts.counts["partitions"] == 6 and whole.counts["partitions"] == 1
    assert seen == [[2, 2, 2, 2, 2, 1]]  # one wave of six partitions
    assert {k: v for k, v in parts.counts.items() if k != "partitions"} == {
        k: v for k, v in whole.counts.items() if k != "partitions"
    }
    texts = dict((r[0], r[1]) for r in _state(store)[0])
    assert "Svensson" not in texts["mejl/001"] and "070-765" not in texts["mejl/001"]
    assert "073-555" not in texts["form/003"] and "850709" not in texts["mejl/005"]


def test_thread_pool_mapper_gives_the_same_output(store, settings, tmp_path, anonymizer):
    insert_raw(store, ROWS)
    anonymize(store, settings=settings, run_id="run-1", anonymizer=anonymizer)
    other = Settings(db_path=tmp_path / "c.duckdb", data_dir=tmp_path / "c", partition_size=3)
    with Store.open(other) as split, ThreadPoolExecutor(2) as pool:
        insert_raw(split, ROWS)
        anonymize(split, settings=other, run_id="run-1", anonymizer=anonymizer, mapper=executor_map(pool))
        assert _state(split) == _state(store)

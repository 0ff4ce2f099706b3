"""Issue 5: the hash-chained review_events log detects edited, deleted and reordered rows."""

from __future__ import annotations

import pytest

from pipeline.review import record_event, verify_audit


@pytest.fixture
def chain(store):
    for i in range(5):
        record_event(store, actor=f"user{i}", action="login", before=None, after={"n": i, "namn": "Åsa"})
    record_event(
        store,
        actor="anna",
        action="approve",
        dialogue_id="d1",
        theme_id="t1",
        before={"status": "draft"},
        after={"status": "approved", "andel": 0.25},
    )
    return store


def test_intact_chain_verifies(chain):
    result = verify_audit(chain)
    assert result.ok and result.events == 6 and result.problems == [] and result.head_seq == 6
    first = chain.fetchone("SELECT seq, prev_hash FROM review_events ORDER BY seq LIMIT 1")
    assert first == (1, "0" * 64)


def test_empty_log_verifies(store):
    assert verify_audit(store).ok


@pytest.mark.parametrize(
    "tamper",
    [
        "UPDATE review_events SET actor = 'mallory' WHERE seq = 3",
        'UPDATE review_events SET after = \'{"status":"rejected","andel":0.25}\' WHERE seq = 6',
        "UPDATE review_events SET occurred_at = occurred_at + INTERVAL 1 HOUR WHERE seq = 2",
        "DELETE FROM review_events WHERE seq = 4",
        "DELETE FROM review_events WHERE seq = 6",
        "UPDATE review_events SET seq = CASE seq WHEN 2 THEN 3 ELSE 2 END WHERE seq IN (2, 3)",
        "DELETE FROM review_events",
    ],
    ids=["actor", "after", "time", "delete-middle", "delete-last", "reorder", "delete-all"],
)
def test_tampering_is_detected(chain, tamper):
    chain.execute(tamper)
    result = verify_audit(chain)
    assert not result.ok and result.problems


def test_rehashing_one_row_still_breaks_the_link_to_the_next(chain):
    from pipeline.review.audit import _event_body, _event_hash

    row = chain.fetchone(
        "SELECT seq, occurred_at, action, dialogue_id, theme_id, prev_hash FROM review_events WHERE seq = 3"
    )
    body = _event_body(row[0], row[1], "mallory", row[2], row[3], row[4], None, {"n": 2, "namn": "Åsa"})
    chain.execute("UPDATE review_events SET actor = 'mallory', hash = ? WHERE seq = 3", [_event_hash(row[5], body)])
    result = verify_audit(chain)
    assert not result.ok and any("event 4" in p for p in result.problems)


def test_record_event_continues_the_chain(chain):
    seq = record_event(chain, actor="admin", action="user.add", after={"user": "bo", "role": "official"})
    assert seq == 7 and verify_audit(chain).ok


def test_concurrent_writers_keep_one_chain(settings, store):
    """The web app records events from several threads; the chain must stay whole."""
    import threading

    from pipeline.store import Store

    def work(n: int) -> None:
        with Store.open(settings) as handle:
            for i in range(15):
                record_event(handle, actor=f"t{n}", action="page", after={"i": i})

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    result = verify_audit(store)
    assert result.ok and result.events == 60

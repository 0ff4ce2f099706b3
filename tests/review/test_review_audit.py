"""Issue 5: the hash-chained review_events log detects edited, deleted and reordered rows."""

from __future__ import annotations

from datetime import datetime

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
    from pipeline.review.audit import _link_body, _link_hash

    row = chain.records("SELECT * FROM review_events WHERE seq = 3")[0]
    forged = _link_hash(row["prev_hash"], _link_body(row | {"actor": "mallory"}, row["payload_hash"]))
    chain.execute("UPDATE review_events SET actor = 'mallory', hash = ? WHERE seq = 3", [forged])
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


# Issue 12: the chain covers hashes of the content, so erasure can redact a payload.


def _redact(store, seqs):
    from pipeline.review.audit import append_erase_event, redact_events

    with store.transaction():
        n = redact_events(store, seqs)
        append_erase_event(store, actor="dpo", kind="contact", counts={"submissions": 1}, events_redacted=n)
    return n


def test_redacted_events_still_verify(chain):
    assert _redact(chain, [2, 6]) == 2
    rows = chain.records("SELECT seq, actor, before, after, redacted_at FROM review_events ORDER BY seq")
    assert [r["seq"] for r in rows if r["redacted_at"]] == [2, 6]
    assert rows[5]["actor"] == "anna" and rows[5]["before"] is None and '"redacted"' in rows[5]["after"]
    assert "Åsa" not in str([r["after"] for r in rows if r["redacted_at"]])
    result = verify_audit(chain)
    assert result.ok, result.problems
    assert result.events == 7 and chain.scalar("SELECT action FROM review_events WHERE seq = 7") == "erase"
    assert _redact(chain, [2, 7]) == 0  # already redacted; an erase event is never redacted
    assert verify_audit(chain).ok


@pytest.mark.parametrize(
    "tamper",
    [
        "UPDATE review_events SET actor = 'mallory' WHERE seq = 6",
        'UPDATE review_events SET after = \'{"status":"rejected"}\' WHERE seq = 6',
        "UPDATE review_events SET redacted_at = now() WHERE seq = 3",  # hiding content without an erasure
        "UPDATE review_events SET redacted_at = NULL WHERE seq = 6",
        "UPDATE review_events SET payload_hash = repeat('0', 64) WHERE seq = 6",
        'UPDATE review_events SET after = \'{"kind":"contact","submissions":1,"events_redacted":2}\' WHERE seq = 7',
    ],
    ids=["actor", "content", "fake-redaction", "unredact", "payload-hash", "erase-count"],
)
def test_tampering_with_redacted_events_is_detected(chain, tamper):
    _redact(chain, [6])
    chain.execute(tamper)
    result = verify_audit(chain)
    assert not result.ok and result.problems


def _legacy_store(settings, monkeypatch):
    """A store as it was before migration 042, with events hashed the old way (content included)."""
    from pipeline import store as store_module
    from pipeline.review.audit import GENESIS_HASH, _event_body, _event_hash, canonical_json

    files = store_module._migration_files()
    monkeypatch.setattr(store_module, "_migration_files", lambda: [f for f in files if f[0] < 42])
    with store_module.Store.open(settings) as old:
        prev = GENESIS_HASH
        for seq, (actor, after) in enumerate([("anna", {"edited_text": "Hon skrev ”hemligt”"}), ("bo", None)], 1):
            at = datetime(2026, 3, seq, 12, 0, 0, 123456)
            body = _event_body(seq, at, actor, "edit", "d1", "d1/t1", {"status": "draft"}, after)
            digest = _event_hash(prev, body)
            old.execute(
                "INSERT INTO review_events (seq, dialogue_id, theme_id, actor, action, occurred_at, before, after, "
                "prev_hash, hash) VALUES (?, 'd1', 'd1/t1', ?, 'edit', ?, ?, ?, ?, ?)",
                [seq, actor, at, canonical_json({"status": "draft"}), after and canonical_json(after), prev, digest],
            )
            prev = digest
        old.execute("INSERT INTO review_audit_head VALUES (1, 2, ?, ?)", [prev, datetime(2026, 3, 2)])
    monkeypatch.setattr(store_module, "_migration_files", lambda: files)
    return store_module.Store.open(settings)


def test_existing_stores_migrate_and_their_old_events_can_be_redacted(settings, monkeypatch):
    with _legacy_store(settings, monkeypatch) as store:
        versions = store.fetchall("SELECT seq, chain_version, payload_hash FROM review_events ORDER BY seq")
        assert versions == [(1, 1, None), (2, 1, None)]
        assert verify_audit(store).ok
        record_event(store, actor="cecilia", action="approve", theme_id="d1/t1", after={"status": "approved"})
        assert store.scalar("SELECT chain_version FROM review_events WHERE seq = 3") == 2
        assert verify_audit(store).ok
        assert _redact(store, [1]) == 1
        assert store.scalar("SELECT legacy_seal IS NOT NULL FROM review_events WHERE seq = 1")
        result = verify_audit(store)
        assert result.ok and result.events == 4, result.problems
        store.execute("UPDATE review_events SET actor = 'mallory' WHERE seq = 1")
        assert not verify_audit(store).ok


def test_an_old_event_edited_before_redaction_stays_reported(settings, monkeypatch):
    with _legacy_store(settings, monkeypatch) as store:
        store.execute("""UPDATE review_events SET before = '{"status":"approved"}' WHERE seq = 2""")
        assert not verify_audit(store).ok
        _redact(store, [2])
        result = verify_audit(store)
        assert not result.ok and any("event 2" in p for p in result.problems)

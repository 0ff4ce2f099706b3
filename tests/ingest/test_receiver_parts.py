"""The receiver's parts on their own: form keys and their CLI, token buckets, client addresses, form rules.

Issue 11 §5; the whole receiver on a separate process is in test_receiver_hardening.py.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.clients import client_address, parse_networks
from pipeline.dialogues import create_dialogue
from pipeline.errors import NotFoundError
from pipeline.ingest.formkeys import check_form_key, current_form_key, form_key
from pipeline.ingest.ratelimit import TokenBuckets
from pipeline.ingest.webform import FormRefusal, fold, form_rules, parse_body, to_record, validate_submission
from pipeline.schema import Dialogue

DIALOGUE = Dialogue(
    id="trygg-2026", title="Trygg stadsdel", period_start=date(2026, 3, 1), period_end=date(2026, 9, 30)
)


@pytest.fixture
def dialogue(store) -> str:
    create_dialogue(store, DIALOGUE)
    return DIALOGUE.id


def test_form_key_is_made_once_and_rotation_replaces_it(store, dialogue) -> None:
    assert current_form_key(store, dialogue) is None
    assert not check_form_key(store, dialogue, "")
    first = form_key(store, dialogue)
    assert current_form_key(store, dialogue) == first
    assert form_key(store, dialogue) == first and len(first) >= 32
    assert check_form_key(store, dialogue, first)
    rotated = form_key(store, dialogue, rotate=True, actor="admin")
    assert rotated != first
    assert not check_form_key(store, dialogue, first)
    assert check_form_key(store, dialogue, rotated)
    assert not check_form_key(store, "standard", rotated)
    with pytest.raises(NotFoundError):
        form_key(store, "finns-inte")


def test_form_key_cli_prints_only_the_key_and_rotates(settings, tmp_path) -> None:
    runner = CliRunner()
    db = str(settings.db_path)
    created = runner.invoke(app, ["--db", db, "dialogue", "create", "--title", "Cykelplan", "--id", "cykelplan-2027"])
    assert created.exit_code == 0, created.output
    shown = runner.invoke(app, ["--db", db, "dialogue", "form-key", "cykelplan-2027"])
    again = runner.invoke(app, ["--db", db, "dialogue", "form-key", "cykelplan-2027"])
    assert shown.exit_code == 0 and shown.stdout.strip() == again.stdout.strip()
    rotated = runner.invoke(app, ["--db", db, "dialogue", "form-key", "cykelplan-2027", "--rotate"])
    assert rotated.exit_code == 0
    assert rotated.stdout.strip().splitlines()[-1] != shown.stdout.strip()
    missing = runner.invoke(app, ["--db", db, "dialogue", "form-key", "finns-inte"])
    assert missing.exit_code == 2 and "Traceback" not in missing.output


def test_token_bucket_allows_the_burst_then_the_rate() -> None:
    now = [0.0]
    buckets = TokenBuckets(rate_per_min=30, burst=3, clock=lambda: now[0])
    assert [buckets.take("a") for _ in range(3)] == [0.0, 0.0, 0.0]
    assert buckets.take("a") == pytest.approx(2.0)  # one token per 2 s
    assert buckets.take("b") == 0.0
    now[0] += 2.0
    assert buckets.take("a") == 0.0
    assert TokenBuckets.retry_after(0.2) == "1"


def test_token_buckets_keep_bounded_memory() -> None:
    buckets = TokenBuckets(rate_per_min=1, burst=1, max_clients=100)
    for i in range(10_000):
        buckets.take(f"10.0.{i // 256}.{i % 256}")
    assert len(buckets._buckets) == 100


def test_a_rate_of_zero_turns_the_limit_off() -> None:
    buckets = TokenBuckets(rate_per_min=0, burst=1)
    assert all(buckets.take("a") == 0.0 for _ in range(100))


@pytest.mark.parametrize(
    ("peer", "forwarded", "expected"),
    [
        ("203.0.113.5", ["198.51.100.1"], "203.0.113.5"),  # not a trusted proxy: XFF ignored
        ("10.0.0.2", ["198.51.100.1"], "198.51.100.1"),
        ("10.0.0.2", ["6.6.6.6, 198.51.100.1"], "198.51.100.1"),  # left-most hop is the client's own claim
        ("10.0.0.2", ["198.51.100.1, 10.0.0.3"], "198.51.100.1"),  # two proxies
        ("10.0.0.2", [], "10.0.0.2"),
    ],
)
def test_client_address_believes_only_trusted_proxies(peer: str, forwarded: list[str], expected: str) -> None:
    assert client_address(peer, forwarded, parse_networks(["10.0.0.0/24"])) == expected


@pytest.mark.parametrize(
    ("given", "expected"),
    [(" östermalm ", "Östermalm"), ("30–44", "30-44"), ("80 +", None), ("ÖNSTA - GRYTA", "Önsta-Gryta")],
)
def test_districts_and_age_groups_match_loosely_and_store_the_lists_spelling(given: str, expected) -> None:
    values = {fold(v): v for v in ("Östermalm", "30-44", "80+", "Önsta-Gryta")}
    assert values.get(fold(given)) == expected


def test_period_bounds_with_margin(store, dialogue) -> None:
    assert form_rules(store, "finns-inte", margin_days=7) is None

    def check(when: str, now: datetime = datetime(2026, 12, 1, 12)) -> int:
        rules = form_rules(store, dialogue, margin_days=7, now=now)
        assert rules is not None
        submission = validate_submission({"text": "Hej! Mvh Fatima", "submitted_at": when})
        try:
            to_record(submission, rules, received_at=now)
        except FormRefusal as refusal:
            assert refusal.fields == ("submitted_at",) and when not in refusal.sv
            return refusal.status
        return 200

    assert check("2026-02-22T00:00:00") == 200  # 7 days before the start
    assert check("2026-02-21T23:59:59") == 422
    assert check("2026-10-07T23:59:59") == 200  # 7 days after the last day
    assert check("2026-10-08T00:00:00") == 422
    june = datetime(2026, 6, 1, 12)
    assert check("2026-06-01T12:09:00", june) == 200  # inside the clock skew
    assert check("2026-06-01T13:00:00+00:00", june) == 422  # 15:00 in Stockholm: in the future


def test_json_guards() -> None:
    assert parse_body(b'\xef\xbb\xbf{"text": "Hej"}') == {"text": "Hej"}  # a BOM is allowed
    for body in (b"[" * 50 + b"]" * 50, b'{"n": ' + b"9" * 41 + b"}", b"{'text': 1}", b'"text"'):
        with pytest.raises(FormRefusal) as refused:
            parse_body(body)
        assert refused.value.status == 422
    assert parse_body(b'{"text": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}') == {"text": "[" * 32}  # brackets in text

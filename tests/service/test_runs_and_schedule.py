"""Issue 11: one run per dialogue, every trigger recorded, one schedule, failures shown."""

from __future__ import annotations

import threading
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from pipeline.errors import ConfigError, RunBusyError
from pipeline.runs import recent_runs
from pipeline.service.runs import RunManager
from pipeline.service.schedule import next_fire
from pipeline.store import Store


def _manager(settings, gate: threading.Event) -> RunManager:
    def execute(flow: str, run_id: str, params: dict) -> dict:
        gate.wait(10)
        return {"flow": flow}

    return RunManager(lambda: Store.open(settings), execute)


def test_one_run_per_dialogue_and_refusals_are_recorded(store, settings):
    gate = threading.Event()
    runs = _manager(settings, gate)
    first = runs.start("nightly", dialogue_id="trygg-stadsdel", actor="anna", trigger="web")
    other = runs.start("nightly", dialogue_id="cykelplan", actor="omar", trigger="cli")
    with pytest.raises(RunBusyError, match="pågår redan"):
        runs.start("nightly", dialogue_id="trygg-stadsdel", actor="schema", trigger="schedule")
    with pytest.raises(RunBusyError):
        runs.start("nightly", dialogue_id=None, actor="schema", trigger="schedule")  # all dialogues
    gate.set()
    for run in (first, other):
        assert run.done.wait(10) and run.error is None
    refused = [r for r in recent_runs(store) if r["status"] == "refused"]
    assert [(r["trigger"], r["actor"]) for r in refused] == [("schedule", "schema"), ("schedule", "schema")]
    assert runs.run("nightly", dialogue_id=None, actor="anna", trigger="manual") == {"flow": "nightly"}


def test_unknown_trigger_is_a_bug(settings):
    with pytest.raises(ValueError):
        _manager(settings, threading.Event()).start("nightly", dialogue_id=None, actor="x", trigger="cron")


def test_schedule_follows_stockholm_time_across_dst():
    tz = ZoneInfo("Europe/Stockholm")
    winter = next_fire("0 2 * * *", "Europe/Stockholm", datetime(2026, 12, 6, 21, 0, tzinfo=tz))
    assert (winter.hour, winter.day, winter.utcoffset().total_seconds()) == (2, 7, 3600)
    summer = next_fire("0 2 * * *", "Europe/Stockholm", datetime(2027, 6, 1, 3, 0, tzinfo=tz))
    assert (summer.hour, summer.day, summer.utcoffset().total_seconds()) == (2, 2, 7200)
    with pytest.raises(ConfigError, match="LYHORD_NIGHTLY_CRON"):
        next_fire("every night", "Europe/Stockholm")
    with pytest.raises(ConfigError, match="time zone"):
        next_fire("0 2 * * *", "Europe/Västerås")


def test_failed_scheduled_run_shows_in_status(store, settings):
    from typer.testing import CliRunner

    from pipeline.cli import app
    from pipeline.dialogues import Dialogue, create_dialogue
    from pipeline.runs import record_refused

    create_dialogue(store, Dialogue(id="trygg-stadsdel", title="Trygg stadsdel"))
    record_refused(
        store,
        run_id="nightly-1",
        flow="nightly",
        dialogue_id=None,
        actor="schema",
        trigger="schedule",
        error="en körning pågår redan för alla dialoger",
    )
    store.close()
    out = CliRunner().invoke(app, ["--db", str(settings.db_path), "status"])
    assert out.exit_code == 0 and "schemalagda nattkörningen" in out.output and "refused" in out.output

"""`lyhord ingest` and `lyhord receive` through typer's runner (issue 2 item 6)."""

from __future__ import annotations

import json

import pytest
from ingest_fixtures import CANARY_EMAIL, CANARY_NAME, CANARY_PHONE, CANARY_TEXT
from typer.testing import CliRunner

from pipeline.cli import app

runner = CliRunner()


def _run(settings, *args):
    return runner.invoke(app, ["--db", str(settings.db_path), *args], env={"LYHORD_DATA_DIR": str(settings.data_dir)})


def test_ingest_prints_counts_and_rejects_and_exits_0(settings, mixed) -> None:
    folder, expected = mixed
    result = _run(settings, "ingest", str(folder))
    assert result.exit_code == 0, result.output
    assert f"{expected['accepted']} nya" in result.output
    assert "0 dubbletter" in result.output
    assert f"{len(expected['rejected_sources'])} avvisade" in result.output
    assert "empty.csv (fil): filen är tom" in result.output
    for canary in (CANARY_NAME, CANARY_EMAIL, CANARY_PHONE, CANARY_TEXT):
        assert canary not in result.output
    again = _run(settings, "ingest", str(folder))
    assert f"0 nya, {expected['accepted']} dubbletter" in again.output


def test_ingest_json(settings, mixed) -> None:
    folder, expected = mixed
    result = _run(settings, "ingest", str(folder), "--json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["counts"]["accepted"] == expected["accepted"]
    assert {r["source"] for r in data["rejects"]} == expected["rejected_sources"]
    assert all(set(r) == {"source", "position", "reason", "quarantine_path"} for r in data["rejects"])


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["ingest", "/nonexistent/enkat.csv"], "hittar inte"),
        (["ingest", "/nonexistent/*.csv"], "matchar inga filer"),
        (["ingest", "{folder}", "--channel", "fax"], "okänd kanal"),
        (["ingest", "{folder}", "--dialogue", "finns-inte"], "finns-inte"),
    ],
)
def test_user_errors_give_one_line_and_exit_2(settings, mixed, args, needle) -> None:
    folder, _ = mixed
    result = _run(settings, *[a.replace("{folder}", str(folder)) for a in args])
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and needle in lines[0]
    assert "Traceback" not in result.output


@pytest.mark.parametrize("command", ["ingest", "receive"])
def test_help(command) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "--dialogue" in result.output


def test_channel_and_text_column_options(settings, tmp_path) -> None:
    path = tmp_path / "export.csv"
    path.write_text("Nummer;Fritt;Annat\n0701234567;Kort svar;En mycket längre kolumn som inte är svaret\n", "utf-8")
    result = _run(settings, "ingest", str(path), "--channel", "sms", "--text-column", "Fritt", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["channels"] == {"sms": 1}
    assert CANARY_PHONE not in result.output


def test_progress_accepts_a_rich_progress(store, settings, mixed) -> None:
    from rich.progress import Progress

    from pipeline.ingest import ingest_paths

    folder, expected = mixed
    with Progress(disable=True) as progress:
        report = ingest_paths(store, [folder], settings=settings, run_id="p", progress=progress)
        task = progress.tasks[0]
    assert report.counts["accepted"] == expected["accepted"]
    assert task.completed == task.total == report.counts["files"] + report.counts["skipped_files"]

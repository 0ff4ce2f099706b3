"""The CLI: --help everywhere, dialogues, status, one-line user errors."""

from __future__ import annotations

import json

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from pipeline.cli import app

runner = CliRunner()


def _all_command_paths() -> list[list[str]]:
    paths: list[list[str]] = []

    def walk(command, prefix: list[str]) -> None:
        paths.append(prefix)
        if hasattr(command, "commands"):
            for name, sub in command.commands.items():
                walk(sub, [*prefix, name])

    walk(get_command(app), [])
    return paths


@pytest.mark.parametrize("path", _all_command_paths(), ids=lambda p: " ".join(p) or "lyhord")
def test_every_command_has_help(path):
    result = runner.invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage" in result.output
    # a real description, not just the usage line
    assert len(result.output.strip().splitlines()) > 3


def test_core_commands_exist():
    names = {" ".join(p) for p in _all_command_paths()}
    for expected in (
        "init",
        "status",
        "run nightly",
        "run ingest",
        "serve",
        "demo",
        "dialogue create",
        "dialogue list",
    ):
        assert expected in names


def test_dialogue_create_list_and_status_json(tmp_path):
    db = str(tmp_path / "c.duckdb")
    result = runner.invoke(
        app, ["--db", db, "dialogue", "create", "--title", "Trygg i Råby", "--channels", "survey,email"]
    )
    assert result.exit_code == 0, result.output
    assert "trygg-i-raby" in result.output
    result = runner.invoke(app, ["--db", db, "status", "--json"])
    data = json.loads(result.output)
    assert [d["id"] for d in data["dialogues"]] == ["trygg-i-raby"]
    assert data["dialogues"][0]["title"] == "Trygg i Råby"


def test_user_errors_are_one_line_exit_2_without_traceback(tmp_path):
    db = str(tmp_path / "c.duckdb")
    runner.invoke(app, ["--db", db, "dialogue", "create", "--title", "X"])
    result = runner.invoke(app, ["--db", db, "dialogue", "create", "--title", "X"])
    assert result.exit_code == 2
    assert "already exists" in result.output
    assert "Traceback" not in result.output
    result = runner.invoke(app, ["--db", db, "dialogue", "create", "--title", "Y", "--start", "2026-13-40"])
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.output
    result = runner.invoke(app, ["--db", db, "dialogue", "create", "--title", "Z", "--channels", "fax"])
    assert result.exit_code == 2
    assert "'fax'" in result.output


def test_scheme_is_validated(tmp_path):
    db = str(tmp_path / "c.duckdb")
    bad = tmp_path / "bad.yaml"
    bad.write_text("- id: a\n  description: no name\n", encoding="utf-8")
    result = runner.invoke(app, ["--db", db, "dialogue", "create", "--title", "S", "--scheme", str(bad)])
    assert result.exit_code == 2
    assert "entry 1" in result.output
    good = tmp_path / "good.yaml"
    good.write_text("- id: cykel\n  name: Cykling\n  description: Cykelvägar\n", encoding="utf-8")
    result = runner.invoke(app, ["--db", db, "dialogue", "create", "--title", "S", "--scheme", str(good)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["--db", db, "dialogue", "list", "--json"])
    assert json.loads(result.output)[0]["theme_scheme"][0]["name"] == "Cykling"

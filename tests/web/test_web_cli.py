"""`lyhord users …` and `lyhord web --help` through the CLI runner; the message catalogue."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

WEB = Path(__file__).resolve().parents[2] / "pipeline" / "web"


@pytest.fixture
def cli(tmp_path):
    from pipeline.cli import app

    runner = CliRunner()
    db = str(tmp_path / "cli.duckdb")

    def run(*args: str, stdin: str | None = None):
        return runner.invoke(app, ["--db", db, *args], input=stdin)

    return run


def test_users_add_list_passwd_remove(cli, tmp_path):
    result = cli("users", "add", "anna", "--role", "official", "--password-stdin", stdin="ett-långt-lösenord\n")
    assert result.exit_code == 0, result.output
    listed = json.loads(cli("users", "list", "--json").output)
    assert [(u["name"], u["role"]) for u in listed] == [("anna", "official")]
    assert "password_hash" not in listed[0]
    assert cli("users", "passwd", "anna", "--password-stdin", stdin="ett-annat-lösenord\n").exit_code == 0
    assert cli("users", "remove", "anna").exit_code == 0
    assert json.loads(cli("users", "list", "--json").output) == []


def test_users_add_password_is_hashed_with_argon2(cli, tmp_path):
    from pipeline.settings import Settings
    from pipeline.store import Store

    cli("users", "add", "bo", "--role", "reader", "--password-stdin", stdin="hemligt-lösen-1\n")
    with Store.open(Settings(db_path=tmp_path / "cli.duckdb", data_dir=tmp_path)) as store:
        stored = store.scalar("SELECT password_hash FROM users WHERE name = 'bo'")
    assert stored.startswith("$argon2id$") and "hemligt" not in stored


@pytest.mark.parametrize(
    "args,stdin,message",
    [
        (("users", "add", "x!", "--role", "reader", "--password-stdin"), "ett-långt-lösenord\n", "ogiltigt"),
        (("users", "add", "cecilia", "--role", "boss", "--password-stdin"), "ett-långt-lösenord\n", "okänd roll"),
        (("users", "add", "cecilia", "--role", "reader", "--password-stdin"), "kort\n", "minst 10"),
        (("users", "add", "cecilia", "--role", "reader"), None, "--password-stdin"),
        (("users", "remove", "nobody"), None, "finns inte"),
    ],
)
def test_users_errors_are_one_line_exit_2(cli, args, stdin, message):
    result = cli(*args, stdin=stdin)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "args", [("web",), ("users",), ("users", "add"), ("users", "remove"), ("users", "passwd"), ("users", "list")]
)
def test_help(cli, args):
    result = cli(*args, "--help")
    assert result.exit_code == 0
    assert "Usage" in result.output


def test_every_template_key_is_in_the_catalogue():
    from pipeline.web.i18n import CATALOGUE

    used = set()
    for path in (WEB / "templates").glob("*.html"):
        used |= set(re.findall(r"t\('([a-z0-9_]+(?:\.[a-z0-9_]+)+)'[,)]", path.read_text(encoding="utf-8")))
    for path in (WEB).rglob("*.py"):
        used |= set(
            re.findall(
                r'"(flash\.[a-z_]+|error\.(?:[0-9]{3}|csrf|other)|login\.(?:failed|throttled))"',
                path.read_text(encoding="utf-8"),
            )
        )
    assert used, "no keys found"
    for lang in ("sv", "en"):
        missing = sorted(k for k in used if k not in CATALOGUE[lang])
        assert missing == [], (lang, missing)
    english = json.loads((WEB / "messages" / "en.json").read_text(encoding="utf-8"))
    swedish = json.loads((WEB / "messages" / "sv.json").read_text(encoding="utf-8"))
    assert set(swedish) - set(english) <= {"app.name", "none"}

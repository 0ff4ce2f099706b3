"""The README's commands exist and the two main commands are what CI and users run."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from pipeline.cli import app

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")


def _lyhord_lines() -> list[list[str]]:
    lines = []
    for block in re.findall(r"```bash\n(.*?)```", README, flags=re.S):
        for line in block.splitlines():
            line = line.split("#")[0].strip()
            if line.startswith("lyhord "):
                words = line.split()[1:]
                path = []
                for word in words:
                    if word.startswith("-") or word.upper() == word or "." in word or "/" in word:
                        break
                    path.append(word)
                lines.append(path)
    return lines


def test_readme_shows_the_two_commands_and_ci_runs_the_test_one():
    assert "make demo" in README and "make test" in README
    assert "make test" in (REPO / ".ci" / "run").read_text()


def test_every_lyhord_command_in_the_readme_exists():
    runner = CliRunner()
    paths = _lyhord_lines()
    assert len(paths) >= 8
    missing = []
    for path in paths:
        # drop trailing positional arguments (dialogue ids) until the command resolves
        for cut in range(len(path), 0, -1):
            if runner.invoke(app, [*path[:cut], "--help"]).exit_code == 0:
                break
        else:
            missing.append(" ".join(path))
    assert missing == []

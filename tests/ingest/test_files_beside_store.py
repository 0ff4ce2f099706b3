"""Files a command writes land beside the store it names, whatever the working directory.

An analyst who runs ``LYHORD_DB=/srv/lyhord/lyhord.duckdb lyhord ingest …`` from a home folder
must not leave quarantined raw text, caches or a second web secret under that home folder.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from pipeline.settings import Settings


def _lyhord(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(Path(sys.executable).parent / "lyhord"), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_store_named_elsewhere_keeps_quarantine_and_inbox_beside_it(tmp_path: Path) -> None:
    server = tmp_path / "srv" / "lyhord"
    home = tmp_path / "home" / "analytiker"
    home.mkdir(parents=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("LYHORD_")}
    env |= {"LYHORD_DB": str(server / "lyhord.duckdb"), "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    server.mkdir(parents=True)
    assert _lyhord("init", cwd=home, env=env).returncode == 0
    export = home / "enkat-centrum.csv"
    export.write_text(
        'id;svar\nA-1;Hej! Cykelbanan vid Hamre behöver belysning.\nA-2;"trasig rad med citattecken\n',
        encoding="utf-8",
    )
    (home / "tom.csv").write_bytes(b"")

    done = _lyhord("ingest", str(export), str(home / "tom.csv"), "--json", cwd=home, env=env)

    assert done.returncode == 0, done.stderr[-2000:]
    quarantined = list((server / "quarantine").rglob("*"))
    assert any(path.is_file() for path in quarantined), "the rejected file is kept beside the store"
    assert not (home / "data").exists(), "nothing is written under the analyst's working directory"


def test_explicit_settings_win_and_inbox_follows_data_dir(tmp_path: Path) -> None:
    named = Settings(db_path=tmp_path / "a" / "l.duckdb")
    assert named.data_dir == tmp_path / "a" and named.inbox_dirs == [tmp_path / "a" / "inbox"]
    both = Settings(db_path=tmp_path / "a" / "l.duckdb", data_dir=tmp_path / "d")
    assert both.data_dir == tmp_path / "d" and both.inbox_dirs == [tmp_path / "d" / "inbox"]
    inbox = Settings(db_path=tmp_path / "a" / "l.duckdb", inbox_dirs=[tmp_path / "post"])
    assert inbox.inbox_dirs == [tmp_path / "post"]

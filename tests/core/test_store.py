"""The store: migrations, restricted raw table, transactions, encryption, one writer."""

from __future__ import annotations

import subprocess
import sys

import pytest

from pipeline.errors import ConfigError, RestrictedTableError, StoreBusyError
from pipeline.settings import Settings
from pipeline.store import Store


def test_migrations_are_applied_once(settings):
    with Store.open(settings) as store:
        first = store.fetchall("SELECT version FROM schema_migrations ORDER BY version")
    with Store.open(settings) as store:
        again = store.fetchall("SELECT version FROM schema_migrations ORDER BY version")
    assert first == again
    assert first[0][0] == 1


def test_raw_table_is_refused_outside_raw_access(store):
    with pytest.raises(RestrictedTableError):
        store.fetchall("SELECT text FROM submissions_raw")
    with pytest.raises(RestrictedTableError):
        store.fetchall("select * from main.SUBMISSIONS_RAW")
    with store.raw_access("test"):
        assert store.scalar("SELECT count(*) FROM submissions_raw") == 0


def test_transaction_rolls_back_everything(store):
    with pytest.raises(ZeroDivisionError), store.transaction():
        store.execute("INSERT INTO dialogues (id, title) VALUES ('a', 'A')")
        raise ZeroDivisionError
    assert store.scalar("SELECT count(*) FROM dialogues") == 0


def test_encrypted_store_has_no_plaintext_and_needs_the_key(tmp_path):
    canary = "Kanariefågel Zqxv 19121212-1212"
    db = tmp_path / "enc.duckdb"
    with Store.open(Settings(db_path=db, encryption_key="rätt-nyckel")) as store:
        store.execute("INSERT INTO dialogues (id, title) VALUES ('d', ?)", [canary])
        store.checkpoint()
    data = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("enc.duckdb"))
    assert canary.encode() not in data
    assert "Kanariefågel".encode() not in data
    with pytest.raises(ConfigError) as err:
        Store.open(Settings(db_path=db))
    assert "key" in str(err.value)
    with pytest.raises(ConfigError) as err:
        Store.open(Settings(db_path=db, encryption_key="fel-nyckel"))
    assert "fel-nyckel" not in str(err.value)
    with Store.open(Settings(db_path=db, encryption_key="rätt-nyckel")) as store:
        assert store.scalar("SELECT title FROM dialogues") == canary


def test_key_file_is_read(tmp_path):
    key_file = tmp_path / "key"
    key_file.write_text("fil-nyckel\n")
    settings = Settings(db_path=tmp_path / "k.duckdb", encryption_key_file=key_file)
    assert settings.resolved_encryption_key() == "fil-nyckel"
    key_file.write_text("")
    with pytest.raises(ConfigError):
        settings.resolved_encryption_key()


def test_second_process_gets_a_clear_busy_error(settings):
    with Store.open(settings):
        code = (
            "from pipeline.settings import Settings\nfrom pipeline.store import Store\n"
            "from pipeline.errors import StoreBusyError\n"
            f"try:\n    Store.open(Settings(db_path={str(settings.db_path)!r}, lock_timeout_s=0.5))\n"
            "except StoreBusyError as e:\n    print('BUSY', e)\n"
        )
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.startswith("BUSY")
    assert "another Lyhörd process" in out.stdout
    assert StoreBusyError.__doc__


def test_handles_in_one_process_share_the_database(settings):
    with Store.open(settings) as a, Store.open(settings) as b:
        a.execute("INSERT INTO dialogues (id, title) VALUES ('x', 'X')")
        assert b.scalar("SELECT count(*) FROM dialogues") == 1

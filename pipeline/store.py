"""The DuckDB store: one file, numbered migrations, one writer, restricted raw text.

Open it with ``Store.open(settings)`` (or as a context manager). Within one
process every ``Store`` on the same file shares one DuckDB instance, each with
its own cursor, so threads (the web app, a task runner) can work side by side.
A second *process* that wants the file waits up to ``lock_timeout_s`` and then
gets a ``StoreBusyError``: DuckDB allows one writing process per file.

Raw resident text lives only in ``submissions_raw``. The ordinary query
methods refuse SQL that names that table; code that truly needs it (ingest,
anonymize, erasure) goes through ``with store.raw_access("why") as raw:``.
"""

from __future__ import annotations

import importlib.util
import logging
import re
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb

from pipeline.errors import ConfigError, RestrictedTableError, StoreBusyError
from pipeline.settings import Settings

log = logging.getLogger(__name__)

_RAW_TABLE = re.compile(r"\bsubmissions_raw\b", re.IGNORECASE)
_CATALOG = "lyhord"
_instances: dict[str, _Instance] = {}
_instances_lock = threading.Lock()


class _Instance:
    """One DuckDB database instance shared by the Stores of a process."""

    def __init__(self, conn: duckdb.DuckDBPyConnection, key: str) -> None:
        self.conn = conn
        self.key = key
        self.refs = 0
        self.write_lock = threading.RLock()


def _extension_path(name: str) -> Path:
    """Find the ``.duckdb_extension`` file shipped by ``duckdb-extension-NAME``."""
    spec = importlib.util.find_spec(f"duckdb_extension_{name}")
    if spec is None or not spec.submodule_search_locations:
        raise ConfigError(
            f"the DuckDB extension {name!r} is not installed; "
            f"run `pip install duckdb-extension-{name}=={duckdb.__version__}`"
        )
    base = Path(next(iter(spec.submodule_search_locations)))
    found = sorted(base.rglob(f"{name}.duckdb_extension"))
    if not found:
        raise ConfigError(f"no {name}.duckdb_extension file under {base}; reinstall it")
    return found[0]


def load_extension(conn: duckdb.DuckDBPyConnection, name: str) -> None:
    """Load a bundled DuckDB extension by file path (no download at run time)."""
    conn.execute(f"LOAD '{_extension_path(name)}'")


def _connect(path: Path, key: str | None, timeout_s: float) -> duckdb.DuckDBPyConnection:
    deadline = time.monotonic() + timeout_s
    while True:
        conn = duckdb.connect(":memory:")
        try:
            options = ""
            if key is not None:
                load_extension(conn, "httpfs")
                escaped = _key_literal(key)
                options = f" (ENCRYPTION_KEY '{escaped}')"
            conn.execute(f"ATTACH '{_quote_path(path)}' AS {_CATALOG}{options}")
            conn.execute(f"USE {_CATALOG}")
            return conn
        except duckdb.IOException as exc:
            conn.close()
            if "lock" not in str(exc).lower():
                raise ConfigError(f"cannot open store {str(path)!r}: {_scrub(str(exc), key)}") from None
            if time.monotonic() >= deadline:
                raise StoreBusyError(
                    f"store {str(path)!r} is in use by another Lyhörd process; wait for it "
                    "to finish or set LYHORD_LOCK_TIMEOUT_S to wait longer"
                ) from None
            time.sleep(0.2)
        except duckdb.Error as exc:
            conn.close()
            message = _scrub(str(exc), key)
            if key is not None or "encrypt" in message.lower():
                raise ConfigError(
                    f"cannot open store {str(path)!r}: {message}; check the encryption key "
                    "(LYHORD_ENCRYPTION_KEY or LYHORD_ENCRYPTION_KEY_FILE)"
                ) from None
            raise ConfigError(f"cannot open store {str(path)!r}: {message}") from None


def _key_literal(key: str) -> str:
    # DuckDB reads the key as a BLOB literal: non-ASCII bytes must be written as \xNN.
    out = []
    for char in key.replace("'", "''"):
        out.append(char if ord(char) < 128 else "".join(f"\\x{b:02X}" for b in char.encode()))
    return "".join(out)


def _quote_path(path: Path) -> str:
    return str(path).replace("'", "''")


def _scrub(message: str, key: str | None) -> str:
    return message.replace(key, "***") if key else message


class Store:
    """A handle on the Lyhörd DuckDB file; cheap to open, one per thread."""

    def __init__(self, instance: _Instance, settings: Settings, path: Path) -> None:
        """Wrap a cursor on ``instance``; use :meth:`open` instead."""
        self.settings = settings
        self.path = path
        self._instance = instance
        self._cur = instance.conn.cursor()
        self._cur.execute(f"USE {_CATALOG}")
        self._raw_depth = 0
        self._closed = False

    # -- opening and closing -------------------------------------------------
    @classmethod
    def open(cls, settings: Settings) -> Store:
        """Open (creating if needed) the store at ``settings.db_path`` and migrate it."""
        path = Path(settings.db_path).expanduser().resolve()
        path.parent.mkdir(parents=True, exist_ok=True)
        key = settings.resolved_encryption_key()
        with _instances_lock:
            instance = _instances.get(str(path))
            if instance is None:
                conn = _connect(path, key, settings.lock_timeout_s)
                instance = _Instance(conn, key or "")
                _migrate(conn)
                _instances[str(path)] = instance
            elif (key or "") != instance.key:
                raise ConfigError(f"store {str(path)!r} is already open in this process with another key")
            instance.refs += 1
        return cls(instance, settings, path)

    def close(self) -> None:
        """Release this handle; the last one closes the database file."""
        if self._closed:
            return
        self._closed = True
        self._cur.close()
        with _instances_lock:
            self._instance.refs -= 1
            if self._instance.refs <= 0:
                self._instance.conn.close()
                _instances.pop(str(self.path), None)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- queries --------------------------------------------------------------
    def _check(self, sql: str) -> None:
        if self._raw_depth == 0 and _RAW_TABLE.search(sql):
            raise RestrictedTableError(
                "submissions_raw holds raw resident text and is readable only through "
                "Store.raw_access(); read the anonymized `submissions` table instead"
            )

    def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] | None = None) -> Store:
        """Run one statement; refuses to touch ``submissions_raw`` outside raw_access."""
        self._check(sql)
        self._cur.execute(sql, params)
        return self

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        """Run one statement for many small parameter rows (not for bulk loads)."""
        self._check(sql)
        self._cur.executemany(sql, rows)

    def fetchall(self, sql: str, params: Sequence[Any] | dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
        """Run a query and return all rows as tuples."""
        self._check(sql)
        return self._cur.execute(sql, params).fetchall()

    def fetchone(self, sql: str, params: Sequence[Any] | dict[str, Any] | None = None) -> tuple[Any, ...] | None:
        """Run a query and return its first row, or None."""
        self._check(sql)
        return self._cur.execute(sql, params).fetchone()

    def scalar(self, sql: str, params: Sequence[Any] | dict[str, Any] | None = None) -> Any:
        """Run a query and return the first column of its first row, or None."""
        row = self.fetchone(sql, params)
        return None if row is None else row[0]

    def records(self, sql: str, params: Sequence[Any] | dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run a query and return rows as dicts keyed by column name."""
        self._check(sql)
        cur = self._cur.execute(sql, params)
        names = [d[0] for d in cur.description or []]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]

    def arrow(self, sql: str, params: Sequence[Any] | dict[str, Any] | None = None) -> Any:
        """Run a query and return a pyarrow Table."""
        self._check(sql)
        return self._cur.execute(sql, params).to_arrow_table()

    def register(self, name: str, obj: Any) -> None:
        """Expose an Arrow table or DataFrame to SQL as ``name`` (for bulk loads)."""
        self._cur.register(name, obj)

    def unregister(self, name: str) -> None:
        """Remove a name added with :meth:`register`."""
        self._cur.unregister(name)

    @contextmanager
    def transaction(self) -> Iterator[Store]:
        """Run the block in one transaction: all of it is committed, or none."""
        with self._instance.write_lock:
            self._cur.execute("BEGIN TRANSACTION")
            try:
                yield self
            except BaseException:
                self._cur.execute("ROLLBACK")
                raise
            self._cur.execute("COMMIT")

    @contextmanager
    def raw_access(self, purpose: str) -> Iterator[Store]:
        """Allow SQL on ``submissions_raw`` inside the block, for ``purpose``.

        The purpose (ingest, anonymize, erase, retention) is logged; the data is not.
        """
        log.debug("raw access: %s", purpose)
        self._raw_depth += 1
        try:
            yield self
        finally:
            self._raw_depth -= 1

    def checkpoint(self) -> None:
        """Flush the write-ahead log into the database file."""
        self._cur.execute("CHECKPOINT")


def _migration_files() -> list[tuple[int, str, str]]:
    files = []
    for entry in resources.files("pipeline.migrations").iterdir():
        match = re.match(r"^(\d{3})_(\w+)\.sql$", entry.name)
        if match:
            files.append((int(match.group(1)), match.group(2), entry.read_text(encoding="utf-8")))
    return sorted(files)


def _migrate(conn: duckdb.DuckDBPyConnection) -> None:
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
        "name TEXT NOT NULL, applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)"
    )
    done = {row[0] for row in conn.execute("SELECT version FROM schema_migrations").fetchall()}
    for version, name, sql in _migration_files():
        if version in done:
            continue
        conn.execute("BEGIN TRANSACTION")
        try:
            conn.execute(sql)
            conn.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, name])
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        log.info("applied migration %03d_%s", version, name)

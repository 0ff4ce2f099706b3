"""Per-thread standard streams, so CLI commands forwarded to the service run side by side.

``install()`` replaces ``sys.stdout``, ``sys.stderr`` and ``sys.stdin`` once with
proxies. A thread inside :func:`captured` writes to its own buffers and reads its
own stdin; every other thread still uses the real streams.
"""

from __future__ import annotations

import io
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_local = threading.local()
_install_lock = threading.Lock()


class _Proxy(io.TextIOBase):
    """A text stream that forwards to this thread's capture, else to the real stream."""

    def __init__(self, name: str, real: Any) -> None:
        self._name = name
        self._real = real

    def _target(self) -> Any:
        return getattr(_local, self._name, None) or self._real

    def write(self, s: str) -> int:  # noqa: D102
        return self._target().write(s)

    def read(self, size: int | None = -1) -> str:  # noqa: D102
        return self._target().read(size)

    def readline(self, size: int | None = -1) -> str:  # type: ignore[override]  # noqa: D102
        return self._target().readline(size)

    def flush(self) -> None:  # noqa: D102
        self._target().flush()

    def isatty(self) -> bool:  # noqa: D102
        return False if getattr(_local, self._name, None) else self._real.isatty()

    def fileno(self) -> int:  # noqa: D102
        return self._target().fileno()

    @property
    def encoding(self) -> str:  # type: ignore[override]  # noqa: D102
        return "utf-8"

    def __getattr__(self, name: str) -> Any:
        return getattr(self._target(), name)


def install() -> None:
    """Put the proxies in place (idempotent); the service calls it once at start."""
    with _install_lock:
        if not isinstance(sys.stdout, _Proxy):
            sys.stdout = _Proxy("stdout", sys.stdout)
            sys.stderr = _Proxy("stderr", sys.stderr)
            sys.stdin = _Proxy("stdin", sys.stdin)


@contextmanager
def captured(stdin: str = "") -> Iterator[tuple[io.StringIO, io.StringIO]]:
    """Capture this thread's stdout and stderr, and give it ``stdin``."""
    out, err = io.StringIO(), io.StringIO()
    _local.stdout, _local.stderr, _local.stdin = out, err, io.StringIO(stdin)
    try:
        yield out, err
    finally:
        _local.stdout = _local.stderr = _local.stdin = None

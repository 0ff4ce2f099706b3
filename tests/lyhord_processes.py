"""Run ``lyhord`` server commands in their own OS processes, as a municipality runs them.

``serve``, ``web`` and ``receive`` tests start the real console script on a free port and
wait for ``/health``; this module is the one place that knows how.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

LYHORD = str(Path(sys.executable).parent / "lyhord")


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_health(
    url: str,
    proc: subprocess.Popen,
    log: Path,
    *,
    timeout: float = 120.0,
    ready: Callable[[dict[str, Any]], bool] | None = None,
) -> None:
    """Poll ``url/health`` until it answers 200 (and ``ready(body)`` holds, when given).

    Raises AssertionError with the tail of the process log when the process exits or
    ``timeout`` seconds pass first, so a failed start says why.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"{url}: the process exited ({proc.returncode}): {_tail(log)}")
        try:
            response = httpx.get(f"{url}/health", timeout=2)
            if response.status_code == 200 and (ready is None or ready(response.json())):
                return
        except (httpx.HTTPError, ValueError):
            pass
        time.sleep(0.2)
    raise AssertionError(f"{url}: no healthy answer within {timeout:.0f} s: {_tail(log)}")


def engine_ready(body: dict[str, Any]) -> bool:
    """``lyhord serve`` is ready once Prefect's local API has started."""
    return bool(body.get("engine_ready"))


def _tail(log: Path) -> str:
    try:
        return log.read_text(errors="replace")[-2000:]
    except OSError:
        return "(no log)"

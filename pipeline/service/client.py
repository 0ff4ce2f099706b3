"""Find the running service for a store and talk to its loopback admin API.

The service writes ``<store>.service.json`` (pid, host, port) and a random token
in ``<store>.service-token`` with mode 0600 when it starts, and removes both when
it stops. Only a user who can read the token file (the service's own account,
or root) can use the admin API; it listens on the loopback interface only.
"""

from __future__ import annotations

import json
import os
import secrets
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from pipeline.errors import ConfigError, LyhordError, RunBusyError
from pipeline.settings import Settings

TOKEN_HEADER = "X-Lyhord-Service-Token"


def service_files(settings: Settings) -> tuple[Path, Path]:
    """Return the paths of the service's info file and token file for the configured store."""
    db = Path(settings.db_path).expanduser().resolve()
    return db.with_name(db.name + ".service.json"), db.with_name(db.name + ".service-token")


@dataclass(frozen=True)
class ServiceInfo:
    """A running service as its info file describes it."""

    pid: int
    url: str
    token: str
    db: str

    def is_self(self) -> bool:
        """Say whether this process is the service."""
        return self.pid == os.getpid()


def write_service_files(settings: Settings, host: str, port: int) -> str:
    """Write the info and token files (token mode 0600); return the token."""
    info_path, token_path = service_files(settings)
    token = secrets.token_urlsafe(32)
    fd = os.open(token_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(token)
    os.chmod(token_path, 0o600)
    url_host = "127.0.0.1" if host in ("0.0.0.0", "", "::") else host
    info = {"pid": os.getpid(), "url": f"http://{url_host}:{port}", "db": str(info_path.parent)}
    info_path.write_text(json.dumps(info), encoding="utf-8")
    return token


def remove_service_files(settings: Settings) -> None:
    """Remove the info and token files (the service stops)."""
    for path in service_files(settings):
        path.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def find_service(settings: Settings) -> ServiceInfo | None:
    """Return the running service that owns the configured store, or None."""
    info_path, token_path = service_files(settings)
    try:
        info = json.loads(info_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not _alive(int(info.get("pid", 0))):
        return None  # left behind by a killed service; the next start replaces it
    try:
        token = token_path.read_text(encoding="utf-8").strip()
    except PermissionError:
        raise ConfigError(
            f"Lyhörd-tjänsten kör, men {str(token_path)!r} går inte att läsa; kör kommandot som tjänstens "
            "användare / the service runs but its token file is not readable by you; run as the service's user"
        ) from None
    except OSError:
        return None
    return ServiceInfo(int(info["pid"]), str(info["url"]), token, str(info.get("db", "")))


def _post(service: ServiceInfo, path: str, payload: dict[str, Any], timeout: float | None) -> httpx.Response:
    try:
        return httpx.post(
            service.url + path, json=payload, headers={TOKEN_HEADER: service.token}, timeout=timeout, trust_env=False
        )
    except httpx.HTTPError as exc:
        raise LyhordError(
            f"Lyhörd-tjänsten (pid {service.pid}) svarar inte på {service.url} ({type(exc).__name__}); "
            "kontrollera `systemctl status lyhord` / the service does not answer"
        ) from None


def submit_run(
    service: ServiceInfo, flow: str, *, dialogue_id: str | None, actor: str, trigger: str, params: dict[str, Any]
) -> dict[str, Any]:
    """Run ``flow`` in the service and wait for its counts."""
    print(
        f"Körningen lämnas till Lyhörd-tjänsten (pid {service.pid}) och väntar på att den blir klar …", file=sys.stderr
    )
    payload = {"flow": flow, "dialogue_id": dialogue_id, "actor": actor, "trigger": trigger, "params": params}
    response = _post(service, "/_service/runs", payload, timeout=None)
    body = response.json() if response.headers.get("content-type", "").startswith("application/json") else {}
    if response.status_code == 409:
        raise RunBusyError(str(body.get("error", "en körning pågår redan")))
    if response.status_code != 200:
        raise LyhordError(str(body.get("error", f"the service answered {response.status_code}")))
    return dict(body.get("counts") or {})


def forward_cli(service: ServiceInfo, argv: list[str], stdin: str, actor: str) -> tuple[int, str, str]:
    """Run a CLI command inside the service; return its exit code, stdout and stderr."""
    response = _post(service, "/_service/cli", {"argv": argv, "stdin": stdin, "actor": actor}, timeout=None)
    if response.status_code != 200:
        return 2, "", f"Fel: Lyhörd-tjänsten svarade {response.status_code}\n"
    body = response.json()
    return int(body["code"]), str(body["stdout"]), str(body["stderr"])

"""Fixtures for the web app: a seeded store, users of every role, a test client and a live server."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lyhord_processes import free_port
from web_seeding import seed

PASSWORD = "korrekt-häst-batteri"
ROLES = ("reader", "official", "analyst", "admin")
CHROMIUM = next((p for p in ("/usr/lib/chromium/chromium", "/usr/bin/chromium") if Path(p).exists()), None)
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture(scope="session")
def hasher():
    """A cheap argon2 hasher, passed explicitly to the users and the app (there is no global one)."""
    from pipeline.web import users

    return users.cheap_hasher()


@pytest.fixture
def web_settings(tmp_path: Path):
    from pipeline.settings import Settings

    return Settings(
        db_path=tmp_path / "web.duckdb",
        data_dir=tmp_path / "data",
        actor="test",
        web_secret_key="test-secret-key-0123456789abcdef",
    )


def add_role_users(store, hasher=None) -> None:
    from pipeline.web import users

    for role in ROLES:
        users.add_user(store, role, role, PASSWORD, actor="test", hasher=hasher)


@pytest.fixture
def seeded(web_settings, hasher) -> Iterator[dict[str, Any]]:
    from pipeline.store import Store

    with Store.open(web_settings) as store:
        info = seed(store)
        add_role_users(store, hasher)
    yield info


class FakeRunner:
    """Stands in for flows.runner.run_flow: records calls instead of starting Prefect."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str | None, str]] = []

    def __call__(self, flow: str, dialogue_id: str | None, actor: str) -> dict:
        self.calls.append((flow, dialogue_id, actor))
        return {"flow": flow, "dialogue_id": dialogue_id, "started": True}


@pytest.fixture
def runner() -> FakeRunner:
    return FakeRunner()


@pytest.fixture
def app(web_settings, seeded, runner, hasher):
    from pipeline.web import create_app

    application = create_app(web_settings, run_flow=runner, secure_cookies=False, hasher=hasher)
    yield application
    application.state.ctx.close()


@pytest.fixture
def client(app):
    from fastapi.testclient import TestClient

    with TestClient(app, follow_redirects=False) as c:
        yield c


def csrf_of(html: str) -> str:
    match = _CSRF.search(html)
    assert match, "page has no CSRF token"
    return match.group(1)


def login(client, name: str, password: str = PASSWORD):
    token = csrf_of(client.get("/login").text)
    return client.post("/login", data={"username": name, "password": password, "csrf_token": token, "next": "/"})


@pytest.fixture
def as_role(client):
    def sign_in(role: str):
        client.cookies.clear()
        response = login(client, role)
        assert response.status_code == 303, response.text[:500]
        return client

    return sign_in


# ---- live server and browser ------------------------------------------------------------------


@pytest.fixture(scope="session")
def live_server(tmp_path_factory, hasher) -> Iterator[dict[str, Any]]:
    """The real app under uvicorn in a thread, on a free port, over a seeded store."""
    import uvicorn

    from pipeline.settings import Settings
    from pipeline.store import Store
    from pipeline.web import create_app

    base = tmp_path_factory.mktemp("live")
    settings = Settings(
        db_path=base / "live.duckdb",
        data_dir=base / "data",
        actor="test",
        web_secret_key="live-secret-key-0123456789abcdef",
    )
    with Store.open(settings) as store:
        info = seed(store, n=120, n_themes=5)
        add_role_users(store, hasher)
    runner = FakeRunner()
    app = create_app(settings, run_flow=runner, secure_cookies=False, hasher=hasher)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    yield {"url": f"http://127.0.0.1:{port}", "settings": settings, "info": info, "runner": runner}
    server.should_exit = True
    thread.join(timeout=10)
    app.state.ctx.close()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if CHROMIUM is None:
        pytest.skip("Debian chromium is not installed (apt-get install -y chromium); browser tests need it")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def axe_path() -> Path:
    path = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
    if not path.exists():
        bundled = _bundled_axe()
        if bundled is None:
            pytest.skip("axe-core is not installed: run `npm ci` in the repository root")
        return bundled
    return path


def _bundled_axe() -> Path | None:
    try:
        import axe_playwright_python
    except ImportError:
        return None
    found = sorted(Path(axe_playwright_python.__file__).parent.rglob("axe*.js"))
    return found[0] if found else None

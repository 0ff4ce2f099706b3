"""Issue 11: the service's admin API answers only local callers holding the token file's token."""

from __future__ import annotations

import os
import stat

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from pipeline.service.admin import create_admin_router
from pipeline.service.client import TOKEN_HEADER, find_service, remove_service_files, write_service_files
from pipeline.service.runs import RunManager
from pipeline.store import Store

CALL = {"argv": ["status"], "stdin": "", "actor": "anna"}


@pytest.fixture
def admin(settings):
    token = write_service_files(settings, "127.0.0.1", 8000)
    runs = RunManager(lambda: Store.open(settings), lambda flow, run_id, params: {})
    app = FastAPI()
    app.include_router(create_admin_router(token, runs, lambda argv, stdin, actor: (0, "ok\n", ""), "db"))
    yield app, token
    remove_service_files(settings)


def test_token_file_is_private_and_names_this_process(admin, settings):
    service = find_service(settings)
    assert service is not None and service.is_self() and service.token == admin[1]
    token_file = str(settings.db_path.resolve()) + ".service-token"
    assert stat.S_IMODE(os.stat(token_file).st_mode) == 0o600


@pytest.mark.parametrize(
    ("client", "headers", "expected"),
    [
        (("127.0.0.1", 5000), {}, 403),  # no token
        (("127.0.0.1", 5000), {TOKEN_HEADER: "gissning"}, 403),  # a guessed token
        (("10.1.2.3", 5000), "token", 403),  # right token, but not from this machine
        (("127.0.0.1", 5000), {"token": 1, "X-Forwarded-For": "198.51.100.7"}, 403),  # through a reverse proxy
        (("127.0.0.1", 5000), "token", 200),
    ],
)
def test_only_local_callers_with_the_token(admin, client, headers, expected):
    app, token = admin
    if headers == "token":
        headers = {TOKEN_HEADER: token}
    elif "token" in headers:
        headers = {TOKEN_HEADER: token, **{k: v for k, v in headers.items() if k != "token"}}
    response = TestClient(app, client=client).post("/_service/cli", json=CALL, headers=headers)
    assert response.status_code == expected
    if expected == 200:
        assert response.json() == {"code": 0, "stdout": "ok\n", "stderr": ""}


def test_a_dead_service_is_not_found(settings):
    write_service_files(settings, "127.0.0.1", 8000)
    info = str(settings.db_path.resolve()) + ".service.json"
    with open(info, encoding="utf-8") as fh:
        text = fh.read().replace(f'"pid": {os.getpid()}', '"pid": 999999999')
    with open(info, "w", encoding="utf-8") as fh:
        fh.write(text)
    assert find_service(settings) is None
    remove_service_files(settings)

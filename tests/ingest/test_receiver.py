"""The HTTP receiver: 201 only after commit, 200 for a repeat, 413 oversize, 422 invalid (issue 2 item 3).

Every post carries the default dialogue's form key (issue 11 §5); the hardening against
bad bodies, keys, floods and CORS is tested on a separate process in test_receiver_hardening.py.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from ingest_fixtures import raw_rows

from pipeline.dialogues import DEFAULT_DIALOGUE_ID
from pipeline.ingest import receiver
from pipeline.ingest.formkeys import form_key
from pipeline.ingest.receiver import KEY_HEADER, create_receiver_app
from pipeline.ingest.staging import insert_record
from pipeline.store import Store

CANARY = "kanarie.canarysson@example.org"


@pytest.fixture
def client(settings, store):
    app = create_receiver_app(settings)
    key = form_key(store, DEFAULT_DIALOGUE_ID)
    return TestClient(app, raise_server_exceptions=False, headers={KEY_HEADER: key})


def test_post_is_committed_before_201(client, settings, store, tmp_path) -> None:
    from pipeline.report import load_population_csv

    (tmp_path / "befolkning.csv").write_text("dimension,value,population\ndistrict,Östermalm,4400\n", "utf-8")
    load_population_csv(store, tmp_path / "befolkning.csv")
    body = {"text": "Bygg fler laddstolpar på Östermalm.", "district": "östermalm ", "email": CANARY}
    response = client.post("/submissions", json=body)
    assert response.status_code == 201
    ident = response.json()["id"]
    with Store.open(settings) as fresh:  # another handle sees only committed rows
        rows = raw_rows(fresh, "SELECT id, channel, text, contact_email, district FROM submissions_raw")
    assert rows == [(ident, "webform", body["text"], CANARY, "Östermalm")]


def test_repeated_post_returns_same_id_with_200(client, store) -> None:
    body = {"text": "Mer belysning i Vasaparken.", "id": "form-17"}
    first = client.post("/submissions", json=body)
    second = client.post("/submissions", json=body)
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"]
    assert raw_rows(store, "SELECT count(*) FROM submissions_raw")[0][0] == 1
    assert store.scalar("SELECT accepted + duplicates FROM ingest_runs WHERE id LIKE 'receive-%'") == 2


def test_failed_commit_is_never_acknowledged(client, store, monkeypatch) -> None:
    def broken(*args, **kwargs):
        insert_record(*args, **kwargs)  # the row is written, then the transaction fails
        raise RuntimeError("disk full")

    monkeypatch.setattr(receiver, "insert_record", broken)
    response = client.post("/submissions", json={"text": "Detta ska inte sparas."})
    assert response.status_code == 500
    assert raw_rows(store, "SELECT count(*) FROM submissions_raw")[0][0] == 0


def test_oversize_body_gets_413(client, settings) -> None:
    big = {"text": "å" * (settings.receive_max_bytes + 10)}
    assert client.post("/submissions", json=big).status_code == 413


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "text"),
        ({"text": "   "}, "text"),
        ({"text": "Hej", "email": "inte-en-adress " + CANARY[:5]}, "email"),
        ({"text": "Hej", "submitted_at": "igår"}, "submitted_at"),
        ({"text": 42}, "text"),
    ],
)
def test_invalid_payload_gets_422_naming_the_field(client, store, payload, field) -> None:
    response = client.post("/submissions", json=payload)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert field in detail
    assert CANARY[:5] not in detail and "igår" not in detail
    assert raw_rows(store, "SELECT count(*) FROM submissions_raw")[0][0] == 0


def test_non_json_body_gets_422(client) -> None:
    response = client.post("/submissions", content=b"text=hej", headers={"content-type": "application/json"})
    assert response.status_code == 422


def test_non_json_content_type_gets_415(client) -> None:
    response = client.post("/submissions", content=b"text=hej", headers={"content-type": "text/plain"})
    assert response.status_code == 415


def test_post_without_key_gets_401_and_wrong_key_403(client, store) -> None:
    body = {"text": "Bygg fler laddstolpar på Östermalm."}
    assert client.post("/submissions", json=body, headers={KEY_HEADER: ""}).status_code == 401
    assert client.post("/submissions", json=body, headers={KEY_HEADER: "fel-nyckel"}).status_code == 403
    assert raw_rows(store, "SELECT count(*) FROM submissions_raw")[0][0] == 0

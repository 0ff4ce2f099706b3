"""The form receiver against bad bodies, keys, floods and other sites, on a separate process (issue 11 §5).

One ``lyhord receive`` process serves a temp store with a demo-like dialogue (the demo's
title, scheme and population figures, its period moved around today) and a second,
already closed dialogue whose id holds a ``/``. Every refused post must store nothing:
rows are counted through the library between posts (the receiver releases the file
between requests, and both sides wait for it).
"""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from lyhord_processes import free_port, wait_for_health

from pipeline.dialogues import create_dialogue
from pipeline.ingest.formkeys import form_key
from pipeline.settings import Settings
from pipeline.store import Store

REPO = Path(__file__).resolve().parents[2]
LYHORD = str(Path(sys.executable).parent / "lyhord")
KEY_HEADER = "X-Lyhord-Form-Key"
ORIGIN = "https://www.vasteras.se"
TODAY = date.today()
CLOSED = "cykelplan-2026"  # ended 20 days ago
CANARY = "Kanarie Canarysson"
SECRET_DISTRICT = "Atlantis-Kanariehamn"

TEXTS = [
    "Hej! Jag bor i Bäckby och belysningen i gångtunneln under Bäckbyleden är för dålig. "
    "Det känns otryggt att gå hem från bussen på kvällen.\n\nMvh Fatima",
    "Hej,\n\nTack för att ni frågar! Cykelbanan längs Svartån borde snöröjas före klockan sju, "
    "annars går det inte att cykla till jobbet.\n\nVänliga hälsningar\nErik Andersson\nKopparbergsvägen 12",
    "مرحباً، نحتاج إلى إنارة أفضل في الممر قرب مدرسة رابي. الأطفال يمشون هناك في الظلام. مع التحية، أحمد",
    "Salaan, waxaan rabaa in bas badan uu maro Skallberget fiidkii. Carruurtu waxay u baahan yihiin "
    "waddo nabdoon oo dugsiga loo maro. Mahadsanid, Hodan",
    "Mer grönska på Vasagatan och fler bänkar i Vasaparken, tack! /Anna-Karin, 67 år",
    "Hello, the bus to Skultuna runs far too seldom in the evenings. Best regards, Mikko",
]


@dataclass
class Receiver:
    """The running receiver and what the tests need to post to it."""

    url: str
    settings: Settings
    demo_id: str
    keys: dict[str, str]
    log: Path
    env: dict[str, str]

    def count(self) -> int:
        """Rows in submissions_raw, read through the library."""
        with Store.open(self.settings) as store, store.raw_access("test"):
            return int(store.scalar("SELECT count(*) FROM submissions_raw"))


_addresses = (f"10.{a}.{b}.{c}" for a in range(20, 250) for b in range(256) for c in range(1, 255))


def fresh_address() -> str:
    """A client address no other post in this module used (so the rate limit does not bite)."""
    return next(_addresses)


def post(
    rx: Receiver,
    body: bytes | dict,
    *,
    dialogue: str | None = None,
    key: str | None = "default",
    content_type: str | None = "application/json",
    client: str | None = None,
    origin: str | None = None,
) -> httpx.Response:
    """POST a body to the demo dialogue (or ``dialogue``) from a fresh client address."""
    dialogue = dialogue or rx.demo_id
    headers = {"X-Forwarded-For": client or fresh_address()}
    if key == "default":
        key = rx.keys[dialogue]
    if key is not None:
        headers[KEY_HEADER] = key
    if content_type is not None:
        headers["Content-Type"] = content_type
    if origin is not None:
        headers["Origin"] = origin
    content = json.dumps(body, ensure_ascii=False).encode() if isinstance(body, dict) else body
    return httpx.post(f"{rx.url}/dialogues/{dialogue}/submissions", content=content, headers=headers, timeout=60)


def _prepare_store(settings: Settings, tmp: Path) -> tuple[str, dict[str, str]]:
    from pipeline.demo import demo_dialogue
    from pipeline.demo.broken import write_population
    from pipeline.demo.compose import load_vocab
    from pipeline.report import load_population_csv
    from pipeline.schema import Dialogue

    demo = demo_dialogue().model_copy(
        update={"period_start": TODAY - timedelta(days=30), "period_end": TODAY + timedelta(days=30)}
    )
    closed = Dialogue(
        id=CLOSED,
        title="Cykelplan 2026",
        period_start=TODAY - timedelta(days=90),
        period_end=TODAY - timedelta(days=20),
    )
    write_population(tmp / "befolkning.csv", load_vocab())
    with Store.open(settings) as store:
        create_dialogue(store, demo)
        create_dialogue(store, closed)
        load_population_csv(store, tmp / "befolkning.csv", dialogue_id=demo.id)
        keys = {d.id: form_key(store, d.id, actor="test") for d in (demo, closed)}
    return demo.id, keys


@pytest.fixture(scope="module")
def rx(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Receiver]:
    """``lyhord -v receive`` in its own process, with a trusted proxy and one allowed origin."""
    tmp = tmp_path_factory.mktemp("receiver")
    settings = Settings(db_path=tmp / "lyhord.duckdb", data_dir=tmp / "data", lock_timeout_s=60, actor="test")
    demo_id, keys = _prepare_store(settings, tmp)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("LYHORD_")}
    env.update(
        LYHORD_DB=str(settings.db_path),
        LYHORD_DATA_DIR=str(settings.data_dir),
        LYHORD_LOCK_TIMEOUT_S="60",
        LYHORD_WEB_TRUSTED_PROXIES="127.0.0.1",
        LYHORD_RECEIVE_CORS_ORIGINS=json.dumps([ORIGIN]),
    )
    log = tmp / "receiver.log"
    with log.open("wb") as sink:
        proc = subprocess.Popen(
            [LYHORD, "-v", "receive", "--port", str(port), "--dialogue", demo_id],
            cwd=REPO,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_health(url, proc, log)
        yield Receiver(url=url, settings=settings, demo_id=demo_id, keys=keys, log=log, env=env)
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _assert_refused(rx: Receiver, response: httpx.Response, status: int, before: int, *secrets: str) -> None:
    assert response.status_code == status, response.text
    for secret in secrets:
        assert secret not in response.text
    assert rx.count() == before


NESTED = 10_000
BAD_BODIES = {
    "nested-arrays": b"[" * NESTED + b"]" * NESTED,
    "nested-in-text": b'{"text": ' + b"[" * NESTED + b"]" * NESTED + b"}",
    "nested-objects": b'{"a":' * NESTED + b"1" + b"}" * NESTED,
    "5000-digit-number": b'{"text": ' + b"7" * 5000 + b"}",
    "5000-digit-unknown-field": '{"text": "Mer belysning i Råby", "antal": '.encode() + b"7" * 5000 + b"}",
    "4000-digit-number": b'{"text": ' + b"7" * 4000 + b"}",
    "huge-exponent": b'{"text": 1e999999}',
    "nan": b'{"text": NaN}',
    "empty": b"",
    "whitespace": b"  \n ",
    "null": b"null",
    "top-level-array": json.dumps([{"text": TEXTS[0]}]).encode(),
    "top-level-string": json.dumps(TEXTS[0]).encode(),
    "truncated": b'{"text": "Hej! Mer belysning',
    "trailing-garbage": b'{"text": "Hej"} {"text": "igen"}',
    "invalid-utf8": b'{"text": "Hej \xff\xfe Fatima"}',
    "latin1": '{"text": "Snöröjning på Råbyleden"}'.encode("latin-1"),
    "utf16": '{"text": "Snöröjning på Råbyleden"}'.encode("utf-16"),
    "lone-surrogate": b'{"text": "Hej \\ud800 d\xc3\xa5"}',
    "nul-character": b'{"text": "Hej\\u0000Fatima"}',
}


@pytest.mark.parametrize("name", list(BAD_BODIES))
def test_malformed_body_gets_422_and_stores_nothing(rx: Receiver, name: str) -> None:
    before = rx.count()
    _assert_refused(rx, post(rx, BAD_BODIES[name]), 422, before, "Fatima", "7777")


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"text": 42}, {"text"}),
        ({"text": ["Hej", "Mvh Fatima"]}, {"text"}),
        ({"text": {"sv": "Hej"}}, {"text"}),
        ({"text": None}, {"text"}),
        ({"text": True}, {"text"}),
        ({"district": "Råby"}, {"text"}),
        ({"text": "!!! ???"}, {"text"}),
        ({"text": TEXTS[0], "district": 5, "age_group": ["30-44"]}, {"district", "age_group"}),
        ({"text": TEXTS[0], "submitted_at": 1767225600}, {"submitted_at"}),
        ({"text": TEXTS[0], "submitted_at": "förra veckan"}, {"submitted_at"}),
        ({"text": TEXTS[0], "email": f"{CANARY} at example"}, {"email"}),
        ({"text": TEXTS[0], "id": []}, {"id"}),
        ({"text": TEXTS[0], "name": CANARY * 20}, {"name"}),
    ],
)
def test_wrong_types_get_422_naming_fields_not_values(rx: Receiver, body: dict, fields: set[str]) -> None:
    before = rx.count()
    response = post(rx, body)
    _assert_refused(rx, response, 422, before, "Fatima", CANARY, "förra veckan", "Råby")
    assert set(response.json()["fields"]) == fields
    assert all(f"'{field}'" in response.json()["detail"] for field in fields)


@pytest.mark.parametrize(
    "content_type",
    [
        "text/plain",  # what a cross-site <form enctype="text/plain"> sends, with no preflight
        "text/plain;charset=UTF-8",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        None,
        "application/json; charset=iso-8859-1",
        "application/jsonp",
        "application/merge-patch+json",
    ],
)
def test_other_content_types_get_415_and_store_nothing(rx: Receiver, content_type: str | None) -> None:
    before = rx.count()
    response = post(rx, {"text": TEXTS[0]}, content_type=content_type, origin="https://evil.example")
    _assert_refused(rx, response, 415, before, "Fatima")
    assert "access-control-allow-origin" not in response.headers


def test_json_with_utf8_charset_is_accepted(rx: Receiver) -> None:
    before = rx.count()
    response = post(rx, {"text": TEXTS[4], "id": "charset-1"}, content_type="application/json; charset=UTF-8")
    assert response.status_code == 201
    assert rx.count() == before + 1


@pytest.mark.parametrize(
    ("key", "status"),
    [(None, 401), ("", 401), ("fel-nyckel", 403), ("other-dialogue", 403), ("default-with-suffix", 403)],
)
def test_missing_or_wrong_key_is_refused(rx: Receiver, key: str | None, status: int) -> None:
    if key == "other-dialogue":
        key = rx.keys[CLOSED]
    elif key == "default-with-suffix":
        key = rx.keys[rx.demo_id] + "x"
    before = rx.count()
    _assert_refused(rx, post(rx, {"text": TEXTS[0]}, key=key), status, before, "Fatima")


def test_unknown_dialogue_gets_404(rx: Receiver) -> None:
    before = rx.count()
    _assert_refused(rx, post(rx, {"text": TEXTS[0]}, dialogue="finns-inte", key="nyckel"), 404, before)


def test_oversize_body_gets_413(rx: Receiver) -> None:
    before = rx.count()
    _assert_refused(rx, post(rx, {"text": "Hej Fatima " * 7000}), 413, before, "Fatima")


def test_rotated_key_stops_working_at_once(rx: Receiver) -> None:
    old = rx.keys[CLOSED]
    shown = subprocess.run(
        [LYHORD, "dialogue", "form-key", CLOSED], env=rx.env, cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert (shown.returncode, shown.stdout.strip()) == (0, old)
    rotated = subprocess.run(
        [LYHORD, "dialogue", "form-key", CLOSED, "--rotate"],
        env=rx.env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert rotated.returncode == 0, rotated.stderr
    new = rotated.stdout.strip()
    assert new and new != old
    rx.keys[CLOSED] = new
    body = {"text": TEXTS[1], "submitted_at": (TODAY - timedelta(days=21)).isoformat()}
    before = rx.count()
    _assert_refused(rx, post(rx, body, dialogue=CLOSED, key=old), 403, before, "Erik")
    assert post(rx, body, dialogue=CLOSED).status_code == 201
    assert rx.count() == before + 1


def _iso(days: float, *, tz: str = "") -> str:
    return (datetime.combine(TODAY, datetime.min.time()) + timedelta(days=days, hours=12)).isoformat() + tz


@pytest.mark.parametrize(
    ("dialogue", "submitted_at"),
    [
        (None, "1900-01-01T00:00:00"),
        (None, "9999-12-31T23:59:59"),
        (None, "9999-12-31T23:59:59-12:00"),
        (None, "0001-01-01T00:00:00+14:00"),
        (None, _iso(-38)),  # the period starts 30 days ago; the margin is 7 days
        (None, _iso(1)),  # tomorrow: in the period, but in the future
        (None, _iso(0.5, tz="-11:00")),  # tomorrow 11:00 UTC: never inside the clock skew
        (CLOSED, _iso(-100)),  # before the closed dialogue's period and margin
        (CLOSED, _iso(-10)),  # after its end (20 days ago) plus the margin
    ],
)
def test_dates_out_of_range_get_422(rx: Receiver, dialogue: str | None, submitted_at: str) -> None:
    before = rx.count()
    response = post(rx, {"text": TEXTS[2], "submitted_at": submitted_at}, dialogue=dialogue)
    _assert_refused(rx, response, 422, before, submitted_at[:10])
    assert response.json()["fields"] == ["submitted_at"]


@pytest.mark.parametrize(
    ("dialogue", "days"),
    [(None, -33), (None, 0), (CLOSED, -95), (CLOSED, -15)],
)
def test_dates_within_period_and_margin_are_accepted(rx: Receiver, dialogue: str | None, days: int) -> None:
    before = rx.count()
    body = {"text": TEXTS[3], "submitted_at": _iso(days)[:10], "id": f"datum-{dialogue}-{days}"}
    assert post(rx, body, dialogue=dialogue).status_code == 201
    assert rx.count() == before + 1


def test_districts_and_age_groups_outside_the_lists_are_kept_unknown(rx: Receiver) -> None:
    known = post(rx, {"text": TEXTS[0], "district": " bäckby", "age_group": "30–44", "id": "lista-1"})
    unknown = post(rx, {"text": TEXTS[1], "district": SECRET_DISTRICT, "age_group": "över 100", "id": "lista-2"})
    closed = post(rx, {"text": TEXTS[5], "district": "Skultuna", "id": "lista-3"}, dialogue=CLOSED)
    assert (known.status_code, unknown.status_code, closed.status_code) == (201, 201, 201)
    assert "unrecognised" not in known.json()
    assert unknown.json()["unrecognised"] == ["district", "age_group"]
    assert closed.json()["unrecognised"] == ["district"]  # a dialogue without figures recognises none
    assert SECRET_DISTRICT not in unknown.text
    ids = [r.json()["id"] for r in (known, unknown, closed)]
    with Store.open(rx.settings) as store, store.raw_access("test"):
        rows = store.fetchall(
            "SELECT id, district, age_group, extra::VARCHAR FROM submissions_raw WHERE id IN (?, ?, ?)", ids
        )
    stored = {row[0]: row[1:] for row in rows}
    assert stored[ids[0]] == ("Bäckby", "30-44", None)
    district, age, extra = stored[ids[1]]
    assert (district, age) == (None, None)
    assert json.loads(extra) == {"district_unrecognised": True, "age_group_unrecognised": True}
    assert stored[ids[2]][0] is None


def test_retried_post_gets_200_with_the_same_id(rx: Receiver) -> None:
    body = {"text": TEXTS[4], "id": "retry-1"}
    first, second = post(rx, body), post(rx, body)
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"]


def test_flood_from_one_client_gets_429_while_another_client_gets_201(rx: Receiver) -> None:
    before = rx.count()
    flood = [post(rx, {"text": TEXTS[i % len(TEXTS)], "id": f"flod-{i}"}, client="192.0.2.66") for i in range(25)]
    codes = [r.status_code for r in flood]
    assert codes[:10] == [201] * 10  # the burst
    limited = [r for r in flood if r.status_code == 429]
    assert len(limited) >= 10 and set(codes) == {201, 429}
    assert all(int(r.headers["retry-after"]) >= 1 for r in limited)
    assert post(rx, {"text": TEXTS[2], "id": "flod-other"}, client="192.0.2.67").status_code == 201
    # X-Forwarded-For is believed only as far as the trusted proxy: a forged left-most hop does not help.
    # A new client would get its whole burst of ten; the flooding one gets at most what its bucket
    # refilled meanwhile (one post per 2 s, so a slow, loaded runner may let one or two through).
    forged = [
        post(rx, {"text": TEXTS[3], "id": f"flod-forged-{i}"}, client="198.51.100.1, 192.0.2.66") for i in range(12)
    ]
    let_through = [r.status_code for r in forged].count(201)
    assert let_through <= 3 and {r.status_code for r in forged} <= {201, 429}
    assert rx.count() == before + codes.count(201) + 1 + let_through


def test_cors_preflight_only_for_the_configured_origin(rx: Receiver) -> None:
    url = f"{rx.url}/dialogues/{rx.demo_id}/submissions"
    ask = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type,x-lyhord-form-key"}
    allowed = httpx.options(url, headers={"Origin": ORIGIN, **ask})
    assert allowed.status_code == 204
    assert allowed.headers["access-control-allow-origin"] == ORIGIN
    assert "POST" in allowed.headers["access-control-allow-methods"]
    assert KEY_HEADER.lower() in allowed.headers["access-control-allow-headers"].lower()
    other = httpx.options(url, headers={"Origin": "https://evil.example", **ask})
    assert other.status_code == 403
    assert "access-control-allow-origin" not in other.headers
    default_route = httpx.options(f"{rx.url}/submissions", headers={"Origin": ORIGIN, **ask})
    assert default_route.headers["access-control-allow-origin"] == ORIGIN


def test_posts_carry_cors_headers_only_for_the_configured_origin(rx: Receiver) -> None:
    ours = post(rx, {"text": TEXTS[5], "id": "cors-1"}, origin=ORIGIN)
    theirs = post(rx, {"text": TEXTS[5], "id": "cors-2"}, origin="https://evil.example")
    assert ours.headers["access-control-allow-origin"] == ORIGIN
    assert "access-control-allow-origin" not in theirs.headers


def test_default_route_posts_to_the_receivers_dialogue(rx: Receiver) -> None:
    headers = {KEY_HEADER: rx.keys[rx.demo_id], "X-Forwarded-For": fresh_address()}
    response = httpx.post(f"{rx.url}/submissions", json={"text": TEXTS[0], "id": "standard-1"}, headers=headers)
    assert response.status_code == 201
    with Store.open(rx.settings) as store, store.raw_access("test"):
        assert store.scalar("SELECT dialogue_id FROM submissions_raw WHERE id = ?", [response.json()["id"]]) == (
            rx.demo_id
        )


@pytest.mark.slow
def test_300_concurrent_posts_all_get_201_and_add_300_rows(rx: Receiver) -> None:
    before = rx.count()
    districts = itertools.cycle(["Bäckby", "Råby", "Skallberget", "Centrum", "Vallby", "Önsta-Gryta"])
    bodies = [
        {"text": TEXTS[i % len(TEXTS)], "id": f"last-{i}", "district": next(districts), "age_group": "30-44"}
        for i in range(300)
    ]
    clients = [f"172.16.{i // 250}.{i % 250 + 1}" for i in range(30)]  # 10 posts each: within the burst
    with httpx.Client(timeout=120, limits=httpx.Limits(max_connections=30)) as http:

        def send(i: int) -> int:
            headers = {KEY_HEADER: rx.keys[rx.demo_id], "X-Forwarded-For": clients[i % 30]}
            url = f"{rx.url}/dialogues/{rx.demo_id}/submissions"
            return http.post(url, json=bodies[i], headers=headers).status_code

        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=30) as pool:
            codes = list(pool.map(send, range(300)))
        elapsed = time.perf_counter() - started
    print(f"\n300 concurrent posts: {elapsed:.1f} s, {300 / elapsed:.0f} commits/s")
    assert codes == [201] * 300
    assert rx.count() == before + 300


def test_nothing_of_a_body_reaches_the_log(rx: Receiver) -> None:
    text = rx.log.read_text(encoding="utf-8", errors="replace")
    assert "receiver refused a post" in text  # the log is on (-v), and it says what happened
    for secret in ("Fatima", "Erik Andersson", "أحمد", "Hodan", CANARY, SECRET_DISTRICT, "7777", "förra veckan"):
        assert secret not in text

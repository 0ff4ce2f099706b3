"""Issues 5 and 13: the optional OpenAI-compatible LLM backend phrases point labels (local stub server)."""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from pydantic import SecretStr

from pipeline.settings import Settings
from pipeline.summaries import summarize, synthetic
from pipeline.summaries.llm import load_prompt

RAW_CANARY = "Zebulon Kanariesson"


class Stub:
    """A tiny chat-completions server; ``answer(request_json) -> content`` decides the reply."""

    def __init__(self, answer: Callable[[dict], str], delay: float = 0.0, status: int = 200) -> None:
        self.answer, self.delay, self.status = answer, delay, status
        self.requests: list[dict] = []
        self.headers: list[dict] = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server API
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                stub.requests.append(body)
                stub.headers.append(dict(self.headers))
                time.sleep(stub.delay)
                payload = json.dumps(
                    {
                        "id": "x",
                        "object": "chat.completion",
                        "model": body.get("model"),
                        "choices": [{"index": 0, "message": {"role": "assistant", "content": stub.answer(body)}}],
                    }
                ).encode()
                try:
                    self.send_response(stub.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Stub:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def _points(body: dict) -> list[str]:
    user = body["messages"][1]["content"]
    return re.findall(r"^(\d+)\. ", user, re.MULTILINE)


def faithful(body: dict) -> str:
    """Phrase one claim label per point in its own words, like a well-behaved model."""
    labels = [{"point": int(n), "label": f"Invånarna vill ha bättre belysning, punkt {n}"} for n in _points(body)]
    return json.dumps({"labels": labels}, ensure_ascii=False)


def inventive(body: dict) -> str:
    """Put a made-up quote into a label."""
    labels = [{"point": int(n), "label": "Någon skrev ”Kommunen är bäst i världen”"} for n in _points(body)]
    return json.dumps({"labels": labels}, ensure_ascii=False)


def copying(body: dict) -> str:
    """Copy a resident's words as the label (a quote, not a claim)."""
    first = re.search(r"^   - (.+?)(?: \(synpunkt|$)", body["messages"][1]["content"], re.MULTILINE)
    labels = [{"point": int(n), "label": first.group(1) if first else "x"} for n in _points(body)]
    return json.dumps({"labels": labels}, ensure_ascii=False)


@pytest.fixture
def loaded(store):
    comments = synthetic.make_comments(40, 2)
    synthetic.load_synthetic(store, "d1", comments, 2, synthetic.random_vectors(comments))
    with store.raw_access("test: plant a raw canary that must never leave the store"):
        store.execute(
            "INSERT INTO submissions_raw (id, dialogue_id, channel, source, source_key, text, content_hash, "
            "ingest_run_id) VALUES ('s-00000000', 'd1', 'webform', 'f', 'k', ?, 'h', 'i')",
            [f"Hej, jag heter {RAW_CANARY} och det är mörkt."],
        )
    return comments


def _llm_settings(settings: Settings, url: str, timeout: float = 5.0) -> Settings:
    return settings.model_copy(
        update={
            "llm_url": url,
            "llm_model": "stub-model",
            "llm_timeout_s": timeout,
            "llm_api_key": SecretStr("hemlig-nyckel"),
        }
    )


def _methods(store) -> list[tuple[str, dict]]:
    rows = store.fetchall("SELECT method, params, verified FROM theme_summaries ORDER BY theme_id")
    assert all(r[2] for r in rows)
    return [(r[0], json.loads(r[1])) for r in rows]


def test_llm_labels_are_used_when_acceptable(store, settings, loaded):
    with Stub(faithful) as stub:
        result = summarize(store, settings=_llm_settings(settings, stub.url), run_id="r1")
    assert result.counts["summarized"] == 2 and result.counts["llm_fallback"] == 0
    methods = _methods(store)
    assert [m for m, _ in methods] == ["llm.v2", "llm.v2"]
    assert methods[0][1]["prompt"] == "labels.sv.v1"
    body = json.dumps(stub.requests, ensure_ascii=False)
    assert RAW_CANARY not in body  # only anonymized text is sent
    assert stub.requests[0]["model"] == "stub-model"
    assert stub.headers[0]["Authorization"] == "Bearer hemlig-nyckel"
    system, _ = load_prompt()
    assert stub.requests[0]["messages"][0]["content"] == system and "svenska" in system
    sentences = json.loads(store.fetchall("SELECT sentences FROM theme_summaries ORDER BY theme_id")[0][0])
    for i, point in enumerate(sentences, 1):
        assert point["label"] == f"Invånarna vill ha bättre belysning, punkt {i}"
        toward = "" if point["position"] == "oklar" else f"{point['position']}; "
        assert point["text"].endswith(
            f"{point['label']} ({toward}{point['n']} av 20 i temat, {round(100 * point['n'] / 20)} %)"
        )


def test_copied_or_quoting_labels_are_refused(store, settings, loaded):
    for answer in (inventive, copying):
        store.execute("DELETE FROM theme_summaries")
        with Stub(answer) as stub:
            summarize(store, settings=_llm_settings(settings, stub.url), run_id=f"r-{answer.__name__}")
        assert {(m, p["llm_fallback"]) for m, p in _methods(store)} == {("extractive.v2", "verification")}


def test_timeout_falls_back_to_extractive(store, settings, loaded):
    with Stub(faithful, delay=1.5) as stub:
        result = summarize(store, settings=_llm_settings(settings, stub.url, timeout=0.3), run_id="r1")
    assert result.counts["llm_fallback"] == 2
    assert [(m, p["llm_fallback"]) for m, p in _methods(store)] == [("extractive.v2", "timeout")] * 2


def test_http_errors_and_dead_servers_fall_back(store, settings, loaded):
    with Stub(faithful, status=500) as stub:
        summarize(store, settings=_llm_settings(settings, stub.url), run_id="r2")
    assert {p["llm_fallback"] for _, p in _methods(store)} == {"HTTP 500"}
    store.execute("DELETE FROM theme_summaries")
    summarize(store, settings=_llm_settings(settings, "http://127.0.0.1:9/v1"), run_id="r3")
    assert {m for m, _ in _methods(store)} == {"extractive.v2"}


def test_llm_is_off_by_default(settings):
    assert settings.llm_url is None


def test_dead_server_costs_one_timeout_and_is_retried_next_run(store, settings, loaded):
    with Stub(faithful, delay=1.0) as stub:
        summarize(store, settings=_llm_settings(settings, stub.url, timeout=0.4), run_id="r1")
        assert len(stub.requests) == 1  # the second theme did not wait for the dead server again
    with Stub(faithful) as stub:
        again = summarize(store, settings=_llm_settings(settings, stub.url), run_id="r2")
    assert again.counts["summarized"] == 2 and again.counts["llm_fallback"] == 0
    latest = store.fetchall("SELECT method FROM theme_summaries WHERE version = 2")
    assert [m for (m,) in latest] == ["llm.v2", "llm.v2"]


FOREIGN = {
    0: ("en", "The street lights by the school in Råby have been broken for three weeks."),
    1: ("ar", "الإنارة في الحديقة بجانب المدرسة في بيكبي مكسورة منذ أسابيع."),
    2: ("so", "Nalalka waddada ee dugsiga Råby waa jaban yihiin muddo saddex toddobaad ah."),
}


def translating(body: dict) -> str:
    """Label points, and gloss quotes into Swedish when asked to translate (like a well-behaved model)."""
    if "Översätt" not in body["messages"][0]["content"]:
        return faithful(body)
    numbers = re.findall(r"^(\d+)\. (\w+): ", body["messages"][1]["content"], re.MULTILINE)
    glosses = [{"quote": int(n), "gloss": f"Gatlyktorna vid skolan är trasiga ({lang})"} for n, lang in numbers]
    return json.dumps({"glosses": glosses}, ensure_ascii=False)


def inventing_names(body: dict) -> str:
    """Gloss with a placeholder the quote does not hold: not a translation."""
    if "Översätt" not in body["messages"][0]["content"]:
        return faithful(body)
    numbers = re.findall(r"^(\d+)\. ", body["messages"][1]["content"], re.MULTILINE)
    return json.dumps({"glosses": [{"quote": int(n), "gloss": "[NAMN 1] säger att det är mörkt"} for n in numbers]})


@pytest.fixture
def multilingual(store):
    comments = synthetic.make_comments(40, 2)
    for i, (lang, text) in FOREIGN.items():
        comments[i * 2].update(text=text, language=lang)  # theme 0 gets all three
    synthetic.load_synthetic(store, "d1", comments, 2, synthetic.random_vectors(comments))
    return comments


def _shown_quotes(store) -> list[dict]:
    quotes = []
    for sentences, theme_quotes in store.fetchall("SELECT sentences, quotes FROM theme_summaries"):
        quotes += [q for p in json.loads(sentences) for q in p.get("quotes") or []] + json.loads(theme_quotes)
    return quotes


def test_quotes_in_other_languages_get_a_swedish_gloss(store, settings, multilingual):
    """Issue 13 §4: with an LLM, a quote in another language is shown with a Swedish gloss; the quote stays verbatim."""
    with Stub(translating) as stub:
        summarize(store, settings=_llm_settings(settings, stub.url), run_id="r1")
    quotes = _shown_quotes(store)
    foreign = [q for q in quotes if q["language"] not in ("sv", "und")]
    assert foreign, "no quote in another language was shown"
    for quote in foreign:
        assert quote["gloss"] == f"Gatlyktorna vid skolan är trasiga ({quote['language']})"
        assert any(quote["text"] in c["text"] for c in multilingual)  # verbatim, not the gloss
    assert not any("gloss" in q for q in quotes if q["language"] == "sv")
    asked = [r for r in stub.requests if "Översätt" in r["messages"][0]["content"]]
    assert asked and all("Gatlyktorna" not in r["messages"][1]["content"] for r in asked)
    assert all(p["llm_gloss_fallback"] is None for _, p in _methods(store) if "llm_gloss_fallback" in p)


def test_a_gloss_that_adds_a_placeholder_is_refused(store, settings, multilingual):
    with Stub(inventing_names) as stub:
        summarize(store, settings=_llm_settings(settings, stub.url), run_id="r1")
    assert not any("gloss" in q for q in _shown_quotes(store))
    assert "a gloss is not a translation of its quote" in {p.get("llm_gloss_fallback") for _, p in _methods(store)}

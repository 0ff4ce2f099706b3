"""Optional LLM backend: any OpenAI-compatible ``/chat/completions`` API.

Off unless ``settings.llm_url`` is set. Only anonymized statements are sent.
The answer goes through the same citation verification as extractive output;
any error, timeout or unverifiable answer makes the caller fall back to the
extractive summary.
"""

from __future__ import annotations

import json
import re
from importlib import resources
from string import Template
from typing import Any

import httpx

from pipeline.registry import Registry
from pipeline.settings import Settings

METHOD = "llm.v1"
PROMPT = "summary.sv.v1"
prompts: Registry[str] = Registry("prompt")


class LLMError(Exception):
    """The LLM backend failed; the message names the cause, never the text sent."""


def _register_prompts() -> None:
    for entry in resources.files("pipeline.summaries.prompts").iterdir():
        if entry.name.endswith(".txt") and entry.name[:-4] not in prompts:
            prompts.register(entry.name[:-4])(entry.read_text(encoding="utf-8"))


def load_prompt(name: str = PROMPT) -> tuple[str, Template]:
    """Return the system text and user template of a versioned prompt file."""
    _register_prompts()
    text = prompts.get(name)
    system, _, user = text.partition("### user")
    return system.replace("### system", "").strip(), Template(user.strip())


def build_messages(theme: dict[str, Any], statements: list[tuple[str, str]], size: int) -> list[dict[str, str]]:
    """Return the chat messages for one theme; ``statements`` are (id, anonymized text)."""
    system, user = load_prompt()
    lines = "\n".join(f"{sid}: {' '.join(text.split())}" for sid, text in statements)
    content = user.substitute(
        label=theme["label"], keywords=", ".join(theme.get("keywords") or []), size=size, statements=lines
    )
    return [{"role": "system", "content": system}, {"role": "user", "content": content}]


def _post(settings: Settings, messages: list[dict[str, str]]) -> str:
    headers = {"Content-Type": "application/json"}
    if settings.llm_api_key is not None:
        headers["Authorization"] = f"Bearer {settings.llm_api_key.get_secret_value()}"
    body = {"model": settings.llm_model or "default", "messages": messages, "temperature": 0}
    url = str(settings.llm_url).rstrip("/")
    if not url.endswith("/chat/completions"):
        url += "/chat/completions"
    try:
        response = httpx.post(url, json=body, headers=headers, timeout=settings.llm_timeout_s)
    except httpx.TimeoutException:
        raise LLMError("timeout") from None
    except httpx.HTTPError as exc:
        raise LLMError(f"connection failed ({type(exc).__name__})") from None
    if response.status_code != 200:
        raise LLMError(f"HTTP {response.status_code}")
    try:
        return str(response.json()["choices"][0]["message"]["content"])
    except (ValueError, KeyError, IndexError, TypeError):
        raise LLMError("answer is not an OpenAI-style chat completion") from None


def parse_sentences(content: str, allowed_ids: set[str]) -> list[dict[str, Any]]:
    """Parse the model's JSON answer into sentences citing only ``allowed_ids``."""
    match = re.search(r"\{.*\}", content, re.DOTALL)
    try:
        data = json.loads(match.group(0) if match else content)
        items = data["sentences"]
    except (ValueError, KeyError, TypeError):
        raise LLMError("answer is not the requested JSON") from None
    sentences = []
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict) or not str(item.get("text", "")).strip():
            continue
        citations = [str(c) for c in item.get("citations") or [] if str(c) in allowed_ids]
        sentences.append({"text": str(item["text"]).strip(), "citations": citations})
    if not sentences:
        raise LLMError("answer has no sentences")
    return sentences[:6]


def summarize_llm(
    settings: Settings, theme: dict[str, Any], statements: list[tuple[str, str]], size: int
) -> list[dict[str, Any]]:
    """Ask the configured LLM for cited sentences about one theme."""
    content = _post(settings, build_messages(theme, statements, size))
    return parse_sentences(content, {sid for sid, _ in statements})

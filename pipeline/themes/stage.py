"""The ``themes`` stage: fit or update the themes of each dialogue in the store.

For each dialogue it reads the anonymized ``submissions``, embeds them through
the cache, and then either assigns the new submissions to the existing themes
(the usual nightly case) or fits anew: the first time, on demand (``refit``),
when the scheme changed, or when novelty or growth passes
``settings.theme_refit_novelty``. After a refit, themes are matched to their
predecessors so ids (and the review decisions keyed by them) stay attached.

Embedding is the heavy part. Texts missing from the cache are cut into
partitions (whole embedder batches, so a vector never depends on how the texts
were split) and handed with the pure :func:`embed_texts` to a mapper; this
process reads the cache and writes the new vectors.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from pipeline.dialogues import get_dialogue
from pipeline.settings import Settings
from pipeline.stages import Mapper, StageResult, partitions, serial_map, worker_settings
from pipeline.store import Store
from pipeline.themes import persist
from pipeline.themes.assign import assign_themes
from pipeline.themes.embed import Embedder, embed_cached, get_embedder
from pipeline.themes.fit import ThemeFit, fit_themes
from pipeline.themes.language import fill_languages
from pipeline.themes.write import assignment_rows, match_ids, write_assignments, write_run, write_themes

log = logging.getLogger(__name__)
STAGE = "themes"
GROWTH_REFIT = 1.0  # refit when the corpus has grown by this share since the last fit


def embed_texts(texts: Sequence[str], *, settings: Settings) -> np.ndarray:
    """Embed one partition with the configured embedder; pure, so it may run on a Dask worker."""
    return get_embedder(settings).embed(list(texts))


class MappedEmbedder:
    """An embedder that cuts its input into partitions and embeds them through a mapper.

    It has the name and dimension of the local embedder, so the cache key and
    provenance do not depend on where the vectors were computed.
    """

    def __init__(self, embedder: Embedder, settings: Settings, mapper: Mapper) -> None:
        """Wrap ``embedder``; partitions hold whole batches of ``settings.partition_size`` or fewer texts."""
        self.name = embedder.name
        self.dim = embedder.dim
        batch = int(getattr(embedder, "batch_size", 1) or 1)
        self.partition_size = max(batch, settings.partition_size // batch * batch)
        self._settings = worker_settings(settings)
        self._mapper = mapper

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Return one row per text, in order, whichever process embedded each partition."""
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        parts = [list(p) for p in partitions(list(texts), self.partition_size)]
        done = self._mapper(partial(embed_texts, settings=self._settings), parts)
        return np.concatenate([np.asarray(v, dtype=np.float32) for v in done])


def update_themes(
    store: Store,
    *,
    settings: Settings,
    run_id: str,
    dialogue_id: str | None = None,
    refit: bool = False,
    mapper: Mapper = serial_map,
) -> StageResult:
    """Fit or update themes for one dialogue or every dialogue with submissions.

    Args:
        store: Open store.
        settings: Pipeline settings (seed, embedder, refit threshold, model dir).
        run_id: The pipeline run; rerunning with the same id replaces its theme runs.
        dialogue_id: Only this dialogue; all dialogues with submissions when None.
        refit: Fit anew even when the existing themes could take the new submissions.
        mapper: Runs the embedding of uncached texts over partitions (in this process by default).

    Returns:
        Counts only: submissions, embedded, fitted, assigned, themes, other, moved.
    """
    if dialogue_id is not None:
        get_dialogue(store, dialogue_id)
        dialogues = [dialogue_id]
    else:
        dialogues = [r[0] for r in store.fetchall("SELECT DISTINCT dialogue_id FROM submissions ORDER BY 1")]
    result = StageResult(STAGE, run_id)
    for did in dialogues:
        result = result.add(_update_dialogue(store, settings, run_id, did, refit, mapper))
    return result


def _load_docs(store: Store, dialogue_id: str) -> list[dict[str, Any]]:
    docs = store.records(
        "SELECT id, text, text_hash, language, channel, district, age_group, "
        "strftime(received_at, '%Y-%m') AS month FROM submissions WHERE dialogue_id = ? ORDER BY id",
        [dialogue_id],
    )
    for doc, lang in zip(docs, fill_languages([d["text"] for d in docs], [d["language"] for d in docs]), strict=True):
        doc["language"] = lang  # guessed where the channel did not say; used to take language out of the vectors
    return docs


def _scheme(store: Store, dialogue_id: str) -> tuple[list[Any] | None, str]:
    scheme = get_dialogue(store, dialogue_id).theme_scheme
    blob = json.dumps([e.model_dump() for e in scheme] if scheme else None, sort_keys=True, ensure_ascii=False)
    return scheme, hashlib.sha256(blob.encode()).hexdigest()[:16]


def _previous_fit(store: Store, settings: Settings, dialogue_id: str) -> dict[str, Any] | None:
    """Return the dialogue's latest fit with ``model_path`` resolved, or None when there is none to load.

    Paths written before they were made absolute were relative to the working
    directory of that run; they are looked up there and beside the data folder.
    """
    rows = store.records(
        "SELECT id, params, model_path, n_docs FROM theme_runs WHERE dialogue_id = ? AND kind = 'fit' "
        "ORDER BY created_at DESC, id DESC LIMIT 1",
        [dialogue_id],
    )
    if not rows or not rows[0]["model_path"]:
        return None
    stored = Path(rows[0]["model_path"])
    data = Path(settings.data_dir)
    candidates = [stored] if stored.is_absolute() else [stored, data.parent / stored, data / stored]
    found = next((c for c in candidates if c.exists()), None)
    if found is None:
        log.warning(
            "the theme model of run %s is missing (%s); %s is fitted anew and its themes are matched by members",
            rows[0]["id"],
            stored,
            dialogue_id,
        )
        return None
    return rows[0] | {"model_path": str(found.resolve())}


def _update_dialogue(
    store: Store, settings: Settings, run_id: str, did: str, refit: bool, mapper: Mapper
) -> StageResult:
    docs = _load_docs(store, did)
    if not docs:
        return StageResult(STAGE, run_id, {"dialogues": 1, "submissions": 0})
    embedder = get_embedder(settings)
    start = time.perf_counter()
    bulk = MappedEmbedder(embedder, settings, mapper)
    E, embedded = embed_cached(store, [d["text"] for d in docs], bulk, [d["text_hash"] for d in docs])
    embed_s = time.perf_counter() - start
    scheme, scheme_key = _scheme(store, did)
    prev = _previous_fit(store, settings, did)
    counts = {"dialogues": 1, "submissions": len(docs), "embedded": embedded}
    reason = _refit_reason(prev, refit, scheme_key, len(docs))
    if reason is None:
        assert prev is not None
        assigned = _assign_pending(store, settings, run_id, did, docs, E, prev)
        if assigned is not None:
            counts.update(assigned)
            return StageResult(STAGE, run_id, counts, [f"{did}: assigned without refit"])
        reason = "novelty"
    counts.update(_fit(store, settings, run_id, did, docs, E, scheme, scheme_key, prev, embedder, embed_s))
    return StageResult(STAGE, run_id, counts, [f"{did}: fitted ({reason})"])


def _refit_reason(prev: dict[str, Any] | None, refit: bool, scheme_key: str, n_docs: int) -> str | None:
    if prev is None:
        return "first fit"
    if refit:
        return "on demand"
    params = json.loads(prev["params"]) if prev["params"] else {}
    if params.get("scheme_key") != scheme_key:
        return "scheme changed"
    if prev["n_docs"] and n_docs > (1 + GROWTH_REFIT) * prev["n_docs"]:
        return "growth"
    return None


def _assign_pending(store, settings, run_id, did, docs, E, prev) -> dict[str, int] | None:
    """Assign submissions without a theme; return None when novelty calls for a refit."""
    done = {r[0] for r in store.fetchall("SELECT submission_id FROM theme_assignments WHERE dialogue_id = ?", [did])}
    pending = [i for i, d in enumerate(docs) if d["id"] not in done]
    fit, theme_ids, meta = persist.load_fit(Path(prev["model_path"]))
    if pending:
        result = assign_themes(fit, E[pending], [docs[i]["language"] for i in pending])
        if len(pending) >= 10 and result.novelty > settings.theme_refit_novelty:
            return None
    theme_run_id = f"{run_id}/{did}"
    other_share = 0.0
    with store.transaction():
        if pending:
            ids = [docs[i]["id"] for i in pending]
            rows = assignment_rows(ids, theme_ids, result.labels, result.secondary, result.scores, result.tertiary)
            write_assignments(store, did, theme_run_id, rows)
            other_share = float(np.mean([fit.themes[k].origin == "other" for k in result.labels]))
        write_run(
            store, theme_run_id, did, "assign", meta, len(pending), other_share, prev["model_path"], prev["id"], 0
        )
        write_themes(store, did, theme_run_id, fit, theme_ids, docs, E, refresh_only=True)
    return {"assigned": len(pending), "fitted": 0, "other": int(round(other_share * len(pending)))}


def _fit(store, settings, run_id, did, docs, E, scheme, scheme_key, prev, embedder, embed_s) -> dict[str, int]:
    """Fit anew, match ids to the previous fit, save the model and write everything."""
    texts = [d["text"] for d in docs]

    def embed_phrases(phrases: list[str]) -> np.ndarray:
        return embed_cached(store, phrases, embedder)[0]

    fit = fit_themes(
        texts,
        E,
        [d["language"] for d in docs],
        settings=settings,
        scheme=scheme,
        embedder=embedder,
        embed_fn=embed_phrases,
        title=get_dialogue(store, did).title,
    )
    fit.timings["embed"] = embed_s
    theme_ids = match_ids(store, did, fit, prev, [d["id"] for d in docs])
    theme_run_id = f"{run_id}/{did}"
    model_dir = (settings.run_models_dir / "themes" / did / run_id).resolve()
    fingerprint = persist.fingerprint((d["id"], d["text_hash"]) for d in docs)
    extra = {
        "embedder": embedder.name,
        "scheme_key": scheme_key,
        "input_fingerprint": fingerprint,
        "timings": {k: round(v, 3) for k, v in fit.timings.items()},
    }
    persist.save_fit(fit, model_dir, theme_ids, extra)
    meta = {
        "params": persist.params_dict(fit.params) | {"scheme_key": scheme_key, "embedder": embedder.name},
        "versions": persist.package_versions(),
        "input_fingerprint": fingerprint,
    }
    rows = assignment_rows([d["id"] for d in docs], theme_ids, fit.labels, fit.secondary, fit.scores, fit.tertiary)
    with store.transaction():
        moved = write_assignments(store, did, theme_run_id, rows)
        other_share = float(np.mean([fit.themes[k].origin == "other" for k in fit.labels]))
        write_run(
            store,
            theme_run_id,
            did,
            "fit",
            meta,
            len(docs),
            other_share,
            str(model_dir),
            prev["id"] if prev else None,
            moved,
        )
        write_themes(store, did, theme_run_id, fit, theme_ids, docs, E)
    return {
        "fitted": len(docs),
        "assigned": 0,
        "themes": len(fit.themes),
        "moved": moved,
        "other": int(np.sum([fit.themes[k].origin == "other" for k in fit.labels])),
    }


def fitted_summary(fit: ThemeFit) -> dict[str, int]:
    """Return theme sizes by key (for logs and tests; counts only)."""
    return {t.key: int(np.sum(fit.labels == i)) for i, t in enumerate(fit.themes)}

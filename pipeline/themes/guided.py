"""Guided assignment to a city's theme scheme (zero-shot plus self-training).

Each scheme theme becomes a prototype: the mean embedding of its name and
description, the items listed in the description, and the shipped example
phrases in ``models/themes/scheme_examples.yaml`` (config, not training data).
A document's score for a theme is its cosine to the prototype plus a small
lexical overlap term. Self-training then fits a class-balanced logistic
regression on the most confident documents of every theme (so big themes do
not swallow small ones) and blends its probabilities with the zero-shot prior.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

from pipeline.schema import ThemeSchemeEntry

EXAMPLES_FILE = "scheme_examples.yaml"
OTHER_IDS = frozenset({"other", "ovrigt", "övrigt"})


@dataclass
class GuidedParams:
    """Knobs of the guided assignment (recorded per run)."""

    lexical_weight: float = 0.1
    rounds: int = 3
    confident_fraction: float = 0.6
    prior_weight: float = 0.5
    temperature: float = 0.01
    regularization: float = 10.0


def load_examples(models_dir: Path | str | None) -> dict[str, list[str]]:
    """Return the shipped example phrases per scheme id (empty when absent)."""
    if not models_dir:
        return {}
    path = Path(models_dir) / "themes" / EXAMPLES_FILE
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(k): [str(p) for p in v or []] for k, v in data.items()}


def theme_phrases(entry: ThemeSchemeEntry, examples: dict[str, list[str]]) -> list[str]:
    """Return the phrases that describe one scheme theme."""
    phrases = [f"{entry.name}: {entry.description}".strip(": ")]
    items = re.split(r",| och | and ", entry.description)
    phrases += [item.strip(" .") for item in items if len(item.strip(" .")) > 2]
    phrases += examples.get(entry.id, [])
    return phrases


def prototypes(
    scheme: Sequence[ThemeSchemeEntry], embed, examples: dict[str, list[str]]
) -> tuple[np.ndarray, list[str]]:
    """Embed every theme's phrases and return unit prototypes plus lexical documents."""
    protos, lexical = [], []
    for entry in scheme:
        phrases = theme_phrases(entry, examples)
        vec = embed(phrases).mean(axis=0)
        protos.append(vec / max(float(np.linalg.norm(vec)), 1e-9))
        lexical.append(" ".join(phrases))
    return np.asarray(protos, dtype=np.float32), lexical


def zero_shot_scores(
    E: np.ndarray, protos: np.ndarray, lexical_sim: np.ndarray | None, params: GuidedParams
) -> np.ndarray:
    """Cosine to each prototype plus the weighted lexical overlap."""
    scores = E @ protos.T
    if lexical_sim is not None:
        scores = scores + params.lexical_weight * lexical_sim
    return scores


def self_train(E: np.ndarray, scores: np.ndarray, params: GuidedParams, seed: int) -> np.ndarray:
    """Refine zero-shot scores into probabilities by class-balanced self-training."""
    from sklearn.linear_model import LogisticRegression

    prior = _softmax(scores, params.temperature)
    current = prior
    for _ in range(params.rounds):
        idx, ys = _confident(current, params.confident_fraction)
        if len(set(ys)) < 2:
            break
        clf = LogisticRegression(C=params.regularization, max_iter=2000, class_weight="balanced", random_state=seed)
        clf.fit(E[idx], ys)
        learned = np.zeros_like(prior)
        learned[:, clf.classes_] = clf.predict_proba(E)
        current = params.prior_weight * prior + (1 - params.prior_weight) * learned
    return current


def _softmax(scores: np.ndarray, temperature: float) -> np.ndarray:
    z = np.exp((scores - scores.max(axis=1, keepdims=True)) / temperature)
    return z / z.sum(axis=1, keepdims=True)


def _confident(prob: np.ndarray, fraction: float) -> tuple[list[int], list[int]]:
    """Pick the most confident share of every predicted class (class balancing)."""
    labels = prob.argmax(axis=1)
    ordered = np.sort(prob, axis=1)
    margin = ordered[:, -1] - ordered[:, -2] if prob.shape[1] > 1 else ordered[:, -1]
    idx: list[int] = []
    ys: list[int] = []
    for k in range(prob.shape[1]):
        members = np.where(labels == k)[0]
        if len(members) == 0:
            continue
        keep = members[np.argsort(-margin[members], kind="stable")[: max(2, int(len(members) * fraction))]]
        idx += keep.tolist()
        ys += [k] * len(keep)
    return idx, ys

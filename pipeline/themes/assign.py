"""Assigning new texts to fitted themes without refitting (the nightly path)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from pipeline.themes.fit import ThemeFit, extra_themes, neutralize
from pipeline.themes.guided import _softmax


@dataclass
class Assignment:
    """Per-text result of assigning to existing themes."""

    labels: np.ndarray
    secondary: np.ndarray
    scores: np.ndarray
    novelty: float  # share of texts no theme explains (cosine under the fit's floor)
    tertiary: np.ndarray = field(default_factory=lambda: np.zeros(0, int))  # third theme, -1 for none


def assign_themes(fit: ThemeFit, E: np.ndarray, languages: Sequence[str | None]) -> Assignment:
    """Assign texts with embeddings ``E`` to the themes of ``fit``.

    Scheme themes are scored the way the fit scored them (prototype prior
    blended with the self-trained classifier); discovered themes and themes of
    a scheme-less fit by their nearest centroid. A text closer to no theme than
    the fit's floor goes to övrigt and counts as novel.
    """
    n = len(E)
    if n == 0:
        empty = np.zeros(0, int)
        return Assignment(empty, empty, np.zeros(0), 0.0, empty)
    R = neutralize(E, languages, fit.language_means, fit.global_mean)
    other = fit.other_index()
    sims = R @ fit.centroids.T
    sims[:, other] = -np.inf
    nearest = sims.argmax(axis=1)
    best = sims[np.arange(n), nearest]
    novel = best < fit.floor
    prob = _scheme_prob(fit, E)
    if prob is None:
        labels = np.where(novel, other, nearest)
        p = np.clip(R @ fit.centroids.T, 0, None) ** 8
        p[:, other] = 0
    else:
        labels = prob.argmax(axis=1)
        discovered = np.array([t.origin == "discovered" for t in fit.themes])
        weak = (prob.max(axis=1) < fit.unsure_below) | (labels == other)
        to_disc = weak & discovered[nearest] & ~novel
        labels = np.where(to_disc, nearest, labels)
        p = np.zeros((n, len(fit.themes)))
        p[:, : prob.shape[1]] = prob
    p = p / np.maximum(p.sum(axis=1, keepdims=True), 1e-9)
    secondary, tertiary = _second(p, labels, other, fit)
    return Assignment(labels.astype(int), secondary, p[np.arange(n), labels], float(novel.mean()), tertiary)


def _scheme_prob(fit: ThemeFit, E: np.ndarray) -> np.ndarray | None:
    if fit.scheme_protos is None or fit.classifier is None:
        return None
    gp = fit.params.guided
    prior = _softmax(E @ fit.scheme_protos.T, gp.temperature)
    logits = E @ fit.classifier["coef"].T + fit.classifier["bias"]
    learned = _softmax(logits, 1.0)
    if learned.shape[1] > prior.shape[1]:  # the fit added övrigt to a scheme without one
        prior = np.hstack([prior, np.zeros((len(prior), learned.shape[1] - prior.shape[1]))])
    return gp.prior_weight * prior + (1 - gp.prior_weight) * learned


def _second(p: np.ndarray, labels: np.ndarray, other: int, fit: ThemeFit) -> tuple[np.ndarray, np.ndarray]:
    """Return the second and third themes, by the fit's own bar (see ``fit.extra_themes``)."""
    return extra_themes(p, labels, other, fit.params)

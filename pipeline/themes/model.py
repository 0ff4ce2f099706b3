"""The BERTopic factory: every sub-model is passed explicitly (no hidden defaults).

``make_theme_model`` builds the model used to *discover* themes (UMAP, then
HDBSCAN) or, with ``manual=True``, a model that takes theme labels decided
elsewhere (the guided scheme assignment) and only computes their keywords.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from pipeline.settings import Settings
from pipeline.themes.embed import Embedder, bertopic_backend, get_embedder
from pipeline.themes.text import make_analyzer, stop_words


@dataclass
class DiscoveryParams:
    """UMAP and HDBSCAN settings for theme discovery (recorded per run)."""

    n_neighbors: int = 15
    n_components: int = 5
    min_dist: float = 0.0
    min_cluster_size: int | None = None  # None: max(5, n_docs // 100)
    min_samples: int = 5
    cluster_selection: str = "eom"
    top_n_words: int = 10
    lexical_weight: float = 0.5  # weight of lemma LSA features beside the embedding
    lexical_dims: int = 100
    n_epochs: int | None = None  # None: 500 under 5,000 texts, else 200 (UMAP switches at 10,000)
    exact_knn_max: int = 40_000  # up to this many texts, neighbours are exact (numpy), not NN-descent

    def cluster_size(self, n_docs: int) -> int:
        """Return the HDBSCAN minimum cluster size for ``n_docs`` documents."""
        return self.min_cluster_size or max(5, n_docs // 100)

    def as_dict(self) -> dict[str, Any]:
        """Return the parameters as plain JSON-able values."""
        return asdict(self)


class CompoundAwareKeywords:
    """Representation that keeps c-TF-IDF keywords readable in Swedish.

    It drops a keyword when a higher-ranked one already contains it or is
    contained in it (``cykel`` / ``cykelbana``), so the top words name different
    things. It implements BERTopic's representation protocol.
    """

    def __init__(self, top_n: int = 10) -> None:
        """Keep at most ``top_n`` keywords per theme."""
        self.top_n = top_n

    def extract_topics(self, topic_model: Any, documents: Any, c_tf_idf: Any, topics: dict) -> dict:
        """Return ``topics`` with overlapping compound keywords removed."""
        return {tid: dedupe_keywords(words, self.top_n) for tid, words in topics.items()}


def dedupe_keywords(words: list[tuple[str, float]], top_n: int) -> list[tuple[str, float]]:
    """Drop keywords that overlap a better-ranked keyword."""
    kept: list[tuple[str, float]] = []
    for word, score in words:
        if not word:
            continue
        parts = word.split()
        if any(word in k or k in word or any(p == k for p in parts) for k, _ in kept):
            continue
        kept.append((word, score))
        if len(kept) == top_n:
            break
    return kept or [("", 0.0)]


def make_theme_model(
    settings: Settings,
    *,
    embedder: Embedder | None = None,
    n_docs: int = 1000,
    seed: int | None = None,
    params: DiscoveryParams | None = None,
    manual: bool = False,
    languages: Mapping[str, str | None] | None = None,
) -> Any:
    """Build a BERTopic model with every part explicit.

    Args:
        settings: Pipeline settings (seed, models directory, embedder choice).
        embedder: Embedder to wrap; the settings' embedder when omitted.
        n_docs: Corpus size, used to scale the HDBSCAN minimum cluster size.
        seed: UMAP random state; ``settings.seed`` when omitted.
        params: UMAP/HDBSCAN parameters.
        manual: Build a model whose themes are given as labels (``y``) rather
            than clustered; only keywords are computed.
        languages: The stored language per text (text → code), so each text is
            lemmatized in its own language; detected when omitted.

    Returns:
        An unfitted ``bertopic.BERTopic``.
    """
    from bertopic import BERTopic
    from bertopic.dimensionality import BaseDimensionalityReduction
    from bertopic.vectorizers import ClassTfidfTransformer
    from sklearn.feature_extraction.text import CountVectorizer

    params = params or DiscoveryParams()
    seed = settings.seed if seed is None else seed
    analyzer = make_analyzer(stop_words(str(settings.models_dir)), languages, joined=True)
    vectorizer = CountVectorizer(analyzer=lambda t: _with_bigrams(analyzer(t)), min_df=1)
    if manual:
        from bertopic.cluster import BaseCluster

        umap_model: Any = BaseDimensionalityReduction()
        cluster_model: Any = BaseCluster()
    else:
        umap_model, cluster_model = _umap_hdbscan(params, n_docs, seed)
    return BERTopic(
        language="multilingual",
        embedding_model=bertopic_backend(embedder or get_embedder(settings)),
        umap_model=umap_model,
        hdbscan_model=cluster_model,
        vectorizer_model=vectorizer,
        ctfidf_model=ClassTfidfTransformer(reduce_frequent_words=True),
        representation_model=[CompoundAwareKeywords(params.top_n_words)],
        top_n_words=30,
        calculate_probabilities=False,
        verbose=False,
    )


def _umap_hdbscan(params: DiscoveryParams, n_docs: int, seed: int) -> tuple[Any, Any]:
    from hdbscan import HDBSCAN
    from umap import UMAP

    umap_model = UMAP(
        n_neighbors=min(params.n_neighbors, max(2, n_docs - 1)),
        n_components=params.n_components,
        min_dist=params.min_dist,
        metric="cosine",
        n_epochs=params.n_epochs or (500 if n_docs < 5000 else 200),
        random_state=seed,
        n_jobs=1,  # a fixed random_state forces one thread anyway; say so explicitly
    )
    cluster_model = HDBSCAN(
        min_cluster_size=params.cluster_size(n_docs),
        min_samples=params.min_samples,
        cluster_selection_method=params.cluster_selection,
        metric="euclidean",
        prediction_data=False,
    )
    return umap_model, cluster_model


def exact_knn(X: np.ndarray, k: int, block: int = 2048) -> tuple[np.ndarray, np.ndarray]:
    """Return the exact ``k`` nearest neighbours by cosine (self first) of unit rows ``X``.

    Handing UMAP a precomputed neighbour graph skips pynndescent, whose numba
    compilation costs about 23 s in every new process; for up to some tens of
    thousands of texts a blocked matrix product is faster than that and exact.
    """
    X = np.ascontiguousarray(X, dtype=np.float32)
    n = len(X)
    k = min(k, n)
    indices = np.empty((n, k), np.int64)
    distances = np.empty((n, k), np.float32)
    for start in range(0, n, block):
        sims = X[start : start + block] @ X.T
        rows = np.arange(len(sims))
        sims[rows, rows + start] = 2.0  # a text is its own first neighbour, as UMAP expects
        part = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        vals = np.take_along_axis(sims, part, axis=1)
        order = np.argsort(-vals, axis=1, kind="stable")
        indices[start : start + block] = np.take_along_axis(part, order, axis=1)
        distances[start : start + block] = np.clip(1.0 - np.take_along_axis(vals, order, axis=1), 0.0, 2.0)
    return indices, distances


def reduce(umap_model: Any, X: np.ndarray, params: DiscoveryParams) -> np.ndarray:
    """Run ``umap_model`` on unit rows ``X``, with an exact neighbour graph when ``X`` is small enough."""
    if len(X) <= params.exact_knn_max and len(X) > umap_model.n_neighbors:
        indices, distances = exact_knn(X, umap_model.n_neighbors)
        umap_model.precomputed_knn = (indices, distances, None)
    with warnings.catch_warnings():
        # Without an NN-descent index UMAP cannot transform new data; assigning uses centroids instead.
        warnings.filterwarnings("ignore", message="precomputed_knn", category=UserWarning)
        return np.asarray(umap_model.fit_transform(X))


def _with_bigrams(lemmas: list[str]) -> list[str]:
    return lemmas + [f"{a} {b}" for a, b in zip(lemmas, lemmas[1:], strict=False)]

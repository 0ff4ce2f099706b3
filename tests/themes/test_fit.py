"""The in-memory theme fit: reproducibility, coverage, Swedish keywords, scheme guidance."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def discovered(settings_module, comments, comment_vectors, embedder):
    """A scheme-less fit of the fixture comments with seed 7."""
    return _fit_seed7(settings_module, comments, comment_vectors, embedder)


def _fit_seed7(settings, comments, vectors, embedder):
    from pipeline.themes.fit import FitParams, fit_themes

    texts = [r["text"] for r in comments]
    return fit_themes(
        texts, vectors, ["sv"] * len(texts), settings=settings, embedder=embedder, params=FitParams(seed=7)
    )


@pytest.fixture(scope="module")
def settings_module(tmp_path_factory):
    """Settings for module-scoped fits."""
    from pipeline.settings import Settings

    tmp = tmp_path_factory.mktemp("themes")
    return Settings(db_path=tmp / "t.duckdb", data_dir=tmp / "data")


def test_same_seed_gives_same_themes(discovered, settings_module, comments, comment_vectors, embedder):
    again = _fit_seed7(settings_module, comments, comment_vectors, embedder)
    assert np.array_equal(again.labels, discovered.labels)
    assert [t.keywords for t in again.themes] == [t.keywords for t in discovered.themes]
    assert np.allclose(again.centroids, discovered.centroids)


def test_every_text_gets_a_theme_or_other(discovered, comments):
    assert len(discovered.labels) == len(comments)
    assert all(0 <= k < len(discovered.themes) for k in discovered.labels)
    assert sum(t.origin == "other" for t in discovered.themes) == 1
    other = discovered.other_index()
    assert np.mean(discovered.labels == other) <= 0.10


def test_discovery_finds_the_four_themes(discovered, comments):
    from sklearn.metrics import normalized_mutual_info_score

    gold = [r["theme"] for r in comments]
    # forty short comments are only a smoke test of clustering; the dev-set test in
    # test_cli.py checks the target (NMI >= 0.45 with <= 10% outliers)
    assert sum(t.origin == "discovered" for t in discovered.themes) >= 2
    assert normalized_mutual_info_score(gold, discovered.labels) >= 0.1


def test_keywords_keep_swedish_letters(discovered):
    words = [w for t in discovered.themes for w in t.keywords]
    assert any(ch in w for w in words for ch in "åäö"), words
    assert all(t.label for t in discovered.themes)


def test_scheme_guides_assignment(settings_module, comments, comment_vectors, embedder):
    from pipeline.dialogues import load_scheme
    from pipeline.themes.fit import fit_themes

    texts = [r["text"] for r in comments]
    fit = fit_themes(
        texts,
        comment_vectors,
        ["sv"] * len(texts),
        settings=settings_module,
        scheme=load_scheme(DATA / "scheme.yaml"),
        embedder=embedder,
    )
    keys = [fit.themes[k].key for k in fit.labels]
    accuracy = np.mean([k == r["theme"] for k, r in zip(keys, comments, strict=True)])
    assert accuracy >= 0.8
    assert {t.origin for t in fit.themes} >= {"scheme", "other"}
    assert fit.themes[0].label == "Snöröjning"


def test_keyword_dedupe_drops_compound_overlaps():
    from pipeline.themes.model import dedupe_keywords

    words = [("cykelbana", 0.9), ("cykelbana trasig", 0.8), ("buss", 0.7), ("bussen", 0.6), ("snö", 0.5)]
    assert [w for w, _ in dedupe_keywords(words, 10)] == ["cykelbana", "buss", "snö"]


def test_label_from_keywords_is_swedish_list():
    from pipeline.themes.fit import label_from_keywords

    assert label_from_keywords(["hund", "koppel", "rastgård"]) == "Hund, koppel och rastgård"
    assert label_from_keywords([]) == ""


def _blobs(seed: int, spreads: list[float], n: int = 30) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(len(spreads), 64))
    X = np.vstack([c + s * rng.normal(size=(n, 64)) for c, s in zip(centres, spreads, strict=True)])
    return (X / np.linalg.norm(X, axis=1, keepdims=True)).astype(np.float32)


def _scheme_case(unsure_last: bool, shared_words: bool = True):
    """Four groups of 30 texts; three scheme themes; the fourth group fits none when ``unsure_last``."""
    from pipeline.themes.fit import OTHER, Theme

    words = ["snö plogning halka", "buss hållplats linje", "park träd lekplats", "elsparkcykel trottoar hyra"]
    texts = [f"{words[g]} {i}" for g in range(4) for i in range(30)]
    if not shared_words:  # the fourth group has no word in common: nothing defines it
        texts[90:] = [f"ordet{chr(97 + i % 26)}{chr(97 + i // 26)} sak{i}" for i in range(30)]
    themes = [Theme(k, "scheme", k, k) for k in ("snow", "bus", "park")] + [Theme(OTHER, OTHER, "Övrigt")]
    prob = np.zeros((120, 4))
    for g in range(3):
        prob[g * 30 : (g + 1) * 30, g] = 0.9
        prob[g * 30 : (g + 1) * 30, (g + 1) % 3] = 0.1
    prob[90:, :3] = [0.36, 0.34, 0.3] if unsure_last else [0.1, 0.9, 0.0]
    return texts, themes, prob


def _discover(settings, embedder, texts, themes, prob, langs, params=None):
    """Run discovery inside the scheme on four blobs of 30 (the fourth slightly tighter)."""
    from pipeline.themes.fit import FitParams, _discover_within

    R = _blobs(5, [0.12, 0.12, 0.12, 0.1])
    params = params or FitParams(seed=1)
    return _discover_within(texts, R, prob, prob.argmax(axis=1), themes, langs, settings, embedder, params, {})


@pytest.mark.parametrize("unsure_last", [True, False])
def test_discovery_inside_a_scheme_finds_only_what_the_scheme_lacks(settings_module, embedder, unsure_last):
    texts, themes, prob = _scheme_case(unsure_last)
    labels = _discover(settings_module, embedder, texts, themes, prob, ["sv"] * 120)
    discovered = [i for i, t in enumerate(themes) if t.origin == "discovered"]
    if not unsure_last:  # the fourth group sits confidently in "bus": a slice of a scheme theme, not new
        assert discovered == []
        assert np.array_equal(labels, prob.argmax(axis=1))
        return
    assert len(discovered) == 1
    members = np.where(labels == discovered[0])[0]
    assert len(members) >= 25 and (members >= 90).all()  # the new group, and nothing else
    assert np.array_equal(labels[:90], prob[:90].argmax(axis=1))  # scheme themes keep their texts


@pytest.mark.parametrize("case", ["one language", "no defining word"])
def test_discovery_ignores_language_groups_and_mixed_bags(settings_module, embedder, case):
    texts, themes, prob = _scheme_case(True, shared_words=case != "no defining word")
    langs = ["sv"] * 90 + (["fi"] * 30 if case == "one language" else ["sv"] * 30)
    labels = _discover(settings_module, embedder, texts, themes, prob, langs)
    assert not any(t.origin == "discovered" for t in themes)
    assert np.array_equal(labels, prob.argmax(axis=1))


def test_a_model_saved_with_older_parameters_still_loads():
    from pipeline.themes.persist import params_from_dict

    params = params_from_dict({"seed": 3, "discover_below": 0.35, "guided": {"rounds": 2}, "discovery": {}})
    assert params.seed == 3 and params.guided.rounds == 2
    assert not hasattr(params, "discover_below")


def test_minimum_size_of_a_new_theme_comes_from_the_settings(settings_module, embedder):
    from pipeline.themes.fit import FitParams

    strict = settings_module.model_copy(update={"theme_min_new_share": 0.3})  # 36 of 120: the group has 30
    params = FitParams.for_settings(strict, 1)
    assert params.novelty.min_share == 0.3 and params.seed == 1
    texts, themes, prob = _scheme_case(True)
    labels = _discover(strict, embedder, texts, themes, prob, ["sv"] * 120, params)
    assert not any(t.origin == "discovered" for t in themes)
    assert np.array_equal(labels, prob.argmax(axis=1))

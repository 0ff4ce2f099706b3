"""A discovered cluster that mostly overlaps scheme themes is not offered as new (issue 13 §8)."""

from __future__ import annotations

import numpy as np
import pytest

DIM = 48
PER_THEME = 40
PER_CLUSTER = 20


def _unit(x: np.ndarray) -> np.ndarray:
    return x / np.linalg.norm(x, axis=-1, keepdims=True)


@pytest.fixture(scope="module")
def corpus():
    """Three scheme themes, a cluster about something new and a tight slice of scheme theme 0.

    Both clusters are texts the guided model is unsure about, have a defining
    word and are as tight as a scheme theme; only the slice sits as close to a
    scheme theme's centre as that theme's own members do.
    """
    rng = np.random.default_rng(13)
    axes = np.eye(DIM)
    rows, found, lemmas = [], [], []
    words = ["snöröjning", "buss", "lekplats"]
    for k in range(3):
        rows.append(_unit(axes[k] + 0.12 * rng.standard_normal((PER_THEME, DIM))))
        found += [k] * PER_THEME
        lemmas += [{words[k], f"ord{i % 7}"} for i in range(PER_THEME)]
    rows.append(_unit(axes[5] + 0.08 * rng.standard_normal((PER_CLUSTER, DIM))))  # new: e-scooters
    found += [3] * PER_CLUSTER
    lemmas += [{"elsparkcykel", f"ord{i % 7}"} for i in range(PER_CLUSTER)]
    rows.append(_unit(axes[0] + 0.35 * axes[6] + 0.08 * rng.standard_normal((PER_CLUSTER, DIM))))  # slice of theme 0
    found += [4] * PER_CLUSTER
    lemmas += [{"nattvandrare", f"ord{i % 7}"} for i in range(PER_CLUSTER)]
    R = np.vstack(rows)
    n_scheme = 3 * PER_THEME
    prob = np.zeros((len(R), 4))  # three scheme themes and övrigt (index 3)
    prob[np.arange(n_scheme), np.repeat(np.arange(3), PER_THEME)] = 0.9
    prob[:n_scheme] += 0.1 / 4
    prob[n_scheme:] = [0.4, 0.3, 0.2, 0.1]  # unsure
    languages = ["sv"] * (len(R) - 6) + ["so", "ar", "en", "sv", "sv", "sv"]
    return np.array(found), prob, prob.argmax(axis=1), R, lemmas, languages


def _members(corpus, **params):
    from pipeline.themes.novelty import NoveltyParams, new_theme_members

    found, prob, labels, R, lemmas, languages = corpus
    return new_theme_members(found, prob, labels, 3, R, lemmas, languages, NoveltyParams(**params))


def test_a_new_topic_is_offered_and_a_slice_of_a_scheme_theme_is_not(corpus):
    found = corpus[0]
    groups = _members(corpus)
    assert [sorted(set(found[g].tolist())) for g in groups] == [[3]]


def test_only_the_overlap_guard_keeps_the_slice_out(corpus):
    # With the guard off, the slice passes every other test: so the guard is what removes it.
    found = corpus[0]
    groups = _members(corpus, overlap_share=1.01)
    assert sorted(sorted(set(found[g].tolist())) for g in groups) == [[3], [4]]


def test_overlapping_clusters_names_the_scheme_themes(corpus):
    from pipeline.themes.novelty import NoveltyParams, overlapping_clusters

    found, prob, labels, R, _, _ = corpus
    groups = [np.where(found == 3)[0], np.where(found == 4)[0]]
    assert overlapping_clusters(groups, R, prob, labels, 3, NoveltyParams()) == [[], [0]]


def test_a_cluster_held_together_by_phrasing_has_no_defining_word():
    """The demo's mix "Stig, längs Svartån och överallt": scooters, dog litter and paths, shared only phrasing."""
    from pipeline.settings import Settings
    from pipeline.themes.novelty import NoveltyParams, _defining
    from pipeline.themes.text import make_analyzer, stop_words

    mix = [
        "Fler påsautomater i Kapellparken, det ligger bajs överallt.",
        "Stigarna längs Svartån behöver lagas.",
        "Det ligger fimpar överallt längs Mälaren, fler papperskorgar.",
        "Elsparkcyklarna kör på cykelbanan i 25 km/h längs Svartån, sänk hastigheten.",
        "Det ligger skräp överallt vid Björnön, fler papperskorgar.",
        "Inför tydliga zoner för elsparkcyklar vid Resecentrum, så slipper vi kaoset.",
        "Gräset längs promenadstråket klipps för sällan.",
        "Det växer ogräs överallt i rabatterna vid torget.",
        "Gatukök längs Mälarstranden vore trevligt.",
        "Hundlatriner behövs överallt i Rocklunda.",
    ]  # every subject word is in at most 2 of 10: none reaches defining_share
    rest = [f"Bussen på linje {i} är sen och snön ligger kvar på gatan." for i in range(30)]
    analyze = make_analyzer(stop_words(str(Settings().models_dir)))
    lemmas = [set(analyze(t)) for t in mix + rest]
    assert not _defining(lemmas, NoveltyParams())(np.arange(len(mix)))
    # a real subject does define its cluster
    scooters = [f"Elsparkcyklarna står {p}." for p in ("på trottoaren", "i vägen", "vid skolan", "mitt i gatan")]
    lemmas = [set(analyze(t)) for t in scooters + rest]
    assert _defining(lemmas, NoveltyParams())(np.arange(len(scooters)))

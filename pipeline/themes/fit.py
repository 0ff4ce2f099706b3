"""Fitting and assigning themes in memory (no store): the algorithm itself.

``fit_themes`` turns texts and their embeddings into themes:

* with a scheme, every text is scored against the scheme themes (guided,
  self-trained); texts no scheme theme explains well are clustered with
  BERTopic, and clusters that are not just a slice of one scheme theme become
  *discovered* themes;
* without a scheme, BERTopic discovers the themes and outliers are reduced to
  their nearest theme when they are close enough.

What is left is the explicit *övrigt* theme. Language is removed from the
embeddings before clustering (each language's mean vector is subtracted), so
comments group by what they say rather than the language they say it in.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from pipeline.schema import ThemeSchemeEntry
from pipeline.settings import Settings
from pipeline.themes import guided, novelty
from pipeline.themes.model import DiscoveryParams, make_theme_model, reduce

log = logging.getLogger(__name__)
OTHER = "other"


@dataclass
class FitParams:
    """Every knob of a theme fit, recorded in ``theme_runs.params``."""

    seed: int = 42
    other_floor: float = 0.78  # cosine to a centroid under which a text stays övrigt
    max_other_share: float = 0.05
    secondary_ratio: float = 0.5
    secondary_min: float = 0.2
    min_language_docs: int = 5
    guided: guided.GuidedParams = field(default_factory=guided.GuidedParams)
    novelty: novelty.NoveltyParams = field(default_factory=novelty.NoveltyParams)
    discovery: DiscoveryParams = field(default_factory=DiscoveryParams)

    @classmethod
    def for_settings(cls, settings: Settings, seed: int | None = None) -> FitParams:
        """Return the defaults with the seed and the discovered-theme size the settings give."""
        return cls(
            seed=settings.seed if seed is None else seed,
            novelty=novelty.NoveltyParams(min_share=settings.theme_min_new_share),
        )


@dataclass
class Theme:
    """One fitted theme (before it gets a store id)."""

    key: str  # scheme id, "d1", "d2" … or "other"
    origin: str  # scheme | discovered | other
    label: str
    scheme_id: str | None = None
    keywords: list[str] = field(default_factory=list)


@dataclass
class ThemeFit:
    """The result of a fit: themes, per-text assignment and what assigning needs."""

    themes: list[Theme]
    labels: np.ndarray  # index into themes
    secondary: np.ndarray  # index into themes, -1 for none
    scores: np.ndarray
    centroids: np.ndarray  # unit vectors in language-neutral space, one per theme
    language_means: dict[str, np.ndarray]
    global_mean: np.ndarray
    scheme_protos: np.ndarray | None = None
    classifier: dict[str, np.ndarray] | None = None
    params: FitParams = field(default_factory=FitParams)
    timings: dict[str, float] = field(default_factory=dict)
    bertopic: Any = None
    floor: float = 0.0  # cosine a new text needs to join a theme when assigning
    unsure_below: float = 0.0  # guided confidence under which a new text may join a discovered theme
    tertiary: np.ndarray = field(default_factory=lambda: np.zeros(0, int))  # third theme, -1 for none

    def other_index(self) -> int:
        """Return the index of the övrigt theme."""
        return next(i for i, t in enumerate(self.themes) if t.origin == OTHER)


def unit(x: np.ndarray) -> np.ndarray:
    """Return rows scaled to unit length (zero rows stay zero)."""
    return x / np.maximum(np.linalg.norm(x, axis=-1, keepdims=True), 1e-9)


def language_means(
    E: np.ndarray, languages: Sequence[str | None], min_docs: int
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Return each well-represented language's mean vector and the global mean."""
    glob = E.mean(axis=0) if len(E) else np.zeros(E.shape[1], np.float32)
    means: dict[str, np.ndarray] = {}
    langs = np.array([(lang or "?") for lang in languages])
    for lang in set(langs.tolist()):
        mask = langs == lang
        if mask.sum() >= min_docs:
            means[lang] = E[mask].mean(axis=0)
    return means, glob


def neutralize(
    E: np.ndarray, languages: Sequence[str | None], means: dict[str, np.ndarray], glob: np.ndarray
) -> np.ndarray:
    """Subtract each text's language mean (the global mean for rare languages)."""
    shift = np.stack([means.get(lang or "?", glob) for lang in languages]) if len(E) else glob[None, :0]
    return unit(E - shift) if len(E) else E


def fit_themes(
    texts: Sequence[str],
    E: np.ndarray,
    languages: Sequence[str | None],
    *,
    settings: Settings,
    scheme: Sequence[ThemeSchemeEntry] | None = None,
    embedder: Any = None,
    params: FitParams | None = None,
    embed_fn: Any = None,
    title: str | None = None,
) -> ThemeFit:
    """Fit themes over ``texts`` with embeddings ``E`` (unit rows).

    Args:
        texts: Anonymized texts.
        E: Their embeddings, one unit row per text.
        languages: Language code per text (None when unknown).
        settings: Pipeline settings.
        scheme: The dialogue's theme scheme, if any.
        embedder: Embedder for scheme phrases and BERTopic's backend.
        params: Fit parameters; defaults with ``settings.seed``.
        embed_fn: Function embedding a list of phrases (a cached one in the
            stage); ``embedder.embed`` when omitted.
        title: The dialogue's title; its words name no discovered theme.
    """
    import time

    params = params or FitParams.for_settings(settings)
    timings: dict[str, float] = {}
    means, glob = language_means(E, languages, params.min_language_docs)
    R = neutralize(E, languages, means, glob)
    analyzer = _analyzer(settings, texts, languages)  # one per fit: each text is lemmatized once
    if scheme:
        start = time.perf_counter()
        themes, labels, prob, protos, clf = _guided_labels(
            texts, languages, E, scheme, settings, embedder, params, embed_fn, analyzer=analyzer
        )
        timings["guided"] = time.perf_counter() - start
        labels = _discover_within(
            texts, R, prob, labels, themes, languages, settings, embedder, params, timings, analyzer=analyzer
        )
    else:
        themes, labels = _discover_all(texts, languages, R, settings, embedder, params, timings, analyzer)
        prob, protos, clf = None, None, None
    centroids = _centroids(R, labels, len(themes))
    if not scheme:
        labels = _reduce_outliers(R, labels, centroids, themes, params)
        centroids = _centroids(R, labels, len(themes))
    secondary, tertiary, scores = _secondary(R, labels, centroids, prob, themes, params)
    fit = ThemeFit(themes, labels, secondary, scores, centroids, means, glob, protos, clf, params, timings)
    fit.tertiary = tertiary
    fit.floor = member_floor(R, labels, centroids, fit.other_index(), params)
    if prob is not None:
        fit.unsure_below = float(np.quantile(prob.max(axis=1), params.novelty.unsure_quantile))
    start = time.perf_counter()
    fit.bertopic = describe(fit, texts, E, settings, embedder, languages, title, analyzer)
    timings["represent"] = time.perf_counter() - start
    return fit


def _guided_labels(texts, languages, E, scheme, settings, embedder, params, embed_fn, *, analyzer=None):
    from sklearn.feature_extraction.text import TfidfVectorizer

    from pipeline.themes.embed import get_embedder

    embed_fn = embed_fn or (embedder or get_embedder(settings)).embed
    examples = guided.load_examples(settings.models_dir)
    protos, lexdocs = guided.prototypes(scheme, embed_fn, examples)
    vec = TfidfVectorizer(analyzer=analyzer or _analyzer(settings, texts, languages), sublinear_tf=True)
    vec.fit(list(texts) + lexdocs)
    lexical = (vec.transform(texts) @ vec.transform(lexdocs).T).toarray()
    scores = guided.zero_shot_scores(E, protos, lexical, params.guided)
    prob = guided.self_train(E, scores, params.guided, params.seed)
    themes = [
        Theme(
            e.id if e.id not in guided.OTHER_IDS else OTHER,
            OTHER if e.id in guided.OTHER_IDS else "scheme",
            e.name,
            None if e.id in guided.OTHER_IDS else e.id,
        )
        for e in scheme
    ]
    if not any(t.origin == OTHER for t in themes):
        themes.append(Theme(OTHER, OTHER, "Övrigt"))
        prob = np.hstack([prob, np.zeros((len(prob), 1))])
    clf = _classifier_weights(E, prob, params)
    return themes, prob.argmax(axis=1), prob, protos, clf


def _classifier_weights(E: np.ndarray, prob: np.ndarray, params: FitParams) -> dict[str, np.ndarray]:
    """Fit the final class-balanced classifier once more and keep its weights for assigning."""
    from sklearn.linear_model import LogisticRegression

    idx, ys = guided._confident(prob, params.guided.confident_fraction)
    coef = np.zeros((prob.shape[1], E.shape[1]), np.float32)
    bias = np.full(prob.shape[1], -1e4, np.float32)
    if len(set(ys)) >= 2:
        clf = LogisticRegression(C=params.guided.regularization, max_iter=2000, class_weight="balanced")
        clf.fit(E[idx], ys)
        coef[clf.classes_] = clf.coef_ if len(clf.classes_) > 2 else np.vstack([-clf.coef_, clf.coef_])
        bias[clf.classes_] = (
            clf.intercept_ if len(clf.classes_) > 2 else np.array([-clf.intercept_[0], clf.intercept_[0]])
        )
    return {"coef": coef, "bias": bias}


def _analyzer(settings: Settings, texts: Sequence[str], languages: Sequence[str | None]) -> Callable[[str], list[str]]:
    """Return the lemma analyzer for these texts, each in its stored language (never detected again).

    It remembers each text's lemmas: a fit reads every text three or four times (scheme
    TF-IDF, lexical LSA, novelty), and lemmatizing was most of the themes stage's own CPU
    after UMAP (issue 14). The memo lives as long as the analyzer, that is one fit.
    """
    from pipeline.themes.text import make_analyzer, stop_words

    analyze = make_analyzer(stop_words(str(settings.models_dir)), dict(zip(texts, languages, strict=True)))
    memo: dict[str, list[str]] = {}

    def remembered(text: str) -> list[str]:
        lemmas = memo.get(text)
        if lemmas is None:
            lemmas = memo[text] = analyze(text)
        return list(lemmas)  # a copy: callers may change what they get

    return remembered


def _discover_within(texts, R, prob, labels, themes, languages, settings, embedder, params, timings, *, analyzer=None):
    """Cluster every text and keep the clusters the scheme lacks as discovered themes (see ``novelty``)."""
    if len(texts) < 3 * novelty.min_size(len(texts), params.novelty):
        return labels
    analyzer = analyzer or _analyzer(settings, texts, languages)
    found, _ = _cluster(list(texts), languages, R, settings, embedder, params, timings, None, analyzer)
    other = next(i for i, t in enumerate(themes) if t.origin == OTHER)
    lemmas = [set(analyzer(t)) for t in texts]
    labels = labels.copy()
    for members in novelty.new_theme_members(found, prob, labels, other, R, lemmas, languages, params.novelty):
        themes.append(Theme(f"d{sum(t.origin == 'discovered' for t in themes) + 1}", "discovered", ""))
        labels[members] = len(themes) - 1
    return labels


def _discover_all(texts, languages, R, settings, embedder, params, timings, analyzer=None):
    found, _ = _cluster(list(texts), languages, R, settings, embedder, params, timings, None, analyzer)
    ids = sorted(set(found.tolist()) - {-1})
    themes = [Theme(f"d{i + 1}", "discovered", "") for i in range(len(ids))]
    themes.append(Theme(OTHER, OTHER, "Övrigt"))
    remap = {c: i for i, c in enumerate(ids)}
    labels = np.array([remap.get(c, len(themes) - 1) for c in found.tolist()], dtype=int)
    return themes, labels


def _cluster(texts, languages, X, settings, embedder, params, timings, min_size, analyzer=None):
    """Reduce with UMAP and cluster with HDBSCAN (BERTopic's own sub-models)."""
    import time

    from pipeline.themes.jit import cache_umap_kernels

    disc = params.discovery
    if min_size:
        disc = DiscoveryParams(**{**disc.as_dict(), "min_cluster_size": min_size})
    if len(texts) <= disc.n_components + 2:
        return np.full(len(texts), -1), None
    model = make_theme_model(settings, embedder=embedder, n_docs=len(texts), seed=params.seed, params=disc)
    start = time.perf_counter()
    cache_umap_kernels()
    lexical = _with_lexical(texts, languages, X, settings, disc, params.seed, analyzer)
    reduced = reduce(model.umap_model, lexical, disc)
    timings["reduce"] = timings.get("reduce", 0.0) + time.perf_counter() - start
    start = time.perf_counter()
    labels = model.hdbscan_model.fit_predict(reduced)
    if len(set(labels.tolist()) - {-1}) < 4 and disc.cluster_selection == "eom":
        # "excess of mass" merges everything on small or flat data; leaves keep detail
        model.hdbscan_model.set_params(cluster_selection_method="leaf")
        labels = model.hdbscan_model.fit_predict(reduced)
    timings["cluster"] = timings.get("cluster", 0.0) + time.perf_counter() - start
    return np.asarray(labels, dtype=int), model


def _with_lexical(texts, languages, X, settings, disc: DiscoveryParams, seed: int, analyzer=None) -> np.ndarray:
    """Append weighted LSA features of lemma TF-IDF, so shared topic words pull texts together."""
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer

    if disc.lexical_weight <= 0 or len(texts) < 20:
        return X
    try:
        tfidf = TfidfVectorizer(
            analyzer=analyzer or _analyzer(settings, texts, languages), sublinear_tf=True, min_df=2
        ).fit_transform(texts)
    except ValueError:  # no word occurs twice
        return X
    dims = min(disc.lexical_dims, tfidf.shape[1] - 1, len(texts) - 1)
    if dims < 2:
        return X
    lsa = unit(TruncatedSVD(dims, random_state=seed).fit_transform(tfidf))
    return unit(np.hstack([X, disc.lexical_weight * lsa]))


def _centroids(R: np.ndarray, labels: np.ndarray, k: int) -> np.ndarray:
    cents = np.zeros((k, R.shape[1]), np.float32)
    for i in range(k):
        members = labels == i
        if members.any():
            cents[i] = R[members].mean(axis=0)
    return unit(cents)


def _reduce_outliers(R, labels, centroids, themes, params):
    """Move övrigt texts to their nearest theme when they are close enough.

    A text joins its nearest theme when its cosine reaches the usual
    member-to-centroid cosine (``other_floor`` at most); the floor is lowered
    further when needed to keep the övrigt share under ``max_other_share``.
    """
    other = next(i for i, t in enumerate(themes) if t.origin == OTHER)
    out = np.where(labels == other)[0]
    inside = labels != other
    if not len(out) or not inside.any():
        return labels
    sims = R[out] @ centroids.T
    sims[:, other] = -np.inf
    best = sims.argmax(axis=1)
    best_sim = sims[np.arange(len(out)), best]
    floor = member_floor(R, labels, centroids, other, params)
    allowed = int(params.max_other_share * len(labels))
    if len(out) > allowed:
        floor = min(floor, float(np.sort(best_sim)[allowed]))
    close = best_sim >= floor
    labels = labels.copy()
    labels[out[close]] = best[close]
    return labels


def member_floor(R: np.ndarray, labels: np.ndarray, centroids: np.ndarray, other: int, params: FitParams) -> float:
    """Return the cosine most members have to their theme's centroid (5th percentile)."""
    inside = labels != other
    if not inside.any():
        return params.other_floor
    own = np.einsum("ij,ij->i", R[inside], centroids[labels[inside]])
    return min(params.other_floor, float(np.quantile(own, 0.05)))


def _secondary(R, labels, centroids, prob, themes, params):
    """Pick up to two more themes per text where the evidence for each is clear (issue 13 §5)."""
    n = len(labels)
    if prob is not None and prob.shape[1] <= len(themes):
        p = np.zeros((n, len(themes)))
        p[:, : prob.shape[1]] = prob
    else:
        p = np.clip(R @ centroids.T, 0, None) ** 8
        p = p / np.maximum(p.sum(axis=1, keepdims=True), 1e-9)
    scores = p[np.arange(n), labels]
    other = next(i for i, t in enumerate(themes) if t.origin == OTHER)
    secondary, tertiary = extra_themes(p, labels, other, params)
    return secondary, tertiary, scores


def extra_themes(p: np.ndarray, labels: np.ndarray, other: int, params: FitParams) -> tuple[np.ndarray, np.ndarray]:
    """Return the second and third theme per text (index into themes, -1 for none).

    Each must pass the same bar: probability at least ``secondary_min`` and at least
    ``secondary_ratio`` of the main theme's. Övrigt is never an extra theme, and a text
    whose main theme is övrigt gets none. The third needs a second (it is never stronger).
    """
    n = len(labels)
    if n == 0:
        empty = np.zeros(0, int)
        return empty, empty.copy()
    rows = np.arange(n)
    top = np.maximum(p[rows, labels], 1e-9)
    masked = p.copy()
    masked[rows, labels] = -1
    masked[:, other] = -1
    picks: list[np.ndarray] = []
    for _ in range(2):
        best = masked.argmax(axis=1)
        val = masked[rows, best]
        clear = (val >= params.secondary_min) & (val >= params.secondary_ratio * top) & (labels != other)
        if picks:
            clear &= picks[-1] >= 0
        picks.append(np.where(clear, best, -1))
        masked[rows, best] = -1
    return picks[0], picks[1]


def describe(
    fit: ThemeFit,
    texts: Sequence[str],
    E: np.ndarray,
    settings: Settings,
    embedder: Any,
    languages: Sequence[str | None] | None = None,
    title: str | None = None,
    analyzer: Callable[[str], list[str]] | None = None,
) -> Any:
    """Compute keywords (each text in its own language) and labels for every theme with a manual BERTopic.

    ``analyzer`` is the fit's lemma analyzer, whose memo already holds every text's lemmas.
    """
    from pipeline.themes.labels import shared_keywords, theme_label, title_words, written_keywords
    from pipeline.themes.model import make_theme_model

    by_text = dict(zip(texts, languages, strict=True)) if languages is not None else None
    model = make_theme_model(
        settings, embedder=embedder, manual=True, seed=fit.params.seed, params=fit.params.discovery, languages=by_text
    )
    model.fit(list(texts), embeddings=E, y=fit.labels)
    # BERTopic renumbers topics by size; map ours through the first member of each.
    first = {int(lab): int(top) for lab, top in zip(fit.labels[::-1], np.asarray(model.topics_)[::-1], strict=True)}
    for i, theme in enumerate(fit.themes):
        words = model.get_topic(first[i]) if i in first else []
        words = words or []
        members = [texts[j] for j in np.where(fit.labels == i)[0]]
        found = [w for w, _ in words if w][: fit.params.discovery.top_n_words]
        theme.keywords = written_keywords(
            shared_keywords(found, members, str(settings.models_dir), by_text, analyzer), members, by_text
        )
        if not theme.label:
            label = theme_label(theme.keywords, members, str(settings.models_dir), by_text, title_words(title))
            theme.label = label or f"Tema {theme.key}"
    return model


def label_from_keywords(keywords: list[str]) -> str:
    """Return a readable Swedish label such as ``Hund, koppel och rastgård``."""
    words = [k for k in keywords if k][:3]
    if not words:
        return ""
    text = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " och " + words[-1]
    return text[:1].upper() + text[1:]

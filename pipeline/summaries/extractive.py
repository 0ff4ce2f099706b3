"""Extractive summaries: representative statements chosen with MMR over sub-views.

The theme's members are split into sub-views with k-means on their vectors.
Each sub-view, the smallest (minority) ones included, contributes one
statement chosen by maximal marginal relevance: close to the sub-view's
centre, far from what is already chosen. A statement is one verbatim sentence
of a member, so every sentence of the summary can be checked word for word.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import TfidfVectorizer

from pipeline.summaries.text import clip, has_placeholder, split_sentences, tokens

METHOD = "extractive.v1"
DEFAULT_PARAMS: dict[str, Any] = {"mmr_lambda": 0.7, "max_sentences": 6, "min_sentences": 3, "n_quotes": 5}
LANGUAGE_NAMES = {
    "en": "engelska",
    "ar": "arabiska",
    "so": "somaliska",
    "fi": "finska",
    "fa": "persiska",
    "ti": "tigrinja",
    "tr": "turkiska",
    "pl": "polska",
    "de": "tyska",
    "es": "spanska",
    "bs": "bosniska",
    "sr": "serbiska",
    "hr": "kroatiska",
    "ku": "kurdiska",
    "uk": "ukrainska",
    "ru": "ryska",
    "zh": "kinesiska",
    "fr": "franska",
    "no": "norska",
    "da": "danska",
}
_QUOTE_CHARS = set('”“«»"')
_LEANING_STARTS = frozenset(
    "annars men och så då det detta dessutom också sedan sen därför alltså eller but and so also that this then".split()
)


def text_vectors(texts: list[str]) -> np.ndarray:
    """Return unit TF-IDF vectors (character n-grams): the fallback when embeddings are missing."""
    if len(texts) == 1:
        return np.ones((1, 1), dtype=np.float32)
    matrix = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), min_df=1).fit_transform(texts)
    return np.asarray(matrix.toarray(), dtype=np.float32)


def n_sentences(size: int, params: dict[str, Any]) -> int:
    """Return how many summary sentences a theme of ``size`` members gets."""
    lo, hi = params["min_sentences"], params["max_sentences"]
    target = lo if size < 20 else lo + 1 if size < 60 else lo + 2 if size < 200 else hi
    return max(1, min(size, target, hi))


def sub_views(vectors: np.ndarray, k: int, seed: int) -> np.ndarray:
    """Return a sub-view label per member (k-means, deterministic for ``seed``).

    Wide vectors are first randomly projected to 48 dimensions (distances are
    kept closely, Johnson–Lindenstrauss), and k-means runs on one thread: per
    theme the problem is small, and on a busy 2-core machine extra BLAS/OpenMP
    threads only fight each other (measured: ten times slower).
    """
    from threadpoolctl import threadpool_limits

    if k <= 1 or len(vectors) <= k:
        return np.arange(len(vectors)) if len(vectors) <= k else np.zeros(len(vectors), dtype=int)
    with threadpool_limits(limits=1):
        points = vectors
        if points.shape[1] > 48:
            projection = np.random.default_rng(seed).normal(size=(points.shape[1], 48)).astype(np.float32)
            points = points @ projection / np.sqrt(48)
        return KMeans(n_clusters=k, random_state=seed, n_init=3).fit_predict(points)


def mmr_pick(vectors: np.ndarray, candidates: list[int], centre: np.ndarray, chosen: list[int], lam: float) -> int:
    """Return the candidate with the best maximal-marginal-relevance score."""
    relevance = vectors[candidates] @ centre
    if chosen:
        redundancy = (vectors[candidates] @ vectors[chosen].T).max(axis=1)
    else:
        redundancy = np.zeros(len(candidates))
    scores = lam * relevance - (1 - lam) * redundancy
    return candidates[int(np.argmax(scores))]


def _statement_score(sentence: str, keywords: set[str]) -> float:
    words = tokens(sentence)
    # Keywords match on a 5-letter stem too: "cyklat" and "cyklisterna" count for "cykla".
    stems = {k[:5] for k in keywords if len(k) >= 5}
    hits = sum(1 for w in words if w in keywords or w[:5] in stems)
    score = hits + min(len(words), 15) / 15
    first = sentence.split(maxsplit=1)[0].lower().strip(",:;") if sentence.strip() else ""
    # A sentence that leans on the one before it ("Annars …", "Men det …") says little alone.
    score -= 1.5 if first in _LEANING_STARTS else 0.0
    return score - (2.0 if has_placeholder(sentence) else 0.0)


def best_statement(text: str, keywords: set[str], limit: int = 300) -> str | None:
    """Return the member's most telling verbatim statement: the whole comment when short, else its best sentence."""
    whole = text.strip()
    if 15 <= len(whole) <= 220 and "\n" not in whole and not _QUOTE_CHARS & set(whole):
        return whole
    best, best_score = None, float("-inf")
    sentences = [s for s in split_sentences(text) if not _QUOTE_CHARS & set(s) and len(s) >= 3]
    long_enough = [s for s in sentences if len(s) >= 15]
    for sentence in long_enough or sentences:  # "Bra!" is quotable when nothing longer is
        score = _statement_score(sentence, keywords)
        if score > best_score:
            best, best_score = sentence, score
    return None if best is None else clip(best, limit)


def _amount(n: int, total: int) -> str:
    share = round(100 * n / total) if total else 0
    if n == 1:
        return "En synpunkt"
    word = "Många" if share >= 40 else "Flera" if share >= 15 else "Några"
    return f"{word} ({n} st, {share} %)"


def sentence_for(statement: str, member: dict[str, Any], n: int, total: int) -> str:
    """Frame one verbatim statement as a Swedish summary sentence."""
    lang = (member.get("language") or "sv").lower()
    note = f" (på {LANGUAGE_NAMES[lang]})" if lang in LANGUAGE_NAMES else ""
    verb = "tar upp" if n == 1 else "tar upp, som här"
    return f"{_amount(n, total)} {verb}{note}: ”{statement}”"


def _is_swedish(member: dict[str, Any]) -> bool:
    return (member.get("language") or "sv").lower() in ("sv", "")


def _unit(vector: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else vector


def _support(vectors: np.ndarray, group: list[int], pick: int, limit: int = 4) -> list[int]:
    others = [i for i in group if i != pick]
    if not others:
        return []
    sims = vectors[others] @ vectors[pick]
    return [others[j] for j in np.argsort(-sims, kind="stable")[:limit]]


def choose_sentences(
    members: list[dict[str, Any]],
    vectors: np.ndarray,
    statements: list[str | None],
    params: dict[str, Any],
    seed: int,
) -> list[dict[str, Any]]:
    """Return 1–6 cited summary sentences, one per sub-view, largest sub-view first."""
    k = n_sentences(len(members), params)
    labels = sub_views(vectors, k, seed)
    groups = sorted(
        ([i for i in range(len(members)) if labels[i] == g] for g in set(labels.tolist())),
        key=lambda g: (-len(g), g[0]),
    )
    chosen: list[int] = []
    sentences = []
    for group in groups:
        candidates = [i for i in group if statements[i]]
        swedish = [i for i in candidates if _is_swedish(members[i])]
        if 2 * len(swedish) >= len(candidates) and swedish:
            candidates = swedish  # Swedish output; other languages get their own quote
        if not candidates:
            continue
        centre = _unit(vectors[group].mean(axis=0))
        pick = mmr_pick(vectors, candidates, centre, chosen, params["mmr_lambda"])
        chosen.append(pick)
        cited = [pick, *_support(vectors, group, pick)]
        text = sentence_for(clip(str(statements[pick]), 240), members[pick], len(group), len(members))
        sentences.append({"text": text, "citations": [members[i]["id"] for i in cited], "sub_view_size": len(group)})
    return sentences


def choose_quotes(
    members: list[dict[str, Any]],
    vectors: np.ndarray,
    statements: list[str | None],
    used: set[str],
    params: dict[str, Any],
) -> list[dict[str, Any]]:
    """Return 3–5 diverse verbatim quotes, one in another language when the theme has any."""
    want = min(params["n_quotes"], len(members))
    quotable = {i: q for i, q in enumerate(statements) if q and not has_placeholder(q)}
    fresh = [i for i in quotable if members[i]["id"] not in used] or list(quotable)
    centre = _unit(vectors.mean(axis=0))
    chosen: list[int] = []
    foreign = [i for i in fresh if (members[i].get("language") or "sv").lower() in LANGUAGE_NAMES]
    if foreign and want > 1:
        chosen.append(mmr_pick(vectors, foreign, centre, [], params["mmr_lambda"]))
    seen = {quotable[i].casefold() for i in chosen}
    while len(chosen) < want:
        candidates = [i for i in fresh if i not in chosen and quotable[i].casefold() not in seen]
        if not candidates:
            break
        chosen.append(mmr_pick(vectors, candidates, centre, chosen, 0.5))
        seen.add(quotable[chosen[-1]].casefold())
    if foreign and len(chosen) > 1:
        chosen = chosen[1:] + chosen[:1]  # the other-language quote goes last
    return [
        {"text": quotable[i], "submission_id": members[i]["id"], "language": members[i].get("language") or "sv"}
        for i in chosen
    ]


def summarize_extractive(
    members: list[dict[str, Any]],
    vectors: np.ndarray | None,
    keywords: list[str],
    params: dict[str, Any],
    seed: int,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Build the extractive sentences and quotes for one theme's members."""
    if not members:
        return [], []
    if vectors is None:
        vectors = text_vectors([m["text"] for m in members])
    kw = {k.lower() for k in keywords}
    statements = [best_statement(m["text"], kw) for m in members]
    sentences = choose_sentences(members, vectors, statements, params, seed)
    used = {s["citations"][0] for s in sentences}
    return sentences, choose_quotes(members, vectors, statements, used, params)

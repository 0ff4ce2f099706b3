"""Features for the stance classifier: lemmas, cue-word counts and topic templates.

Three kinds of evidence describe a sentence's position toward a topic:

* its lemma unigrams and bigrams (TF-IDF), strong for topics seen in training;
* counts of Swedish cue words and phrases (praise, objection, negation), from
  ``rules/stance/sv.yaml``;
* topic-relative template scores: the similarity of the sentence, embedded as an
  e5 *passage*, to short statements for the topic embedded as e5 *queries*
  ("query: {t} är bra") minus that to statements against it ("{t} är dåligt").
  e5 was trained to match queries to the passages that answer them, and this
  asymmetric use carried over to unseen topics better than query-to-query
  similarity (leave-one-topic-out macro-F1 0.547 against 0.538 on the training
  split). Only these carry over to a topic the model never saw.

Everything here is a pure function of texts and vectors.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import yaml
from scipy.sparse import csr_matrix

from pipeline.errors import ConfigError

LEXICON_PATH = Path(__file__).resolve().parent / "rules" / "stance" / "sv.yaml"
WORD_CLASSES = ("positive", "negative", "negation", "support", "oppose", "argue")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
NEGATION_WINDOW = 3  # a negation turns the next few words around ("inte särskilt bra")

Embed = Callable[[Sequence[str]], np.ndarray]


@dataclass(frozen=True)
class Lexicon:
    """Cue words (as lemmas), phrases, and the for/against and neutral templates."""

    words: dict[str, frozenset[str]]
    positive_phrases: tuple[str, ...]
    negative_phrases: tuple[str, ...]
    templates: tuple[tuple[str, str], ...]
    neutral: tuple[str, ...]
    version: int


@cache
def load_lexicon(path: Path = LEXICON_PATH) -> Lexicon:
    """Load and validate the stance cue file.

    Raises:
        ConfigError: the file is missing, not YAML, or a key is missing or malformed.
    """
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"stance cue file {path} cannot be read ({type(exc).__name__}); restore it") from None
    if not isinstance(data, dict):
        raise ConfigError(f"stance cue file {path} must be a mapping of keys to lists")
    lists = {key: _strings(path, data, key) for key in (*WORD_CLASSES, "positive_phrases", "negative_phrases")}
    templates = data.get("templates")
    if not (isinstance(templates, list) and templates and all(_is_pair(p) for p in templates)):
        raise ConfigError(f"stance cue file {path}: 'templates' must be a list of [for, against] pairs with {{t}}")
    words = {
        key: frozenset(w for word in lists[key] for w in (word.lower(), lemma(word.lower()))) for key in WORD_CLASSES
    }
    return Lexicon(
        words=words,
        positive_phrases=tuple(p.lower() for p in lists["positive_phrases"]),
        negative_phrases=tuple(p.lower() for p in lists["negative_phrases"]),
        templates=tuple((str(a), str(b)) for a, b in templates),
        neutral=tuple(_strings(path, data, "neutral")),
        version=int(data.get("version", 1)),
    )


def _strings(path: Path, data: dict, key: str) -> list[str]:
    value = data.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(f"stance cue file {path}: {key!r} must be a list of non-empty strings")
    return [v.strip() for v in value]


def _is_pair(pair: object) -> bool:
    return isinstance(pair, list) and len(pair) == 2 and all(isinstance(p, str) and "{t}" in p for p in pair)


@cache
def lemma(word: str) -> str:
    """Return the Swedish lemma of a lower-case word (simplemma; unknown words unchanged)."""
    import simplemma

    return str(simplemma.lemmatize(word, lang="sv"))


def lemmas(text: str) -> list[str]:
    """Return the lemmas of the words in ``text``, lower-cased, in order."""
    return [lemma(w.lower()) for w in _WORD.findall(text)]


def analyze(text: str) -> list[str]:
    """Return the TF-IDF terms of ``text``: lemma unigrams and bigrams (words of 2+ letters)."""
    words = [w for w in lemmas(text) if len(w) > 1]
    return words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]


def cue_features(sentences: Sequence[str], lexicon: Lexicon) -> np.ndarray:
    """Return one row of cue-word counts (log1p) per sentence, plus length and a polarity score."""
    return np.array([_cue_row(s, lexicon) for s in sentences], dtype=np.float64).reshape(len(sentences), -1)


def _cue_row(sentence: str, lexicon: Lexicon) -> list[float]:
    words = lemmas(sentence)
    counts = dict.fromkeys(WORD_CLASSES, 0)
    flipped_pos = flipped_neg = 0
    for i, word in enumerate(words):
        for key, members in lexicon.words.items():
            counts[key] += word in members
        negated = any(w in lexicon.words["negation"] for w in words[max(0, i - NEGATION_WINDOW) : i])
        flipped_pos += negated and word in lexicon.words["positive"]
        flipped_neg += negated and word in lexicon.words["negative"]
    low = sentence.lower()
    pos_phrases = sum(p in low for p in lexicon.positive_phrases)
    neg_phrases = sum(p in low for p in lexicon.negative_phrases)
    raw = [counts[k] for k in WORD_CLASSES] + [flipped_pos, flipped_neg, pos_phrases, neg_phrases]
    polarity = counts["positive"] - counts["negative"] - 2 * flipped_pos + 2 * flipped_neg + pos_phrases - neg_phrases
    n = max(len(words), 1)
    return [float(np.log1p(x)) for x in raw] + [float(np.log1p(n)), polarity / float(np.sqrt(n))]


def tfidf(sentences: Sequence[str], vocabulary: dict[str, int], idf: np.ndarray) -> csr_matrix:
    """Return L2-normalised sublinear TF-IDF rows over a fixed vocabulary (as sklearn's, without pickle)."""
    data: list[float] = []
    cols: list[int] = []
    indptr = [0]
    for sentence in sentences:
        counts: dict[int, int] = {}
        for term in analyze(sentence):
            j = vocabulary.get(term)
            if j is not None:
                counts[j] = counts.get(j, 0) + 1
        idx = np.fromiter(counts, dtype=np.int64, count=len(counts))
        vals = (1.0 + np.log(np.fromiter(counts.values(), dtype=np.float64, count=len(counts)))) * idf[idx]
        norm = float(np.linalg.norm(vals)) or 1.0
        cols.extend(idx.tolist())
        data.extend((vals / norm).tolist())
        indptr.append(len(cols))
    return csr_matrix((data, cols, indptr), shape=(len(sentences), len(vocabulary)), dtype=np.float64)


@dataclass(frozen=True)
class TopicTemplates:
    """A topic's embedded for and against statements (queries) and neutral ones (passages)."""

    pro: np.ndarray
    con: np.ndarray
    neutral: np.ndarray


def embed_templates(topic: str, lexicon: Lexicon, embed: Embed, embed_passage: Embed) -> TopicTemplates:
    """Embed the lexicon's templates filled in with ``topic``.

    The for and against statements are queries (``embed``); the neutral ones stand
    for sentences, so they are passages (``embed_passage``) like the sentences they centre.
    """
    k = len(lexicon.templates)
    texts = [p.format(t=topic) for p, _ in lexicon.templates] + [c.format(t=topic) for _, c in lexicon.templates]
    vecs = np.asarray(embed(texts), dtype=np.float64)
    neutral = np.asarray(embed_passage([n.format(t=topic) for n in lexicon.neutral]), dtype=np.float64)
    return TopicTemplates(pro=vecs[:k], con=vecs[k:], neutral=neutral)


def template_scores(passages: np.ndarray, templates: TopicTemplates, shrink: float) -> np.ndarray:
    """Return the for-minus-against similarity of each sentence's passage vector per template, centred for the batch.

    The raw score has an offset that depends on how the topic's words sit in the
    embedding space, so it is centred: on the batch's own mean when the batch is
    large, on the neutral statements' score when it is small (a weighted mix of
    the two, ``shrink`` being the neutral statements' weight in sentences).
    """
    vectors = np.asarray(passages, dtype=np.float64)
    raw = vectors @ templates.pro.T - vectors @ templates.con.T
    neutral = (templates.neutral @ templates.pro.T - templates.neutral @ templates.con.T).mean(axis=0)
    centre = (raw.sum(axis=0) + shrink * neutral) / (len(raw) + shrink)
    return raw - centre

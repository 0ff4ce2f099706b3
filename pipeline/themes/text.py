"""Swedish-aware text handling for themes: stop words, lemmas, the vectorizer.

Keywords are counted over simplemma lemmas so that *cykelbanan* and
*cykelbanor* count as one word. Stop words are checked on the surface form
*before* lemmatizing, because simplemma maps the auxiliary *ska* to *skola*
(school), which must survive as a keyword.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

MUNICIPAL_STOP_FILE = "stopwords_municipal.txt"
_TOKEN = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)
# Lemmas simplemma gets wrong for keyword purposes (it maps these to another word).
_LEMMA_FIXES = {"äldre": "äldre", "ska": "", "skulle": ""}
# Words that the spaCy list lacks but that carry no theme.
_EXTRA_STOP = {"är", "ska", "skulle", "kommer", "finns", "också", "the", "and", "is", "are"}


@lru_cache(maxsize=4)
def stop_words(models_dir: str | None = None) -> frozenset[str]:
    """Return Swedish + English stop words plus the shipped municipal list.

    Args:
        models_dir: Directory holding ``themes/stopwords_municipal.txt``; the
            municipal list is skipped when it is absent.
    """
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
    from spacy.lang.sv.stop_words import STOP_WORDS

    words = set(STOP_WORDS) | set(ENGLISH_STOP_WORDS) | _EXTRA_STOP
    if models_dir:
        path = Path(models_dir) / "themes" / MUNICIPAL_STOP_FILE
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                line = line.strip().lower()
                if line and not line.startswith("#"):
                    words.add(line)
    return frozenset(words)


def make_analyzer(stop: frozenset[str]) -> Callable[[str], list[str]]:
    """Return a tokenizer that yields lower-case lemmas without stop words.

    Lemmas come from simplemma (Swedish first, then English); å, ä and ö are kept.
    """
    import simplemma

    cache: dict[str, str] = {}

    def lemma(word: str) -> str:
        if word not in cache:
            fixed = _LEMMA_FIXES.get(word)
            cache[word] = fixed if fixed is not None else simplemma.lemmatize(word, lang=("sv", "en")).lower()
        return cache[word]

    def analyze(text: str) -> list[str]:
        out = []
        for match in _TOKEN.finditer(text.lower()):
            word = match.group(0)
            if len(word) < 3 or word in stop:
                continue
            lem = lemma(word)
            if lem and len(lem) > 2 and lem not in stop:
                out.append(lem)
        return out

    return analyze


def make_vectorizer(models_dir: str | None, *, min_df: int | float = 2, ngram_range: tuple[int, int] = (1, 2)):
    """Return a CountVectorizer over lemmas with Swedish and municipal stop words.

    Bigrams are built from the lemma stream, so "särskilt boende" survives as a
    phrase while its stop words are gone.
    """
    from sklearn.feature_extraction.text import CountVectorizer

    analyze = make_analyzer(stop_words(models_dir))

    def with_ngrams(text: str) -> list[str]:
        lemmas = analyze(text)
        grams = list(lemmas)
        if ngram_range[1] >= 2:
            grams += [f"{a} {b}" for a, b in zip(lemmas, lemmas[1:], strict=False)]
        return grams

    return CountVectorizer(analyzer=with_ngrams, min_df=min_df)

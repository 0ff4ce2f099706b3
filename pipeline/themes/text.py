"""Language-aware text handling for themes: stop words, lemmas, the vectorizer.

Keywords are counted over simplemma lemmas so that *cykelbanan* and
*cykelbanor* count as one word. Each text is lemmatized in its own language
(the language stored at anonymization, or the same detector's answer when the
caller has none), never in Swedish by default: the Swedish dictionary reads the
English *road* as a form of *roa* and *river* as *riva*. A language simplemma
lacks (Somali, Tigrinya) is not lemmatized at all.

Stop words are checked on the surface form *before* lemmatizing, because
simplemma maps the Swedish auxiliary *ska* to *skola* (school), which must
survive as a keyword. Anonymization placeholders (``[NAMN 1]``, ``[E-POST]``)
are removed before tokenizing and their words are stop words in every
language, so a placeholder never becomes a keyword.
"""

from __future__ import annotations

import importlib
import re
from collections import Counter
from collections.abc import Callable, Mapping
from functools import lru_cache
from pathlib import Path

MUNICIPAL_STOP_FILE = "stopwords_municipal.txt"
# Further consultation words per language: models/themes/stopwords_<lang>.txt.
LANGUAGE_STOP_FILE = "stopwords_{lang}.txt"
_TOKEN = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)
# The anonymizer's placeholders (pipeline/anonymize/operators.py) and other tools' ([PERSON], <EMAIL>, [NAMN_1]).
PLACEHOLDER = re.compile(
    r"\[(?:NAMN(?: \d+)?|PERSONNUMMER|TELEFON|E-POST|ADRESS|REGNR)\]|[\[<{][A-ZÅÄÖ][A-ZÅÄÖ_0-9 -]{2,}[\]>}]"
)
# Words of the placeholders, in case a tool lower-cased or unbracketed them ("namn telefon").
PLACEHOLDER_WORDS = frozenset({"namn", "personnummer", "telefon", "e-post", "epost", "adress", "regnr"})
# Lemmas simplemma gets wrong for keyword purposes (it maps these to another word), per language.
_LEMMA_FIXES = {"sv": {"äldre": "äldre", "ska": "", "skulle": "", "buss": "buss", "bussar": "buss", "bussa": "buss"}}
# Words the spaCy lists lack but that carry no theme.
_EXTRA_STOP = {
    "sv": {"är", "ska", "skulle", "kommer", "finns", "också"},
    # with adverbs that named a Bowling Green theme ("Speed internet, cell och particularly")
    "en": set(
        "the and is are would could should also really just "
        "particularly especially currently completely definitely actually probably".split()
    ),
    # the gender suffix of "Bürger*innen" / "Mieter:innen", split off by the tokenizer ("Innen, Klimarat …"),
    # and English in German sentences ("Fridays for Future": "Alt, fragen och for")
    "de": {"innen", "for", "the", "of", "and", "to"},
}
_SOMALI_STOP = (
    "waa iyo ka ku oo u la ayaa aan si ee baa waxaa ma uu ay in waxa laakiin haddii sidoo kale "
    "wax aad ah ahaa ahay kuma kama maxaa sababtoo jiro jira badan"
)
DEFAULT_LANGUAGE = "sv"


class StopWords(frozenset):
    """Stop words of every language (as a set) plus the list of each language.

    Callers that only test membership see the union; the analyzer asks
    :meth:`for_language` so that a Swedish stop word does not remove an
    English content word and the other way round.
    """

    by_language: dict[str, frozenset[str]]
    common: frozenset[str]

    def __new__(cls, by_language: Mapping[str, frozenset[str]], common: frozenset[str]) -> StopWords:
        """Build the union and keep the per-language lists."""
        union: set[str] = set(common)
        for words in by_language.values():
            union |= words
        self = super().__new__(cls, union)
        self.by_language = dict(by_language)
        self.common = common
        return self

    def for_language(self, lang: str | None) -> frozenset[str]:
        """Return the stop words for texts in ``lang`` (Swedish and English for an unknown one)."""
        if lang in self.by_language:
            return self.by_language[lang] | self.common
        return self.by_language.get("sv", frozenset()) | self.by_language.get("en", frozenset()) | self.common


def _read_list(path: Path) -> set[str]:
    if not path.exists():
        return set()
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip().lower()
        if line and not line.startswith("#"):
            words.add(line)
    return words


def _spacy_list(lang: str) -> set[str]:
    if lang == "so":
        return set(_SOMALI_STOP.split())
    try:
        return set(importlib.import_module(f"spacy.lang.{lang}.stop_words").STOP_WORDS)
    except ImportError:
        return set()


@lru_cache(maxsize=4)
def stop_words(models_dir: str | None = None) -> StopWords:
    """Return the stop words of each language plus the shipped municipal lists.

    Args:
        models_dir: Directory holding ``themes/stopwords_municipal.txt`` (Swedish
            consultation words, applied to every language because residents write
            *kommunen* in any language) and ``themes/stopwords_<lang>.txt``; the
            lists are skipped when absent.
    """
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    from pipeline.anonymize.language import LANGUAGES

    themes_dir = Path(models_dir) / "themes" if models_dir else None
    common = set(PLACEHOLDER_WORDS)
    if themes_dir:
        common |= _read_list(themes_dir / MUNICIPAL_STOP_FILE)
    by_language = {}
    for lang in sorted(set(LANGUAGES) | {"ti", "da", "nb", "fr", "ru"}):
        words = _spacy_list(lang) | _EXTRA_STOP.get(lang, set())
        if lang == "en":
            words |= set(ENGLISH_STOP_WORDS)
        if themes_dir:
            words |= _read_list(themes_dir / LANGUAGE_STOP_FILE.format(lang=lang))
        by_language[lang] = frozenset(w.lower() for w in words)
    return StopWords(by_language, frozenset(common))


@lru_cache(maxsize=50_000)
def text_language(text: str) -> str:
    """Return the language of an anonymized text as the anonymize stage decided it.

    This is the detector that fills ``submissions.language``, so for a text
    whose channel gave no language it returns the stored value; callers that
    have the stored language pass it to :func:`make_analyzer` instead.
    """
    from pipeline.anonymize.language import detect_language

    return detect_language(text)


@lru_cache(maxsize=1)
def _lemma_languages() -> frozenset[str]:
    from simplemma.strategies.dictionaries.dictionary_factory import SUPPORTED_LANGUAGES

    return frozenset(SUPPORTED_LANGUAGES)


def lemmatizer(lang: str | None) -> Callable[[str], str]:
    """Return a lower-case lemmatizer for ``lang``; the identity for languages simplemma lacks."""
    import simplemma

    code = {"bs": "hbs", "hr": "hbs", "sr": "hbs", "no": "nb"}.get(lang or "", lang or "")
    fixes = _LEMMA_FIXES.get(code, {})
    if code not in _lemma_languages():
        return lambda word: fixes.get(word, word)
    cache: dict[str, str] = {}

    def lemma(word: str) -> str:
        if word not in cache:
            fixed = fixes.get(word)
            cache[word] = fixed if fixed is not None else simplemma.lemmatize(word, lang=code).lower()
        return cache[word]

    return lemma


def lower_words(text: str) -> list[str]:
    """Return the lower-case words of ``text``, placeholders left out."""
    return [m.group(0) for m in _TOKEN.finditer(PLACEHOLDER.sub(" ", text).lower())]


def make_analyzer(
    stop: frozenset[str], languages: Mapping[str, str | None] | None = None, *, joined: bool = False
) -> Callable[[str], list[str]]:
    """Return a tokenizer that yields lower-case lemmas without stop words or placeholders.

    Args:
        stop: Stop words; a :class:`StopWords` gives each language its own list.
        languages: The stored language per text (text → code); texts missing
            from it get :func:`text_language`.
        joined: The analyzer is given BERTopic's c-TF-IDF documents: a theme's texts
            joined into one (newlines made spaces), which is no text of ``languages``.
            Each word is then read in the language of the texts that use it most, so an
            English *bus* stays *bus* (not the Swedish *busa*) and *and* is a stop word
            inside a mostly Swedish theme.
    """
    per_language = isinstance(stop, StopWords)
    lemmatizers: dict[str, Callable[[str], str]] = {}
    stops: dict[str, frozenset[str]] = {}
    word_language: dict[str, str] = {}

    def tools(lang: str) -> tuple[Callable[[str], str], frozenset[str]]:
        if lang not in lemmatizers:
            lemmatizers[lang] = lemmatizer(lang)
            stops[lang] = stop.for_language(lang) if per_language else stop  # type: ignore[attr-defined]
        return lemmatizers[lang], stops[lang]

    def keep(word: str, lang: str) -> str | None:
        lemma, words = tools(lang)
        if len(word) < 3 or word in words:
            return None
        lem = lemma(word)
        return lem if lem and len(lem) > 2 and lem not in words else None

    def analyze(text: str) -> list[str]:
        lang = (languages or {}).get(text)
        words = lower_words(text)
        if joined and languages:
            if not word_language:
                word_language.update(_word_languages(languages))
            kept = (keep(w, word_language.get(w) or word_language[""]) for w in words)
        else:
            lang = lang or text_language(text)
            kept = (keep(w, lang) for w in words)
        return [lem for lem in kept if lem]

    return analyze


def _word_languages(languages: Mapping[str, str | None]) -> dict[str, str]:
    """Return each word's language: the one most of the texts using it are in (ties: the larger language).

    The key ``""`` holds the language most texts are in, for a word no text has.
    """
    by_word: dict[str, Counter[str]] = {}
    sizes: Counter[str] = Counter()
    for text, stored in languages.items():
        lang = stored or text_language(text)
        sizes[lang] += 1
        for word in set(lower_words(text)):
            by_word.setdefault(word, Counter())[lang] += 1
    out = {word: max(counts, key=lambda lang: (counts[lang], sizes[lang])) for word, counts in by_word.items()}
    out[""] = sizes.most_common(1)[0][0] if sizes else "sv"
    return out


def make_vectorizer(models_dir: str | None, *, min_df: int | float = 2, ngram_range: tuple[int, int] = (1, 2)):
    """Return a CountVectorizer over lemmas with each language's and the municipal stop words.

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

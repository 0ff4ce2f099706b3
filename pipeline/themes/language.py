"""A small, offline language guess from function words, for texts that arrive without a language.

Themes subtract each language's mean embedding so that comments group by what
they say rather than the language they are written in; that needs a language
per text. Channels rarely say, so this guesses one from the share of a text's
words found in spaCy's stop-word lists (shipped with spaCy, nothing to
download), plus a short Somali list, which spaCy lacks. Arabic, Persian and
Tigrinya are told apart by script and stop words. A text with too few known
words gets ``None`` (the corpus mean is used for it).
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Sequence
from functools import lru_cache

# Languages residents of a Swedish municipality write in most often, beside Swedish.
LANGUAGES = ("sv", "en", "fi", "de", "fr", "es", "pl", "tr", "ar", "fa", "ti", "ru")
_SOMALI = frozenset(
    "waa iyo ka ku oo u la ayaa aan si ee baa waxaa ma uu ay in waxa laakiin haddii sidoo kale "
    "wax aad ah ahaa ahay kuma kama maxaa sababtoo jiro jira badan".split()
)
_TOKEN = re.compile(r"[^\W\d_]+", re.UNICODE)
# Scripts that settle the language alone (or narrow it to the languages listed first).
_SCRIPTS = (
    (re.compile(r"[\u0600-\u06FF]"), ("ar", "fa")),
    (re.compile(r"[\u1200-\u137F]"), ("ti",)),
    (re.compile(r"[\u0400-\u04FF]"), ("ru",)),
)


@lru_cache(maxsize=1)
def _lists() -> dict[str, frozenset[str]]:
    lists = {lang: frozenset(importlib.import_module(f"spacy.lang.{lang}.stop_words").STOP_WORDS) for lang in LANGUAGES}
    lists["so"] = _SOMALI
    return lists


def guess_language(text: str, min_hits: int = 2) -> str | None:
    """Return the language code whose function words cover most of ``text``, or None."""
    words = [w.lower() for w in _TOKEN.findall(text or "")]
    if not words:
        return None
    letters = sum(len(w) for w in words)
    for pattern, langs in _SCRIPTS:
        if len(pattern.findall(text)) * 2 > letters:
            return max(langs, key=lambda lang: (sum(w in _lists()[lang] for w in words), -langs.index(lang)))
    best, best_hits = None, 0
    for lang, stops in _lists().items():
        hits = sum(w in stops for w in words)
        if hits > best_hits:
            best, best_hits = lang, hits
    return best if best_hits >= min_hits else None


def fill_languages(texts: Sequence[str], languages: Sequence[str | None]) -> list[str | None]:
    """Return ``languages`` with the missing ones guessed from ``texts``."""
    return [lang or guess_language(text) for text, lang in zip(texts, languages, strict=True)]

"""Texts in languages that do not capitalise nouns: Somali, Kurmanji and Tigrinya in Latin letters (issue 15 §2).

In a Somali sentence ("Walaashay Ruqiyo ayaa igu tiri …") a capitalised word inside the sentence
is a name or a place, because ordinary words are written in lower case. The Swedish lists miss
many of these residents' names, so such a word is taken as a name when no list knows it as a
word, a place or a function word. A text counts as written in one of these languages when its
own function words (``rules/names/function_words.yaml``, section ``own``; only those longer than
two letters that are no Swedish stop word, so "in", "de" and "min" do not count) make up a fifth
of its words, with at least two different ones, and Swedish stop words are rarer than them.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from pipeline.anonymize.names.lexicon import RULES_DIR

LANGUAGES = ("somali", "kurdish", "tigrinya_latin")
SHARE = 0.2
MIN_HITS = 2


@lru_cache(maxsize=2)
def unmarked_words(path: Path = RULES_DIR / "function_words.yaml") -> frozenset[str]:
    """Function words of the languages that write ordinary words in lower case."""
    own = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("own", {})
    return frozenset(w.lower() for lang in LANGUAGES for w in own.get(lang, []) if isinstance(w, str))


def writes_nouns_lower(lower: list[str], swedish_stop: frozenset[str] | set[str]) -> bool:
    """Say whether the lower-cased tokens read as Somali, Kurmanji or Tigrinya in Latin letters."""
    words = [w for w in lower if w.isalpha()]
    if not words:
        return False
    own = [w for w in words if w in unmarked_words() and len(w) > 2 and w not in swedish_stop]
    swedish = sum(w in swedish_stop for w in words)
    return len(set(own)) >= MIN_HITS and len(own) >= SHARE * len(words) and swedish < len(own)

"""Small text helpers: sentence splitting, quoted fragments, placeholders, keywords."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

# Sentence ends: ., ! or ? (also Arabic/Chinese full stops) followed by space and
# an upper-case letter, a digit or a quote. Abbreviations such as "t.ex." are
# followed by a lower-case word, so they do not split.
_SENTENCE_END = re.compile(r"(?<=[.!?。؟])\s+(?=[\"”'(\[A-ZÅÄÖÉÜ0-9\u0600-\u06FF\u4e00-\u9fff])")
# Quoted fragments inside a summary sentence: ”…”, “…”, «…» or "…".
_QUOTED = re.compile(r"[”“«\"]([^”“»\"]{3,})[”“»\"]")
# Anonymization placeholders: the anonymizer's own ([NAMN 1], [E-POST], see
# pipeline/anonymize/operators.py) and other tools' ([PERSON], <EMAIL>, [NAMN_1]).
PLACEHOLDER = re.compile(
    r"\[(?:NAMN \d+|PERSONNUMMER|TELEFON|E-POST|ADRESS|REGNR)\]|[\[<{][A-ZÅÄÖ][A-ZÅÄÖ_0-9 -]{2,}[\]>}]"
)
_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)

STOPWORDS = frozenset(
    """
    alla allt att av bara blev bli blir blivit de dem den denna deras dess dessa det
    detta dig din dina ditt du där då efter ej eller en er era ert ett från för ha
    hade han hans har henne hennes hon honom hur här i icke ingen inom inte jag ju
    kan kunde man med mellan men mig min mina mitt mot mycket ni nu när någon något
    några och om oss på samma sedan sig sin sina sitta själv skulle som så sådan
    sådana till under upp ut utan vad var vara varför varit varje vars vart vem vi
    vid vilka vilken vilket vår våra vårt än är åt över också finns får göra gör
    behöver behövs borde kommer många mer mera fler lite bra dåligt även eftersom
    tycker tror vill ska skall måste kanske väldigt jätte helt hela andra annat
    dessutom redan aldrig alltid ofta idag igen just både sen eller the and for
    """.split()
)


def split_sentences(text: str) -> list[str]:
    """Split ``text`` into sentences that are verbatim substrings of it."""
    parts = []
    for block in re.split(r"\n\s*\n|\n", text):
        for piece in _SENTENCE_END.split(block):
            piece = piece.strip()
            if piece:
                parts.append(piece)
    return parts


def quoted_fragments(sentence: str) -> list[str]:
    """Return the fragments a summary sentence presents as verbatim quotes."""
    return [m.group(1).strip() for m in _QUOTED.finditer(sentence)]


def paragraphs(text: str) -> list[str]:
    """Return the non-empty paragraphs of ``text`` (separated by blank lines), stripped."""
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def has_placeholder(text: str) -> bool:
    """Say whether ``text`` contains an anonymization placeholder."""
    return bool(PLACEHOLDER.search(text))


def tokens(text: str) -> list[str]:
    """Return lower-cased content words of three letters or more."""
    return [w for w in (m.group(0).lower() for m in _WORD.finditer(text)) if w not in STOPWORDS]


def top_keywords(texts: Iterable[str], background: Counter[str] | None = None, k: int = 8) -> list[str]:
    """Return the ``k`` words most typical of ``texts`` (document frequency, lifted against ``background``)."""
    df: Counter[str] = Counter()
    n = 0
    for text in texts:
        df.update(set(tokens(text)))
        n += 1
    if not df:
        return []
    total_bg = sum(background.values()) if background else 0

    def score(word: str) -> float:
        if not background or not total_bg:
            return df[word]
        return df[word] * (df[word] / max(n, 1)) / ((background[word] + 1) / total_bg)

    ranked = sorted((w for w, c in df.items() if c >= 2 or n < 5), key=lambda w: (-score(w), w))
    return ranked[:k]


def clip(text: str, limit: int = 240) -> str:
    """Return ``text`` or, when longer than ``limit``, its leading verbatim part ending at a word."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ")
    return cut[: space if space > limit // 2 else limit].rstrip(" ,;:–-")

"""The language of each submission (ISO 639-1), decided once, at anonymization.

Quotes are shown with their language and themes subtract each language's mean
embedding, so every submission needs one. The order of evidence:

1. a language the channel gave (a form's language field) wins;
2. a text mostly in Ethiopic script is Tigrinya (lingua has no Tigrinya model);
3. a text of at least ``SHORT_WORDS`` words is classified by lingua, restricted to
   the languages Västerås residents write in;
4. a shorter text gets the function-word guess of :mod:`pipeline.themes.language` when
   two function words agree, else lingua when it is confident, else the guess from one
   function word, else :data:`DEFAULT_LANGUAGE`.

Detection reads the anonymized text with its placeholders (``[NAMN 1]``) removed.
Capitalised words are masked too, because place names such as "Kopparbergsvägen"
pull an English sentence towards Swedish; the mask is dropped when it would leave
too few words. A text mostly in Arabic script is Arabic or Persian whatever its
Swedish lead-in ("På den här platsen: …"). The functions are pure and never log text.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from importlib.metadata import version
from typing import Any

from pipeline.themes.language import guess_language

# What Västerås residents write in, beside Swedish, and lingua 2.1 has models for.
# Tigrinya is told by its script; Kurdish has no model and is left to a channel field.
LANGUAGES = ("sv", "en", "ar", "so", "fa", "fi", "bs", "hr", "sr", "pl", "tr", "de", "es")
DEFAULT_LANGUAGE = "sv"
SHORT_WORDS = 4
MIN_CONFIDENCE = 0.4
SCRIPT_SHARE = 0.4
_PLACEHOLDER = re.compile(r"\[[A-ZÅÄÖ_]+(?: \d+)?\]")
_CAPITALISED = re.compile(r"\b[^\W\d_a-zåäöüéèàáíóúçñ]\w*", re.UNICODE)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]")
_ETHIOPIC = re.compile(r"[\u1200-\u137F]")
_NAMES = {
    "svenska": "sv",
    "swedish": "sv",
    "engelska": "en",
    "english": "en",
    "arabiska": "ar",
    "somaliska": "so",
    "persiska": "fa",
    "dari": "fa",
    "tigrinja": "ti",
    "finska": "fi",
    "kurdiska": "ku",
}
_LOCK = threading.Lock()
_DETECTOR: Any = None


def detector_name() -> str:
    """Return ``lingua@version`` for logs and provenance."""
    return f"lingua@{version('lingua-language-detector')}"


def language_detector() -> Any:
    """Return the process's lingua detector, built on first use (its models take seconds and ~300 MB)."""
    global _DETECTOR
    with _LOCK:
        if _DETECTOR is None:
            from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

            langs = [Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())) for code in LANGUAGES]
            _DETECTOR = LanguageDetectorBuilder.from_languages(*langs).build()
        return _DETECTOR


def normalise_language(value: object) -> str | None:
    """Return a channel's language value as ISO 639-1 (``sv-SE``, ``SV``, ``svenska`` → ``sv``), or None."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip().lower()
    if text in _NAMES:
        return _NAMES[text]
    code = re.split(r"[-_]", text)[0]
    if len(code) == 2 and code.isalpha() and code.isascii():
        return code
    if len(code) == 3 and code.isalpha() and code.isascii():
        return _from_iso3(code)
    return None


def _from_iso3(code: str) -> str | None:
    from lingua import IsoCode639_3, Language

    iso = getattr(IsoCode639_3, code.upper(), None)
    if iso is None:
        return None
    return Language.from_iso_code_639_3(iso).iso_code_639_1.name.lower()


def detect_language(text: str) -> str:
    """Return the language of one (anonymized) text; never None."""
    plain = _PLACEHOLDER.sub(" ", text or "")
    words = _WORD.findall(plain)
    letters = sum(len(w) for w in words)
    if not letters:
        return DEFAULT_LANGUAGE
    if len(_ETHIOPIC.findall(plain)) > SCRIPT_SHARE * letters:
        return "ti"
    masked = _CAPITALISED.sub(" ", plain)
    sample = masked if len(_WORD.findall(masked)) >= SHORT_WORDS else plain
    if len(_ARABIC.findall(sample)) > SCRIPT_SHARE * sum(len(w) for w in _WORD.findall(sample)):
        return _arabic_or_persian(sample)
    if len(words) >= SHORT_WORDS:
        return _lingua(sample, 0.0) or DEFAULT_LANGUAGE
    return (
        guess_language(plain, min_hits=2)
        or _lingua(plain, MIN_CONFIDENCE)
        or guess_language(plain, min_hits=1)
        or DEFAULT_LANGUAGE
    )


def _lingua(text: str, min_confidence: float) -> str | None:
    values = language_detector().compute_language_confidence_values(text)
    if not values or values[0].value < min_confidence or values[0].value == 0:
        return None
    return str(values[0].language.iso_code_639_1.name.lower())


def _arabic_or_persian(text: str) -> str:
    from lingua import Language

    arabic_only = " ".join(w for w in _WORD.findall(text) if _ARABIC.search(w))
    detector = language_detector()
    persian = detector.compute_language_confidence(arabic_only, Language.PERSIAN)
    arabic = detector.compute_language_confidence(arabic_only, Language.ARABIC)
    return "fa" if persian > arabic else "ar"


def detect_languages(texts: Sequence[str], given: Sequence[object] | None = None) -> list[str]:
    """Return a language per text: the channel's (``given``) when it names one, else the detected one."""
    given = given if given is not None else [None] * len(texts)
    return [normalise_language(g) or detect_language(t) for t, g in zip(texts, given, strict=True)]

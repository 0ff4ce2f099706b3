"""Language codes in Swedish words, for what officials read (report quotes, discovered-theme labels).

A module of its own, without imports, so the report and the themes stage can name a language
without loading the anonymizer.
"""

from __future__ import annotations

LANGUAGE_NAMES = {
    "sv": "svenska",
    "en": "engelska",
    "ar": "arabiska",
    "so": "somaliska",
    "fa": "persiska",
    "ti": "tigrinja",
    "fi": "finska",
    "bs": "bosniska",
    "hr": "kroatiska",
    "sr": "serbiska",
    "pl": "polska",
    "tr": "turkiska",
    "ku": "kurdiska",
    "de": "tyska",
    "es": "spanska",
    "fr": "franska",
    "ru": "ryska",
    "da": "danska",
    "nb": "norska",
}


def language_name(code: str | None) -> str:
    """Return a language code in Swedish words (the code itself when unknown)."""
    return LANGUAGE_NAMES.get(code or "", code or "okänt språk")

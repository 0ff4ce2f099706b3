"""PLATE: Swedish registration plates (ABC 123, ABC123, ABC-123, ABC 12A).

Beside the ordinary formats, and only near a car word: taxi plates (ABC 123T), diplomat plates
(AB 123 C), class I moped plates (ABC 12) and personal plates ("personlig skylt: BIGBOY").
"""

from __future__ import annotations

import re

from pipeline.anonymize.recognizers import RECOGNIZERS, context_pattern
from pipeline.anonymize.rules import load_rules
from pipeline.anonymize.spans import Span

# Å, Ä and Ö are never used on plates. The last character of the 2019 format is a letter.
_PATTERN = re.compile(
    r"(?<![\w\-/])(?P<letters>[A-Za-z]{3})(?P<sep>[ \t]?[\-–]?[ \t]?)(?P<digits>\d{2}[\dA-Za-z])"
    r"(?![\w])(?![\-–/:.,]\d)"
)
# Formats that read like ordinary tokens elsewhere, so they need a car word near them.
_CONTEXT_ONLY = re.compile(
    r"(?<![\w\-/])(?:[A-Z]{3}[ \t]?\d{3}[ \t]?T"  # taxi
    r"|[A-Z]{2}[ \t]?\d{3}[ \t]?[A-Z]"  # diplomat
    r"|[A-Za-z]{3}[ \t]?\d{2})"  # class I moped
    r"(?![\w])(?![\-–/:.,]\d)"
)
_PERSONAL = re.compile(
    r"(?i:personlig(?:a)?[ \t]+(?:skylt(?:en)?|registreringsskylt(?:en)?|nummerplåt(?:en)?)"
    r"|egen[ \t]+skylt)[ \t]*:?[ \t]*[\"'”“]?(?P<plate>[A-ZÅÄÖ0-9]{1,7}(?:[ ][A-ZÅÄÖ0-9]{1,6})?)(?![\w])"
)
_PREVIOUS_WORD = re.compile(r"([^\W\d_]{2,})[ \t]*$")
_UNITS = re.compile(r"[ \t]*(?:kr|kronor|km|m|st|%|procent|år|min)\b", re.IGNORECASE)


@RECOGNIZERS.register("plate.v1")
class PlateRecognizer:
    """Registration plates: upper case anywhere, lower or mixed case only after a car word."""

    name = "plate"
    version = 1
    label = "PLATE"

    def __init__(self) -> None:
        """Load acronyms to skip and context words from ``rules/plate.yaml``."""
        rules = load_rules("plate")
        self._not_plates = {w.upper() for w in rules["not_plates"]}
        self._context = context_pattern(rules["context"])

    def analyze(self, text: str) -> list[Span]:
        """Return PLATE spans in ``text``."""
        spans = []
        for m in _PATTERN.finditer(text):
            letters, digits = m.group("letters"), m.group("digits")
            if digits[2].isalpha() and digits[2].upper() in "IOQVÅÄÖ":
                continue
            if _UNITS.match(text, m.end()):
                continue
            upper = letters.isupper() and digits.upper() == digits
            if (
                upper
                and (letters in self._not_plates or _in_capitals(text, m.start()))
                and not self._near_context(text, m.start())
            ):
                continue
            if not upper and not self._near_context(text, m.start()):
                continue
            score = 0.9 if upper else 0.7
            spans.append(Span(m.start(), m.end(), self.label, f"{self.name}@{self.version}", score))
        for m in _CONTEXT_ONLY.finditer(text):
            if any(s.start <= m.start() < s.end for s in spans) or _UNITS.match(text, m.end()):
                continue
            if m.group()[:3].upper() not in self._not_plates and self._near_context(text, m.start()):
                spans.append(Span(m.start(), m.end(), self.label, f"{self.name}@{self.version}", 0.7))
        for m in _PERSONAL.finditer(text):
            spans.append(Span(m.start("plate"), m.end("plate"), self.label, f"{self.name}@{self.version}", 0.8))
        return spans

    def _near_context(self, text: str, start: int) -> bool:
        return self._context.search(text, max(0, start - 60), start) is not None


def _in_capitals(text: str, start: int) -> bool:
    """Say whether the word before ``start`` is written in capitals (shouting, headings)."""
    m = _PREVIOUS_WORD.search(text, max(0, start - 30), start)
    return bool(m and m.group(1).isupper())

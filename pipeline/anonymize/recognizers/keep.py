"""The keep-guard: bus lines, case numbers, road numbers, dates and opening hours.

It is not a PII recognizer. Its spans veto overlapping identifier spans, so that "linje 11",
"KS 2023/0123" or "kl. 08.00-17.00" are never taken for a phone number or a plate.
"""

from __future__ import annotations

import re

from pipeline.anonymize.recognizers import RECOGNIZERS
from pipeline.anonymize.rules import load_rules, load_word_list
from pipeline.anonymize.spans import Span


@RECOGNIZERS.register("keep.v1")
class KeepGuard:
    """Finds spans that must stay readable (rules in ``rules/keep.yaml``)."""

    name = "keep"
    version = 1
    label = "KEEP"

    def __init__(self) -> None:
        """Load the patterns."""
        self._patterns = load_rules("keep")["patterns"]
        streets = sorted(load_word_list("streets_vasteras"), key=len, reverse=True)
        self._streets = re.compile(rf"(?<![\w\-])(?:{'|'.join(map(re.escape, streets))})(?![\w\-])")

    def analyze(self, text: str) -> list[Span]:
        """Return KEEP spans in ``text``."""
        return [
            Span(m.start(), m.end(), self.label, f"{self.name}@{self.version}:{name}", 1.0)
            for name, pattern in self._patterns.items()
            for m in pattern.finditer(text)
        ]

    def street_names(self, text: str) -> list[Span]:
        """Return known Västerås street names ("Karl IX:s väg"): a name inside one is no person."""
        return [
            Span(m.start(), m.end(), self.label, f"{self.name}@{self.version}:street", 1.0)
            for m in self._streets.finditer(text)
        ]

"""The keep-guard: bus lines, case numbers, road numbers, dates and opening hours.

It is not a PII recognizer. Its spans veto overlapping identifier spans, so that "linje 11",
"KS 2023/0123" or "kl. 08.00-17.00" are never taken for a phone number or a plate.
"""

from __future__ import annotations

from pipeline.anonymize.recognizers import RECOGNIZERS
from pipeline.anonymize.rules import load_rules
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

    def analyze(self, text: str) -> list[Span]:
        """Return KEEP spans in ``text``."""
        return [
            Span(m.start(), m.end(), self.label, f"{self.name}@{self.version}:{name}", 1.0)
            for name, pattern in self._patterns.items()
            for m in pattern.finditer(text)
        ]

"""The span type that every PII detector returns."""

from __future__ import annotations

from dataclasses import dataclass

LABELS = ("PERSON", "ID_NUMBER", "PHONE", "EMAIL", "ADDRESS", "PLATE")


@dataclass(frozen=True, order=True)
class Span:
    """A detected piece of personal data: offsets into the original text, never its value."""

    start: int
    end: int
    label: str
    detector: str = "unknown@0"
    score: float = 1.0

    def overlaps(self, other: Span) -> bool:
        """Say whether the two spans share at least one character."""
        return self.start < other.end and other.start < self.end

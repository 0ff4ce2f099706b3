"""ID_NUMBER: Swedish personnummer and samordningsnummer in every common format."""

from __future__ import annotations

import datetime as dt
import re

from pipeline.anonymize.recognizers import RECOGNIZERS, context_pattern
from pipeline.anonymize.rules import load_rules
from pipeline.anonymize.spans import Span

# Century optional; separator "-", "+", en dash, a space, or " - "; a run of 10 or 12 digits is
# also accepted. The look-arounds keep it from starting or ending inside a longer number.
_PATTERN = re.compile(
    r"(?<![\w+\-–/])(?<!\d[.,])(?P<c>18|19|20)?(?P<date>\d{6})"
    r"(?P<sep>[ \t]?[-+–][ \t]?|[ \t]{1,2}|)(?P<serial>\d{4})(?![\w]|[-–/]\d|[.,]\d)"
)


def luhn_ok(digits: str) -> bool:
    """Say whether the ten digits YYMMDDNNNC carry a valid Luhn check digit."""
    total = 0
    for i, char in enumerate(digits[:9]):
        n = int(char) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return (10 - total % 10) % 10 == int(digits[9])


def _date_ok(date: str) -> bool:
    month, day = int(date[2:4]), int(date[4:6])
    # Samordningsnummer add 60 to the day.
    return 1 <= month <= 12 and (1 <= day <= 31 or 61 <= day <= 91)


@RECOGNIZERS.register("id_number.v1")
class IdNumberRecognizer:
    """Personnummer/samordningsnummer: valid date (day+60 allowed) and Luhn check digit.

    A number with a valid date but a wrong check digit still counts when a context word such as
    "personnummer" stands just before it, at a lower score; so does one with a dash and an
    impossible date (a typo in the date digits), and one written in full with its century and a
    dash ("19850312-1235") unless a word names it as a case or order number.
    """

    name = "id_number"
    version = 1
    label = "ID_NUMBER"

    def __init__(self) -> None:
        """Load the context words from ``rules/id_number.yaml``."""
        rules = load_rules("id_number")
        self._context = context_pattern(rules["context"])
        self._not_context = context_pattern(rules["not_context"])
        self._window = rules["context_window"]

    def analyze(self, text: str) -> list[Span]:
        """Return ID_NUMBER spans in ``text``."""
        spans = []
        for m in _PATTERN.finditer(text):
            date, serial = m.group("date"), m.group("serial")
            context = self._has_context(text, m.start())
            if not _date_ok(date):
                # A typo may hit the date too ("850332-1234"); right after "personnummer" the
                # shape alone marks it, and a separator keeps plain counts out.
                if context and m.group("sep").strip() in ("-", "+", "–"):
                    spans.append(Span(m.start(), m.end(), self.label, f"{self.name}@{self.version}", 0.5))
                continue
            # "0701234567" and "070123 4567" are far more often phone numbers than the
            # personnummer of someone born 2000-2009; they need a context word.
            if not m.group("sep").strip() and m.group("c") is None and date[0] == "0" and not context:
                continue
            if luhn_ok(date + serial):
                score = 1.0
            elif context:
                score = 0.6
            elif self._birth_shaped(m) and not self._not_context.search(
                text, max(0, m.start() - self._window), m.start()
            ):
                score = 0.55  # "19850312-1235": written as a personnummer, one digit mistyped
            else:
                continue
            spans.append(Span(m.start(), m.end(), self.label, f"{self.name}@{self.version}", score))
        return spans

    @staticmethod
    def _birth_shaped(m: re.Match[str]) -> bool:
        """Say whether the match is written YYYYMMDD-NNNN with a birth date from 1900 to this year."""
        if m.group("c") not in ("19", "20") or m.group("sep").strip() not in ("-", "+", "–"):
            return False
        year = int(m.group("c") + m.group("date")[:2])
        return 1900 <= year <= dt.date.today().year

    def _has_context(self, text: str, start: int) -> bool:
        return self._context.search(text, max(0, start - self._window), start) is not None

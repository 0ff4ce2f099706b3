"""Fixtures for the anonymization tests: a tiny fake name detector and raw-row helpers."""

from __future__ import annotations

import re
from collections.abc import Sequence

import pytest

from pipeline.anonymize.engine import Anonymizer, build_anonymizer
from pipeline.anonymize.spans import Span

FAKE_NAMES = ("Anna-Karin", "Anna", "Svensson", "Erik", "Öberg", "Karin", "Lindqvist", "Yusuf", "Hassan")
_FAKE = re.compile(rf"(?<!\w)(?:{'|'.join(FAKE_NAMES)})(?::s|s)?(?!\w)")


class FakeNames:
    """Finds only the names in FAKE_NAMES (with possessive -s); joins neighbours into one span."""

    def detect_many(self, texts: Sequence[str]) -> list[list[Span]]:
        out = []
        for text in texts:
            spans: list[Span] = []
            for m in _FAKE.finditer(text):
                if spans and text[spans[-1].end : m.start()] == " ":
                    spans[-1] = Span(spans[-1].start, m.end(), "PERSON", "fake-names@1", 0.9)
                else:
                    spans.append(Span(m.start(), m.end(), "PERSON", "fake-names@1", 0.9))
            out.append(spans)
        return out

    def detect(self, text: str) -> list[Span]:
        return self.detect_many([text])[0]


@pytest.fixture(scope="session")
def anonymizer() -> Anonymizer:
    """The real pattern recognizers with the fake name detector."""
    return build_anonymizer(FakeNames())

"""Issue 15 §4: formats residents really write (dotted phones, "apt 4", mistyped personnummer)."""

from __future__ import annotations

import pytest

from pipeline.anonymize import build_anonymizer
from pipeline.anonymize.engine import Anonymizer


@pytest.fixture(scope="module")
def patterns() -> Anonymizer:
    """The pattern recognizers alone: formats need no name model."""
    return build_anonymizer(None)


CASES = [
    # phones with dots between every group
    ("Ring mig på 072.272.11.79 efter fem.", [("072.272.11.79", "PHONE")]),
    ("Nås på 070.123.45.67.", [("070.123.45.67", "PHONE")]),
    ("Mitt nummer är 08.123.456.78, ring efter lunch", [("08.123.456.78", "PHONE")]),
    # dates, times, amounts and versions with dots stay
    ("Mötet 02.03.2024 kl 18.00 i Bäckby", []),
    ("Den 01.02.2024 och 03.04.2024 var det mörkt", []),
    ("Det kostar 1.250.000 kr att bygga om", []),
    ("Öppet 08.00-17.00 på vardagar", []),
    # flat numbers after an address
    ("I live at Storgatan 12, apt 4, since 2019.", [("Storgatan 12, apt 4", "ADDRESS")]),
    ("Storgatan 12 apt. 4B har mögel", [("Storgatan 12 apt. 4B", "ADDRESS")]),
    ("Vi bor på Storgatan 12, lgh 2 sedan i fjol", [("Storgatan 12, lgh 2", "ADDRESS")]),
    ("Jag bor på Storgatan 12 lgh 1102, 722 11 Västerås.", [("Storgatan 12 lgh 1102, 722 11 Västerås", "ADDRESS")]),
    ("Vi har 12 apt 4 i huset", []),
    # personnummer with a typo: the context word marks it
    ("Mitt personnummer är 850312-1234.", [("850312-1234", "ID_NUMBER")]),
    ("född 850312-1234 i Västerås", [("850312-1234", "ID_NUMBER")]),
    ("Personnummer: 850332-1234", [("850332-1234", "ID_NUMBER")]),
    ("pnr 851312-1234 tack", [("851312-1234", "ID_NUMBER")]),
    ("Ärende 850332-1234 är avslutat", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_formats(patterns: Anonymizer, text: str, expected: list[tuple[str, str]]) -> None:
    assert [(text[s.start : s.end], s.label) for s in patterns.analyze(text)] == expected

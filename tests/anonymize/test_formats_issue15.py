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
    # written in full with century and dash: a personnummer even with a mistyped check digit
    ("Ansökan gäller 19850312-1234 och hennes bror.", [("19850312-1234", "ID_NUMBER")]),
    ("Min son (20120605-4471) går på Emausskolan.", [("20120605-4471", "ID_NUMBER")]),
    ("Mitt pers nr: 198503121235", [("198503121235", "ID_NUMBER")]),
    # ... but not a case or order number of the same shape, nor a date in the future
    ("Ärendenummer 20240115-0042 gäller bygglovet.", []),
    ("Order 20231104-5521 kom aldrig fram.", []),
    ("Mötet 20990101-1200 är inte bokat.", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_formats(patterns: Anonymizer, text: str, expected: list[tuple[str, str]]) -> None:
    assert [(text[s.start : s.end], s.label) for s in patterns.analyze(text)] == expected


FARM_AND_PLATE_CASES = [
    # farms and villages: no street ending, but a number and a postcode
    (
        "Vi bor på Norrby gård 8, 725 94 Västerås och vägen dit är aldrig plogad.",
        [("Norrby gård 8, 725 94 Västerås", "ADDRESS")],
    ),
    ("Adress: Hällby 112, 725 97 Tillberga", [("Hällby 112, 725 97", "ADDRESS")]),
    ("Bussen kommer 12 min sent, 725 91 är postnumret här", []),
    # every Swedish plate format: taxi, diplomat, class I moped and personal plates near a car word
    ("En taxi med nummer ABC 123T körde mot rött vid Västerås C.", [("ABC 123T", "PLATE")]),
    ("Diplomatbilen AB 123 C står på gångbanan varje dag.", [("AB 123 C", "PLATE")]),
    ("Mopeden med reg nr ABC 12 kör på gångvägen i Bäckby.", [("ABC 12", "PLATE")]),
    ('Grannen har en bil med personliga skylten "LOVE 1" som blockerar infarten.', [("LOVE 1", "PLATE")]),
    ("Personlig skylt: BIGBOY står på min parkeringsplats.", [("BIGBOY", "PLATE")]),
    # ... but short codes elsewhere stay
    ("Vi läser SFI 12 timmar i veckan och AB 123 C är en kurskod.", []),
]


@pytest.mark.parametrize(("text", "expected"), FARM_AND_PLATE_CASES)
def test_farm_addresses_and_all_plate_formats(patterns: Anonymizer, text: str, expected: list[tuple[str, str]]) -> None:
    """Issue 15 §4: addresses without a street ending and plates in every Swedish format."""
    assert [(text[s.start : s.end], s.label) for s in patterns.analyze(text)] == expected

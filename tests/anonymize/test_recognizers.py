"""Each recognizer against a table of (text, expected spans); issue 3."""

from __future__ import annotations

import pytest

from pipeline.anonymize.recognizers import RECOGNIZERS, default_recognizers, keep_guard

# Valid personnummer/samordningsnummer (Luhn-checked, invented).
PNR = "850709-9805"


def _found(name: str, text: str) -> list[str]:
    recognizer = next(r for r in default_recognizers() if r.name == name)
    return [text[s.start : s.end] for s in sorted(recognizer.analyze(text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mitt personnummer är 850709-9805.", ["850709-9805"]),
        ("pnr.850709-9805", ["850709-9805"]),
        ("(850709-9805)", ["850709-9805"]),
        ("pnr 850709+9805 (över 100 år)", ["850709+9805"]),
        ("född 198507099805 i Västerås", ["198507099805"]),
        ("19850709-9805", ["19850709-9805"]),
        ("skriv 850709 9805 på blanketten", ["850709 9805"]),
        ("skriv 19850709 - 9805 på blanketten", ["19850709 - 9805"]),
        ("8507099805", ["8507099805"]),
        ("nr 850769-9802", ["850769-9802"]),  # samordningsnummer: day + 60
        ("samordningsnr 19850769-9802", ["19850769-9802"]),
        ("850709–9805 med tankstreck", ["850709–9805"]),
        ("fel kontrollsiffra 850709-9804", []),
        ("personnummer 850709-9804 (felskrivet)", ["850709-9804"]),  # context rescues a typo
        ("ogiltigt datum 851332-1234", []),
        ("ordernummer 1234567890123", []),
        ("org.nr 556012-5790", []),  # month 60: an organisation, not a person
        ("ring 0701234567", []),  # a mobile number, not a child's pnr
    ],
)
def test_id_number(text, expected):
    assert _found("id_number", text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ring 070-123 45 67 efter fem", ["070-123 45 67"]),
        ("ring 0701234567", ["0701234567"]),
        ("nås på 073.123 45 67", ["073.123 45 67"]),
        ("datum 05.04.2023", []),
        ("tel 08-123 456 78", ["08-123 456 78"]),
        ("08-59449887", ["08-59449887"]),
        ("växeln 021-39 00 00", ["021-39 00 00"]),
        ("(021) 12 34 56", ["(021) 12 34 56"]),
        ("0221-123 45", ["0221-123 45"]),
        ("+46 70 123 45 67", ["+46 70 123 45 67"]),
        ("+46 (0)70-123 45 67", ["+46 (0)70-123 45 67"]),
        ("+46701234567", ["+46701234567"]),
        ("0046 70 123 45 67", ["0046 70 123 45 67"]),
        ("+358 40 123 4567 (Finland)", ["+358 40 123 4567"]),
        ("+44 20 7946 0958", ["+44 20 7946 0958"]),
        ("ring 070-123 45 67 15 gånger", ["070-123 45 67"]),
        ("tel: 12 34 56", ["12 34 56"]),
        ("möte 2023-04-15 kl 18", []),
        ("öppet 08.00-17.00", []),
        ("kostar 1 500 000 kr", []),
        ("KS 2023/0123", []),
        ("mellan 05-04-2023 och", []),
        ("0-3 år", []),
        ("linje 11 och buss 2", []),
        ("postnummer 722 14", []),
    ],
)
def test_phone(text, expected):
    assert _found("phone", text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mejla anna.svensson@gmail.com.", ["anna.svensson@gmail.com"]),
        ("<kalle_b+dialog@västerås.se>", ["kalle_b+dialog@västerås.se"]),
        ("kalle(at)telia.se", ["kalle(at)telia.se"]),
        ("kalle [at] telia [dot] se", ["kalle [at] telia [dot] se"]),
        ("ÅSA.ÖBERG@HOTMAIL.COM", ["ÅSA.ÖBERG@HOTMAIL.COM"]),
        ("vi ses @ torget kl 12", []),
        ("at the meeting", []),
    ],
)
def test_email(text, expected):
    assert _found("email", text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jag bor på Storgatan 12.", ["Storgatan 12"]),
        ("Sigurdsgatan 65 C har mögel", ["Sigurdsgatan 65 C"]),
        ("adress: Storgatan 12 a", ["Storgatan 12 a"]),
        ("bor på Storgatan nr 12", ["Storgatan nr 12"]),
        ("Stensborgsgården 4 har fuktskador", ["Stensborgsgården 4"]),
        ("skolgården 2 gånger i veckan", []),
        ("Kopparbergsvägen 10B, lgh 1102", ["Kopparbergsvägen 10B, lgh 1102"]),
        ("Storgatan 3, 2 tr, 722 14 Västerås", ["Storgatan 3, 2 tr, 722 14 Västerås"]),
        ("Storgatan 3, 72214 Västerås.", ["Storgatan 3, 72214 Västerås"]),
        ("Storgatan 3, Västerås", ["Storgatan 3, Västerås"]),
        ("Storgatan 3 i Västerås", ["Storgatan 3"]),
        ("bor på carl larssons väg 5", ["carl larssons väg 5"]),
        ("bor på larssons väg 5", ["larssons väg 5"]),
        ("stora gatan 5", ["stora gatan 5"]),
        ("Storgatan 3, 722 14 VÄSTERÅS", ["Storgatan 3, 722 14 VÄSTERÅS"]),
        ("Storgatan 3 lgh 1102 2tr", ["Storgatan 3 lgh 1102 2tr"]),
        ("skolans gata 3 gånger", []),
        ("vi går hela vägen 5 km", []),
        ("Storgatan 5 4 tr. Västerås stad svarar", ["Storgatan 5 4 tr"]),
        ("Carl Larssons väg 12", ["Carl Larssons väg 12"]),
        ("Karl IX:s väg 7", ["Karl IX:s väg 7"]),
        ("Stora Gatan 20", ["Stora Gatan 20"]),
        ("Klockarvretarna 3", ["Klockarvretarna 3"]),
        ("bor på storgatan 5 sedan 1995", ["storgatan 5"]),
        ("Storgatan 1-3", ["Storgatan 1-3"]),
        ("cykelbanan längs Vasagatan är smal", []),
        ("Carl Larssons väg är farlig", []),
        ("Vasagatan 5 km bort", []),
        ("Stora torget 12 maj", []),
        ("cykelvägen 2 gånger", []),
        ("riksväg 56 och väg 66", []),
        ("Vasagatan 2019", []),
        ("lekplatsen 3 st", []),
        ("mellan kl 12.00 och Vasagatan 12:30", []),
    ],
)
def test_address(text, expected):
    assert _found("address", text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("bilen ABC 123 stod där", ["ABC 123"]),
        ("ABC123", ["ABC123"]),
        ("XYZ 12A (ny skylt)", ["XYZ 12A"]),
        ("ABC-123", ["ABC-123"]),
        ("regnr abc 123", ["abc 123"]),
        ("regnummer abc123", ["abc123"]),
        ("JAG BOR 100 METER BORT", []),
        ("och 100 personer", []),
        ("för 300 kr", []),
        ("SEK 100", []),
        ("ABB 100", []),
        ("KS 2023/0123", []),
        ("Det 100 meter bort", []),
        ("ABC 123 kr", []),
    ],
)
def test_plate(text, expected):
    assert _found("plate", text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "linje 11 är alltid sen",
        "buss 2 och 4",
        "KS 2023/0123",
        "dnr 2023-0456",
        "kl. 08.00-17.00",
        "2023-04-15",
    ],
)
def test_keep_guard_covers(text):
    spans = keep_guard().analyze(text)
    assert spans and max(s.end - s.start for s in spans) >= len(text.split()[0])


def test_registry_has_versioned_names():
    default_recognizers()
    assert {"id_number.v1", "phone.v1", "email.v1", "address.v1", "plate.v1", "keep.v1"} <= set(RECOGNIZERS.names())
    with pytest.raises(ValueError, match="already registered"):
        RECOGNIZERS.register("phone.v1")(object)


def test_detector_names_are_written_as_name_at_version():
    for recognizer in default_recognizers():
        spans = recognizer.analyze("Storgatan 5, 070-123 45 67, a@b.se, 850709-9805, ABC 123")
        assert spans and all(s.detector == f"{recognizer.name}@{recognizer.version}" for s in spans)

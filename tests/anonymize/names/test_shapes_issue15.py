"""Issue 15 (third round): sentence shapes in which Kurdish, Somali and Tigrinya names were kept.

Each case is a resident-style text with the PERSON spans the shipped anonymizer must return. The
names are invented for these tests; the shapes are what residents write: their own language in
Latin letters, SMS Swedish, capitals, script names with one part on no list. The traps must stay.
"""

from __future__ import annotations

import pytest
from anon_helpers import persons

from pipeline.anonymize.engine import Anonymizer
from pipeline.anonymize.names.foreign import uses_swedish_model

CASES = [
    # Tigrinya in Latin letters: "ab" is "in", not the company form AB
    ("hawey mehari ab gryta yinebir, bus yeleyn", ["mehari"]),
    ("Haftey Tsigereda ab Bäckby tinebir. Lampa kulu gize tsilmat iyu.", ["Tsigereda"]),
    ("Shimey Awet Zemichael yibhal, ab Råby enebir.", ["Awet Zemichael"]),
    ("Kontakta Lindqvists Bygg AB om taket.", []),
    # Sorani in Latin letters: "nawm X(e)" is "my name is X"
    ("slaw, nawm sherwane, la hammarby dajim. pasakan zor dwa dakawn", ["sherwane"]),
    # Somali: a greeting, "waa" and the writer's name; "it is dark" stays
    ("salaan, waa hamdiyo cawaale. jidka bäckby waa mugdi", ["hamdiyo cawaale"]),
    ("Salaan, waa xaalad xun. Nalalka waa jaban.", []),
    ("Aniga iyo Warsan Cige waxaan rabnaa garoon.", ["Warsan Cige"]),
    # Swedish SMS "de e X" after a greeting, also after "hej igen"; the weather stays
    ("hej igen de e tsegezab, har ni kollat bussen?", ["tsegezab"]),
    ("tja de e kallt i väntkuren, fixa värmen", []),
    ("hej de e lugnt här nu, tack för hjälpen", []),
    ("salaan, waa caadi. baska waa daahaa", []),
    # capitals: read again in lower case like an SMS
    ("MVH HAWA XIRSI", ["HAWA XIRSI"]),
    ("VARFÖR TAR DET SÅ LÅNG TID ATT LAGA HISSEN I RÅBY?", []),
    # a name that is a function word of another language ("ako" if, "bile" were), capitalised in a Swedish sentence
    ("Enligt Ako Rekani på fritidsgården behövs fler ledare.", ["Ako Rekani"]),
    ("Till Hodan Bile, handläggare: jag väntar fortfarande.", ["Hodan Bile"]),
    # Ge'ez and Sorani script: the word between "with" and a listed name, and Sorani spellings
    ("ምስ ኤርሚያስ ተኽለ ተዛሪብና።", ["ኤርሚያስ ተኽለ"]),
    ("قسەم لەگەڵ شیروان کەریمی کرد.", ["شیروان کەریمی"]),
    ("لەگەڵ هاوڕێکانم چووین.", []),
    ("ذهبت مع صديقي يوسف إلى الحديقة.", ["يوسف"]),
    # Finnish verbs and word-names at a sentence start stay; a genitive name does not
    ("Toivon, että uimahalli avataan pian.", []),
    ("Uskon, että kirjasto on tärkeä.", []),
    ("Rauha ja hiljaisuus ovat tärkeitä.", []),
    ("Lumi on liukasta jalkakäytävällä.", []),
    ("Pekan auto on rikki.", ["Pekan"]),
    # a plate's letters are no surname; "I'm X" with a listed first name, never an adjective
    ("Bilen KLM 456 står parkerad på gräsmattan varje natt.", []),
    ("I'm Lasse. The road to the school is dark.", ["Lasse"]),
    ("I'm Swedish and I think the road is dark.", []),
    ("salaan, waa hodan kale. nalka waa jaban", ["hodan kale"]),
    # businesses named with a first name, as compounds or after a definite head
    ("Kan Saras Hemstäd få en lastplats?", []),
    ("Pizzerian Marcos i Hälla slänger sopor i rabatten.", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_shapes_are_found_and_traps_stay(full: Anonymizer, text: str, expected: list[str]) -> None:
    """Regression for issue 15: each listed name is found whole, and nothing else is a name."""
    assert persons(full, text) == expected


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("Vi bor på Sörby Västergården 4 och vägen plogas aldrig.", "Sörby Västergården 4"),
        ("Adress: Hökåsen Lillgården 12, 725 92 Västerås", "Hökåsen Lillgården 12, 725 92 Västerås"),
        ("Jag heter Erik Norrgården 3", "Norrgården 3"),  # a first name is no village
    ],
)
def test_farm_address_takes_its_village(full: Anonymizer, text: str, address: str) -> None:
    """Issue 15 §4: a farm is addressed with its village first."""
    assert [text[s.start : s.end] for s in full.analyze(text) if s.label == "ADDRESS"] == [address]


def test_residents_languages_in_latin_letters_keep_the_name_model() -> None:
    """Tigrinya and Sorani in Latin letters read like German to lingua; their own words say what they are."""
    assert uses_swedish_model("Shimey Awet Zemichael yibhal. Ab Råby ezi park tsbuq aykonen.", None)
    assert uses_swedish_model("slaw, nawm sherwane, la hammarby dajim. pasakan zor dwa dakawn", None)
    assert not uses_swedish_model("Keep an eye on the traffic at Bowling Green, the bash last year was loud.", None)

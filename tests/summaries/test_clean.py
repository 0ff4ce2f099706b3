"""Issue 13 §1: statements are cleaned before they are chosen; the rules are validated data."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import ConfigError
from pipeline.summaries.clean import clean_statements
from pipeline.summaries.ruleset import LANGUAGE_FILES, RULES_DIR, load_label_rules, load_language, load_rules
from pipeline.summaries.text import PLACEHOLDER

# (channel, anonymized text as stored, the statements that must come out). Shapes are those the
# channels really produce: e-mail bodies with greetings, signatures and quoted replies; SMS in
# lower case without diacritics; map pins and meeting notes with their lead-ins; survey answers
# over several lines; Arabic, Somali, English and Finnish comments.
CASES = [
    (
        "meeting",
        "Dialogmötet i Västermalm var bra, tack för att ni kom.",
        ["Dialogmötet i Västermalm var bra"],
    ),
    (
        "meeting",
        "Dialogmötet i Kristiansborg var för kort, ha fler möten på kvällstid.",
        ["Dialogmötet i Kristiansborg var för kort, ha fler möten på kvällstid."],
    ),
    (
        "email",
        "Hej!\nDet hänger gäng vid Erikslund på kvällarna, polisen måste synas mer.\n\n"
        "Med vänliga hälsningar\n[NAMN 1]\n[TELEFON]",
        ["Det hänger gäng vid Erikslund på kvällarna, polisen måste synas mer."],
    ),
    (
        "email",
        "Hej Västerås stad! Buskarna vid Stadsparken skymmer sikten, klipp ner dem. Tack på förhand.\n\n"
        "Med vänliga hälsningar\n[NAMN 1]",
        ["Buskarna vid Stadsparken skymmer sikten, klipp ner dem."],
    ),
    (
        "email",
        "Cykelbanan längs Tegnérgatan tar slut mitt i korsningen.\n\nSkickat från min iPhone",
        ["Cykelbanan längs Tegnérgatan tar slut mitt i korsningen."],
    ),
    (
        "email",
        "Bra att ni gör den här dialogen. Västerås måste ta klimatet på större allvar, sluta bygga nya vägar.\n\n"
        "Med vänliga hälsningar\n[NAMN 1]\n[TELEFON]\n\n-----Ursprungligt meddelande-----\n"
        "Från: Västerås stad <[E-POST]>\nSkickat: 2026-03-19 14:18\n\nTack för din synpunkt!\n\n"
        "> Bevara kulturmiljön i Viksäng, stadens historia försvinner.",
        ["Västerås måste ta klimatet på större allvar, sluta bygga nya vägar."],
    ),
    (
        "email",
        "Jag vill lämna en synpunkt. Min cykel har blivit stulen flera gånger vid Malmaberg. Sätt upp kameror.\n\n"
        "On [NAMN 2], 18 Jun 2026 09:13:53 +0200, Västerås stad <[E-POST]> wrote:\n> Tack för din synpunkt!",
        ["Min cykel har blivit stulen flera gånger vid Malmaberg. Sätt upp kameror."],
    ),
    (
        "email",
        "شكراً على السؤال. المكتبة مكان رائع، نرجو أن تبقى مفتوحة يوم الأحد. شكراً لكم. [E-POST]\n\n"
        "مع التحية\n[NAMN 1]\n[TELEFON]",
        ["المكتبة مكان رائع، نرجو أن تبقى مفتوحة يوم الأحد."],
    ),
    (
        "webform",
        "Det är slöseri att salta så mycket, det förstör skorna och miljön. Sanda istället. "
        "Tack för att ni lyssnar! Hälsningar, [NAMN 1] ([TELEFON]",
        ["Det är slöseri att salta så mycket, det förstör skorna och miljön. Sanda istället."],
    ),
    (
        "webform",
        "Mitt personnummer är [PERSONNUMMER] om ni behöver det. Det är väldigt halt vid hållplatsen "
        "Tillberga station på morgnarna. Sanda oftare, tack!",
        ["Det är väldigt halt vid hållplatsen Tillberga station på morgnarna. Sanda oftare, tack!"],
    ),
    (
        "webform",
        "Förbjud elsparkcyklarna i centrum, de kör i full fart bland fotgängare. Mejla mig på [E-POST].",
        ["Förbjud elsparkcyklarna i centrum, de kör i full fart bland fotgängare."],
    ),
    (
        "sms",
        "inför insamling av matavfall överallt, vi vill göra rätt men kan inte. bilen med registreringsnummer "
        "[REGNR] står felparkerad varje dag.",
        ["inför insamling av matavfall överallt, vi vill göra rätt men kan inte."],
    ),
    (
        "sms",
        "Stigarna langs Svartan ar leriga och oversvammade pa varen. Tack for att ni lyssnar!",
        ["Stigarna langs Svartan ar leriga och oversvammade pa varen."],
    ),
    ("sms", "fint med enkäten. jag har inga särskilda synpunkter. /[NAMN 1]", []),
    (
        "map",
        "På den här platsen: Vattnet vid Sanda har blågröna alger på sommaren, vad gör kommunen.",
        ["Vattnet vid Sanda har blågröna alger på sommaren, vad gör kommunen."],
    ),
    (
        "map",
        "Här: Begränsa elsparkcyklarna på gångbanorna, det är livsfarligt.",
        ["Begränsa elsparkcyklarna på gångbanorna, det är livsfarligt."],
    ),
    (
        "map",
        "Just här. Det är svårt att hitta parkering vid Råby centrum, bygg ett parkeringshus.",
        ["Det är svårt att hitta parkering vid Råby centrum, bygg ett parkeringshus."],
    ),
    (
        "map",
        "Här vid Råby centrum: Puistoja pitää hoitaa paremmin, roskakorit ovat aina täynnä.",
        ["Puistoja pitää hoitaa paremmin, roskakorit ovat aina täynnä."],
    ),
    (
        "meeting",
        "Fråga från publiken: Ärligt talat tycker jag att snöröjningen har blivit bättre i år – bra jobbat!",
        ["Ärligt talat tycker jag att snöröjningen har blivit bättre i år – bra jobbat!"],
    ),
    (
        "meeting",
        "En förälder tog upp: Informationen från kommunen når inte fram, använd fler språk.",
        ["Informationen från kommunen når inte fram, använd fler språk."],
    ),
    (
        "meeting",
        "Flera deltagare höll med om följande: Det parkeras på trottoaren utanför Blåsboskolan.",
        ["Det parkeras på trottoaren utanför Blåsboskolan."],
    ),
    (  # Västerås themes-dev (real): labelled "Vid mötet lyftes att ett flertal lyktstolpar …"
        "meeting",
        "Vid mötet lyftes att ett flertal lyktstolpar längs gångstråket mot centrum har varit släckta sedan oktober.",
        ["ett flertal lyktstolpar längs gångstråket mot centrum har varit släckta sedan oktober."],
    ),
    (  # Västerås themes-dev (real): labelled "En invånare föreslår att förslag som kom upp"
        "meeting",
        "Dialogmöte i Skultuna om översiktsplanen. Förslag som kom upp: halvtimmestrafik hela dagen, "
        "direktbuss till Resecentrum för tågbyten.",
        [
            "Dialogmöte i Skultuna om översiktsplanen.",
            "halvtimmestrafik hela dagen, direktbuss till Resecentrum för tågbyten.",
        ],
    ),
    (
        "meeting",
        "Önskemål: fler bänkar längs Mälarstranden och en toalett som är öppen på vintern.",
        ["fler bänkar längs Mälarstranden och en toalett som är öppen på vintern."],
    ),
    (
        "survey",
        "Bra att ni gör den här dialogen.\nDet läggs för mycket pengar på arenor och för lite på föreningslivet.",
        ["Det läggs för mycket pengar på arenor och för lite på föreningslivet."],
    ),
    (
        "survey",
        "Tack för att ni frågar. Vet inte riktigt. Det mesta funkar. Och en annan sak. "
        "Barngrupperna på Brandthovda förskola är för stora, personalen hinner inte med.",
        ["Barngrupperna på Brandthovda förskola är för stora, personalen hinner inte med."],
    ),
    (
        "survey",
        "Som pensionär i Bäckby vill jag säga några saker. Linje 4 går inte alls på helgerna. "
        "Sen vill jag också säga att det här är viktigt: Spara skogen i Hammarby! Där finns fåglar och rådjur.",
        ["Linje 4 går inte alls på helgerna.", "Spara skogen i Hammarby! Där finns fåglar och rådjur."],
    ),
    (
        "survey",
        "Parking in the city centre is impossible to find. Regards, [NAMN 1]",
        ["Parking in the city centre is impossible to find."],
    ),
    (
        "survey",
        "Hello, I moved to Bäckby two years ago. The underpass near Pilgatan feels unsafe at night. Thank you.",
        ["The underpass near Pilgatan feels unsafe at night."],
    ),
    (
        "webform",
        "مرحباً، السكوترات الكهربائية مرمية في كل مكان على الرصيف، هذا خطير.",
        ["السكوترات الكهربائية مرمية في كل مكان على الرصيف، هذا خطير."],
    ),
    ("survey", "لا شيء آخر، شكراً.", []),
    (
        "email",
        "Salaan, Goobta carruurtu ku ciyaaraan ee Bäckby way jaban tahay. — [NAMN 1]\n\nMahadsanid\n[NAMN 1]",
        ["Goobta carruurtu ku ciyaaraan ee Bäckby way jaban tahay."],
    ),
    (
        "sms",
        "Mahadsanid su'aasha. Fadlan ciid ku shub meelaha baska lagu sugo subaxdii.",
        ["Fadlan ciid ku shub meelaha baska lagu sugo subaxdii."],
    ),
    (
        "survey",
        "Vuokrat ovat nousseet liikaa remontin jälkeen. Kiitos.",
        ["Vuokrat ovat nousseet liikaa remontin jälkeen."],
    ),
    ("webform", "[NAMN 1] [TELEFON]", []),
    ("webform", "Bra!", []),
    # Survey answers that say there is nothing to say (Övrigt's points were made of them).
    ("survey", "Nä inte direkt", []),
    ("survey", "inga åsikter alls faktiskt", []),
    ("sms", "har inga synpunkter just nu", []),
    ("survey", "Samma som förra året.", []),
    ("email", "Hej!\n\nSe bifogad fil.\n\nMvh\n[NAMN 1]", []),
    ("webform", "asdfgh", []),
    ("sms", "hej bussen till Råby kom aldrig idag", ["bussen till Råby kom aldrig idag"]),
    (
        "email",
        "Sehr geehrte Damen und Herren, die Radwege am Bahnhof sind zu schmal.\n\nMit freundlichen Grüßen\n[NAMN 1]",
        ["die Radwege am Bahnhof sind zu schmal."],
    ),
    ("survey", "Vielen Dank für die Möglichkeit.", []),
    ("survey", "Nej, inte direkt. Men belysningen vid Råby är dålig.", ["Men belysningen vid Råby är dålig."]),
    ("survey", "Mycket bättre i år, bra!", ["Mycket bättre i år, bra!"]),
    ("survey", "Vet inte riktigt vad jag tycker.", []),
    ("survey", "Klimarat: Ich bin dafür", []),  # a bare yes to another resident's proposal (Polis, Klimarat)
    (
        "survey",
        "Ich bin dafür, dass die Windräder auf die Donauinsel kommen.",
        ["Ich bin dafür, dass die Windräder auf die Donauinsel kommen."],
    ),
    ("survey", "I agree.", []),
    ("survey", "I agree with the bike lanes on Main Street.", ["I agree with the bike lanes on Main Street."]),
    ("sms", "har precis flyttat hit så vet inte så mycket än", []),
    (
        "webform",
        "Jag vet inte vad jag ska säga om bussarna, men linje 4 är alltid sen.",
        ["Jag vet inte vad jag ska säga om bussarna, men linje 4 är alltid sen."],
    ),
]


@pytest.mark.parametrize(("channel", "text", "expected"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_statements_from_every_channel(channel, text, expected):
    found = clean_statements(text)
    assert [s.text for s in found] == expected
    for statement in found:  # spans into the stored text: citations stay verifiable word for word
        assert text[statement.start : statement.end] == statement.text
        assert not PLACEHOLDER.search(statement.text)


def test_the_anonymizers_placeholders_are_all_known():
    from pipeline.anonymize.operators import PLACEHOLDERS

    for token in [*PLACEHOLDERS.values(), "[NAMN 1]", "[NAMN 12]"]:
        assert PLACEHOLDER.fullmatch(token), token


def test_every_language_file_loads_and_has_cleaning_rules():
    for language in LANGUAGE_FILES:
        rules = load_language(language)
        assert rules.language == language and rules.boilerplate and rules.greetings
    assert load_rules().kinds["förslag"] and load_label_rules().imperatives["sätt"] == "sätta"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("version: 1\nlanguage: sv\ngreetings: ['(unclosed']\n", "greetings"),
        ("version: 1\nlanguage: sv\nkinds: {önskan: ['x']}\n", "kinds"),
        ("version: 1\nlanguage: sv\nsurprise: []\n", "surprise"),
        ("version: 1\nlanguage: en\n", "says language"),
        ("- just a list\n", "mapping"),
        ("version: [\n", "not valid YAML"),
    ],
)
def test_malformed_rule_files_are_config_errors(tmp_path: Path, content, message):
    (tmp_path / "sv.yaml").write_text(content, encoding="utf-8")
    load_language.cache_clear()
    try:
        with pytest.raises(ConfigError, match=message):
            load_language("sv", tmp_path)
    finally:
        load_language.cache_clear()


def test_rules_live_beside_the_code():
    assert {f"{lang}.yaml" for lang in LANGUAGE_FILES} <= {p.name for p in RULES_DIR.iterdir()}

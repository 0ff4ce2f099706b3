"""Every submission gets a language at anonymization, and older ones are backfilled (issue 13 §4)."""

from __future__ import annotations

import pytest
from anon_helpers import insert_raw

from pipeline.anonymize import anonymize, plan_anonymize
from pipeline.anonymize.language import detect_language, normalise_language

MIXED = [
    ("sv1", "Det hänger gäng vid Erikslund på kvällarna, polisen måste synas mer.", "sv"),
    ("sv2", "Hej,\nHållplatsen Bäckby centrum är mörk och otrygg.\n\nMed vänliga hälsningar\nAnna", "sv"),
    ("en1", "The underpass near Kopparbergsvägen feels unsafe at night, better lighting please.", "en"),
    ("en2", "Västerås is a good place to live overall.", "en"),
    ("ar1", "الحديقة في رابي تحتاج إلى إضاءة أفضل في المساء، الأطفال يخافون.", "ar"),
    ("ar2", "På den här platsen: Djäkneberget مكان جميل، نرجو الاهتمام به.", "ar"),
    ("so1", "Baska waa qaali, carruurteenna ma awoodaan inay u safraan dugsiga.", "so"),
    ("so2", "Iskuutarada korontada meel walba ayay yaalaan, waa khatar. [PERSONNUMMER]", "so"),
    ("fi1", "Lumitöitä tehdään liian myöhään, kaaduin viime talvena.", "fi"),
    ("fa1", "پارک محله ما نیاز به نور بیشتری دارد و شب‌ها امن نیست.", "fa"),
    ("ti1", "ኣብ ከባቢና ዘሎ መናፈሻ ጽቡቕ እዩ።", "ti"),
    ("short", "Tack!", "sv"),
    ("placeholder", "[NAMN 1] [TELEFON]", "sv"),
]


@pytest.mark.parametrize(("sid", "text", "expected"), MIXED, ids=[m[0] for m in MIXED])
def test_detect_language_on_resident_shapes(sid, text, expected):
    assert detect_language(text) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("sv-SE", "sv"), ("EN", "en"), ("ara", "ar"), ("somaliska", "so"), ("", None), (None, None), ("xx-yy-zz", "xx")],
)
def test_channel_language_is_normalised(value, expected):
    assert normalise_language(value) == expected


def test_no_submission_lacks_a_language_after_anonymize(store, settings, anonymizer):
    rows = [{"id": sid, "text": text} for sid, text, _ in MIXED]
    rows.append({"id": "given", "text": "Bra med fler bänkar vid ån.", "language": "en-GB"})  # the channel wins
    insert_raw(store, rows)
    anonymize(store, settings=settings, run_id="run-l", anonymizer=anonymizer)
    got = dict(store.fetchall("SELECT id, language FROM submissions"))
    assert None not in got.values() and len(got) == len(MIXED) + 1
    assert got["given"] == "en"
    assert {got[s] for s in ("en1", "en2")} == {"en"} and {got[s] for s in ("ar1", "ar2")} == {"ar"}
    assert {got[s] for s in ("so1", "so2")} == {"so"} and got["sv1"] == "sv"


def test_submissions_without_a_language_are_backfilled_once(store, settings, anonymizer):
    insert_raw(store, [{"id": sid, "text": text} for sid, text, _ in MIXED[:5]])
    anonymize(store, settings=settings, run_id="run-1", anonymizer=anonymizer)
    store.execute("UPDATE submissions SET language = NULL WHERE id IN ('en1', 'ar1')")  # stored before languages were
    store.execute("UPDATE submissions SET language = 'de' WHERE id = 'sv1'")  # a language already set is kept
    assert plan_anonymize(store, settings=settings) == [["ar1", "en1"]]
    result = anonymize(store, settings=settings, run_id="run-2", anonymizer=anonymizer)
    assert result.counts["languages_filled"] == 2 and result.counts["submissions"] == 0
    got = dict(store.fetchall("SELECT id, language FROM submissions"))
    assert (got["en1"], got["ar1"], got["sv1"]) == ("en", "ar", "de")
    assert plan_anonymize(store, settings=settings) == []

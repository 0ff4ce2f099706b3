"""Issue 15: scoring with the gold names taken off the lists (``bench/anonymize.py --lists-off``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.anonymize.names.context import Rules
from pipeline.anonymize.names.leave_out import (
    anonymizer_without,
    gold_name_words,
    lexicon_without,
    script_lists_without,
    spelling_keys,
)
from pipeline.anonymize.names.lexicon import load_lexicon
from pipeline.anonymize.names.scripts import load_script_names

MODELS = Path(__file__).resolve().parents[3] / "models"
TEXT = "Hej!\nGatlampan på Råbyvägen är trasig. Xasans bror ringde. Mvh Xasan Cabdi, Ahmet'e de sa jag"


def _record() -> dict:
    def at(word: str) -> dict:
        start = TEXT.index(word)
        return {"start": start, "end": start + len(word), "label": "PERSON", "origin": "somali"}

    street = TEXT.index("Råbyvägen")
    return {
        "id": "tune/origins/0001",
        "text": TEXT,
        "entities": [
            at("Xasan"),
            at("Xasan Cabdi"),
            {"start": TEXT.index("Ahmet"), "end": TEXT.index("Ahmet") + 5, "label": "PERSON", "origin": "turkish"},
            {"start": street, "end": street + 9, "label": "KEEP"},
        ],
    }


def test_gold_name_words_are_the_person_spans_only() -> None:
    """Words of PERSON spans are taken, KEEP spans and the genitive -s outside the span are not."""
    assert gold_name_words([_record()]) == {"Xasan", "Cabdi", "Ahmet"}


def test_taken_off_names_are_unknown_in_every_spelling() -> None:
    """The Somali spelling, its passport spelling and a Finnish case form's base all leave the lists."""
    lex = load_lexicon()
    rules = Rules(lex)
    assert rules.known("Xasan") and rules.known("Hasan") and rules.known("Virtanen") and rules.known("Serko")
    keys = spelling_keys(["Xasan", "Virtaselle", "Şêrko"], rules)
    reduced = Rules(lexicon_without(lex, keys))
    assert not reduced.known("Xasan") and not reduced.known("Hasan") and not reduced.known("hasan")
    assert not reduced.known("Virtanen") and not reduced.known("Sherko") and not reduced.known("Şêrko")
    assert reduced.known("Fadumo") and reduced.known("Mikael")  # names not in the gold set stay
    assert "fadumo" in reduced.origin_first and "xasan" not in reduced.origin_first


def test_script_names_leave_in_both_letter_forms() -> None:
    """An Arabic-script gold name leaves the list in its Persian spelling too (ي/ی)."""
    lists = load_script_names()
    assert "علي" in lists["names"] or "علی" in lists["names"]
    reduced = script_lists_without(lists, ["علي"])
    assert "علي" not in reduced["names"] and "علی" not in reduced["names"]
    assert "محمد" in reduced["names"]


def test_lists_off_anonymizer_still_finds_names_by_context() -> None:
    """With the names gone, a signature and 'jag heter' still mark them."""
    off = anonymizer_without(MODELS, ["Xasan", "Cabdi", "Ayaan"])
    text = "Jag heter Xasan Cabdi och bor i Råby. Lampan vid skolan är trasig.\nMvh Xasan"
    spans = [text[s.start : s.end] for s in off.analyze(text) if s.label == "PERSON"]
    assert "Xasan Cabdi" in spans and "Xasan" in spans


@pytest.fixture(scope="module")
def without_word_names():
    """The anonymizer with four names that are also Swedish words taken off the lists."""
    return anonymizer_without(MODELS, ["Viola", "Iris", "Rut", "Linnea"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hej, jag heter Viola och har en fråga om bussen.", ["Viola"]),
        ("Jag heter Iris och går på Vallbyskolan.", ["Iris"]),
        ("Lampan vid lekplatsen är trasig.\nMvh Rut, boende på Bäckby", ["Rut"]),
        ("Jag heter Linnea och har två barn på förskolan i Skultuna.", ["Linnea"]),
        ("Hej! Kan ni tömma soptunnorna oftare?\n\nMvh\nStyrelsen, Brf Kvarnbacken", []),
        ("Kontakta Fritidsgården Kupolen om ni vill hyra lokalen.", []),
    ],
)
def test_model_name_after_heter_or_mvh_counts_without_a_list(without_word_names, text, expected) -> None:
    """Issue 15: the model's name right after 'heter'/'Mvh' is a name even when no list has it."""
    assert [text[s.start : s.end] for s in without_word_names.analyze(text) if s.label == "PERSON"] == expected

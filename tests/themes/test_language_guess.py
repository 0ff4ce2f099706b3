"""The offline language guess used to take language out of the theme vectors."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Det behövs fler bänkar i parken och bättre belysning på kvällen", "sv"),
        ("The bus is always late and there is nowhere to sit", "en"),
        ("Bussit ovat aina liian täynnä ja niitä on liian vähän iltaisin", "fi"),
        ("Die Stadt braucht mehr Radwege und weniger Autos in der Innenstadt", "de"),
        ("الحافلة متأخرة دائما والمحطة مظلمة في المساء", "ar"),
        ("Waa in la helaa meel ay carruurtu ku ciyaaraan", "so"),
    ],
)
def test_guess_language_names_the_language(text, expected):
    from pipeline.themes.language import guess_language

    assert guess_language(text) == expected


def test_too_little_text_gets_no_guess_and_given_languages_are_kept():
    from pipeline.themes.language import fill_languages, guess_language

    assert guess_language("ok") is None and guess_language("") is None
    assert fill_languages(["The bus is late and it is cold", "Det är kallt och bussen är sen"], ["sv", None]) == [
        "sv",
        "sv",
    ]

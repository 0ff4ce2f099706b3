"""Issue 15 (fourth round): Arabic, Persian and Turkish names in the sentence shapes residents write.

Cases from ``tests/data/pii/tune_arabic.jsonl`` (tuning material): name particles joined to a
surname ("al-Zubaidi", "el-Masri") after a person word, "bin"/"al-" inside a name in English,
a first and last name between Persian "من … هستم", meeting notes, signatures, SMS in lower case.
The traps must stay: a restaurant called Shiraz, Bagdad as a place, English "he said".
"""

from __future__ import annotations

import pytest
from anon_helpers import persons

from pipeline.anonymize.engine import Anonymizer

CASES = [
    # particles joined to the surname, after a Swedish person word
    ("Familjen al-Zubaidi har bott i Råby i tjugo år.", ["al-Zubaidi"]),
    ("Min granne el-Masri klagar på ljuset från bensinmacken.", ["el-Masri"]),
    # particles inside a name in English, also at the start of a sentence
    ("Yousef al-Najjar wrote to us about the broken lights.", ["Yousef al-Najjar"]),
    ("I met Abdullah bin Saleh at the library and he agreed.", ["Abdullah bin Saleh"]),
    ("Abd al-Rahman Qasim wrote to the council about parking.", ["Abd al-Rahman Qasim"]),
    # Persian: first and last name between "من" and "هستم"; a feeling there is no name
    ("من نگار احمدی هستم و در Bäckby زندگی می‌کنم.", ["نگار احمدی"]),
    ("من خیلی خوشحال هستم.", []),
    # Swedish shapes that already held: meeting notes, signatures, SMS, titles
    ("Fatemeh Rahimi tog upp belysningen på gångvägen vid Bäckby.", ["Fatemeh Rahimi"]),
    ("Hej,\nbussen kommer aldrig i tid.\nMvh Shirin Moradi", ["Shirin Moradi"]),
    ("ali hassan här, lampan vid busshållplatsen är trasig igen", ["ali hassan"]),
    ("enligt Babak Hosseinzadeh har kommunen lovat en ny gångbro", ["Babak Hosseinzadeh"]),
    # traps: a restaurant, a city, English "said", German "bin"
    ("Restaurangen Shiraz vid torget har sopor på trottoaren.", []),
    ("Min familj kommer från Bagdad och vi trivs i Skiljebo.", []),
    ("He said the crossing near the school is dangerous.", []),
    ("Ich bin Deutscher und wohne seit zwei Jahren in Wien.", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_arabic_and_persian_shapes(full: Anonymizer, text: str, expected: list[str]) -> None:
    """Regression for issue 15: each listed name is found whole, and nothing else is a name."""
    assert persons(full, text) == expected

"""Overlap resolution, placeholders and consistent name numbering; issue 3."""

from __future__ import annotations

import pytest

from pipeline.anonymize.operators import number_names, placeholder_ranges, replace, resolve
from pipeline.anonymize.spans import Span


def S(start, end, label, detector="t@1"):
    return Span(start, end, label, detector)


def test_longer_span_wins_and_loser_is_cut_not_dropped():
    text = "Anna Storgatan 5 här"
    spans = resolve([S(0, 14, "PERSON"), S(5, 16, "ADDRESS")], text)
    assert [(text[s.start : s.end], s.label) for s in spans] == [("Anna", "PERSON"), ("Storgatan 5", "ADDRESS")]


def test_equal_length_goes_to_the_more_specific_label():
    text = "050101-1234"
    spans = resolve([S(0, 11, "PHONE"), S(0, 11, "ID_NUMBER")], text)
    assert [s.label for s in spans] == ["ID_NUMBER"]


def test_name_inside_address_is_absorbed():
    text = "Carl Larssons väg 12"
    spans = resolve([S(0, 13, "PERSON"), S(0, 20, "ADDRESS")], text)
    assert [(s.start, s.end, s.label) for s in spans] == [(0, 20, "ADDRESS")]


def test_adjacent_name_parts_merge_into_one_name():
    text = "Anna-Karin Öberg ringde"
    spans = resolve([S(0, 10, "PERSON"), S(11, 16, "PERSON")], text)
    assert replace(text, spans) == "[NAMN 1] ringde"


def test_names_on_separate_lines_do_not_merge():
    text = "Anna\nErik"
    assert len(resolve([S(0, 4, "PERSON"), S(5, 9, "PERSON")], text)) == 2


@pytest.mark.parametrize(
    ("text", "names", "expected"),
    [
        (
            "Anna Svensson och Erik Berg. Anna ringde Erik.",
            ["Anna Svensson", "Erik Berg", "Anna", "Erik"],
            "[NAMN 1] och [NAMN 2]. [NAMN 1] ringde [NAMN 2].",
        ),
        (
            "Anna Svensson sa att Annas hund och Svenssons bil",
            ["Anna Svensson", "Annas", "Svenssons"],
            "[NAMN 1] sa att [NAMN 1] hund och [NAMN 1] bil",
        ),
        ("Anna kom. Sedan kom Anna Svensson.", ["Anna", "Anna Svensson"], "[NAMN 1] kom. Sedan kom [NAMN 1]."),
        ("Anna Svensson och Anna Berg", ["Anna Svensson", "Anna Berg"], "[NAMN 1] och [NAMN 2]"),
        ("Erik:s förslag, Erik", ["Erik:s", "Erik"], "[NAMN 1] förslag, [NAMN 1]"),
    ],
)
def test_names_are_numbered_consistently(text, names, expected):
    spans, cursor = [], 0
    for name in names:
        start = text.index(name, cursor)
        spans.append(S(start, start + len(name), "PERSON"))
        cursor = start + len(name)
    assert replace(text, resolve(spans, text)) == expected


def test_every_label_has_its_swedish_placeholder():
    text = "a b c d e f"
    labels = ["PERSON", "ID_NUMBER", "PHONE", "EMAIL", "ADDRESS", "PLATE"]
    spans = [S(i * 2, i * 2 + 1, label) for i, label in enumerate(labels)]
    assert replace(text, spans) == "[NAMN 1] [PERSONNUMMER] [TELEFON] [E-POST] [ADRESS] [REGNR]"


def test_new_names_are_numbered_after_existing_placeholders():
    text = "[NAMN 1] och [NAMN 2] träffade Erik"
    spans = [S(31, 35, "PERSON")]
    assert replace(text, spans).endswith("[NAMN 3]")
    assert number_names(text, spans, 3) == {spans[0]: 3}


def test_placeholders_block_detection():
    text = "[NAMN 1] bor på [ADRESS]"
    blocked = placeholder_ranges(text)
    assert resolve([S(1, 5, "PERSON"), S(16, 24, "ADDRESS")], text, blocked) == []


def test_unknown_label_is_refused():
    with pytest.raises(ValueError, match="unknown PII label"):
        replace("abc", [S(0, 1, "CITY")])


def test_other_mentions_of_a_found_name_are_redacted_with_its_number():
    from pipeline.anonymize.operators import other_mentions

    text = "Lena Åkerlund lovade svar. Lena ringde sedan, och Åkerlunds chef också."
    spans = [S(0, 13, "PERSON")]
    more = other_mentions(text, spans)
    assert [text[s.start : s.end] for s in more] == ["Lena", "Åkerlunds"]
    assert replace(text, resolve(spans + more, text)) == (
        "[NAMN 1] lovade svar. [NAMN 1] ringde sedan, och [NAMN 1] chef också."
    )


def test_other_mentions_skip_words_the_text_also_uses_in_lower_case():
    from pipeline.anonymize.operators import other_mentions

    text = "Sten Berg tycker att sten är fint. Sten lovade."
    assert other_mentions(text, [S(0, 9, "PERSON")]) == []


def test_other_mentions_skip_place_names():
    from pipeline.anonymize.operators import other_mentions

    text = "Maria Lund tycker att tåget till Lund går för sällan. Maria håller med sig själv."
    assert [text[s.start : s.end] for s in other_mentions(text, [S(0, 10, "PERSON")])] == ["Maria"]

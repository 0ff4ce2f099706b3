"""Issue 14: the summaries stage does less work per member without changing what it chooses.

Statements a theme needs vectors of are embedded in one batch (not one call per member),
boilerplate is tested with one alternation of the rules' patterns, and a submission in
several themes is cleaned once. Each is checked against the slow way it replaced.
"""

from __future__ import annotations

import hashlib

import numpy as np
import pytest

from pipeline.summaries.clean import clean_statements, is_boilerplate
from pipeline.summaries.features import cued_kind
from pipeline.summaries.ruleset import any_of, load_rules
from pipeline.summaries.statements import OWN_VECTOR_BELOW, Offsets, choose_statements, keyword_relevance, unit

DIM = 16
MEMBERS = [
    {
        "id": "vasteras/2026/e-post/0001",
        "language": "sv",
        "text": "Hej!\nCykelbanan vid Råby är för smal. "
        "Busshållplatsen saknar tak.\n\nMed vänliga hälsningar\n[NAMN 1]",
    },
    {"id": "vasteras/2026/sms/0002", "language": "sv", "text": "Bygg en bredare cykelbana längs Vasagatan."},
    {"id": "vasteras/2026/karta/0003", "language": "ar", "text": "مسار الدراجات ضيق جدا. الحافلة تتأخر كل صباح."},
    {
        "id": "vasteras/2026/enkät/0004",
        "language": "so",
        "text": "Waddada baaskiilka waa cidhiidhi. Baska wuu soo daahaa subax kasta.",
    },
    {"id": "vasteras/2026/e-post/0005", "language": "sv", "text": "Hej! Tack för ordet.\n\nMvh [NAMN 2]"},
    {
        "id": "vasteras/2026/möte/0006",
        "language": "sv",
        "text": "Parkeringen vid Erikslund är full. "
        "Cykelställen där räcker inte heller till för alla som vill cykla dit på helgerna.",
    },
]


def fake_vector(text: str) -> np.ndarray:
    """A fixed pseudo-random vector per text, as an embedder whose vectors do not depend on the batch."""
    seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "little")
    return np.random.default_rng(seed).standard_normal(DIM).astype(np.float32)


class CountingEmbed:
    """Records every call; returns :func:`fake_vector` rows."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def __call__(self, texts: list[str]) -> np.ndarray:
        self.calls.append(list(texts))
        return np.stack([fake_vector(t) for t in texts]) if texts else np.zeros((0, DIM), np.float32)


def _inputs() -> tuple[np.ndarray, Offsets]:
    vectors = unit(np.stack([fake_vector(m["text"]) for m in MEMBERS]))
    return vectors, Offsets({}, np.zeros(DIM, np.float32))


def _expected(member: dict, centre: np.ndarray, keywords: set[str]) -> tuple[str, bool]:
    """What the per-member code chose, and whether the choice got its own vector.

    Keywords first, closeness to the centre on a tie (then the statement has its own vector,
    as has one much shorter than its submission).
    """
    statements = clean_statements(member["text"])
    scores = [keyword_relevance(s.text, keywords) for s in statements]
    top = max(scores)
    if len(statements) == 1 or (top > 0 and scores.count(top) == 1):
        text = statements[int(np.argmax(scores))].text
        return text, len(text) < OWN_VECTOR_BELOW * len(member["text"].strip())
    vectors = unit(np.stack([fake_vector(s.text) for s in statements]))
    return statements[int(np.argmax(vectors @ centre + 0.05 * np.asarray(scores)))].text, True


def test_statements_are_embedded_in_one_batch_and_chosen_as_before() -> None:
    vectors, offsets = _inputs()
    keywords = {"cykelbana", "cykla"}
    embed = CountingEmbed()
    found = choose_statements(MEMBERS, vectors, keywords, offsets, embed)
    assert len(embed.calls) == 1  # was one call per member whose keywords tie, then one more
    batch = embed.calls[0]
    assert len(batch) == len(set(batch)) and len(batch) >= 4  # the Arabic and Somali ties are in it
    assert found.unusable == [4]  # greeting, thanks and signature only
    centre = unit(offsets.neutralize(vectors, [m["language"] for m in MEMBERS]).mean(axis=0))
    owns = []
    for row, c in enumerate(found.chosen):
        text, own = _expected(MEMBERS[c.member], centre, keywords)
        assert c.statement.text == text
        expected = unit(fake_vector(text)) if own else vectors[c.member]
        assert np.allclose(found.vectors[row], unit(expected), atol=1e-6), text
        owns.append(own)
    assert any(owns) and not all(owns)


def test_without_an_embedder_nothing_is_embedded() -> None:
    vectors, offsets = _inputs()
    found = choose_statements(MEMBERS, vectors, {"cykelbana"}, offsets, None)
    assert np.array_equal(found.vectors, unit(vectors[[c.member for c in found.chosen]]))


SENTENCES = [
    "Tack för ordet",
    "Med vänliga hälsningar",
    "Tack för att ni lyssnar!",
    "Thank you for listening.",
    "Mahadsanid",
    "شكرا لكم",
    "Cykelbanan vid Råby är för smal",
    "Tack, men bussen kommer aldrig i tid",
    "Hej",
    "",
]


@pytest.mark.parametrize("sentence", SENTENCES)
def test_one_alternation_says_what_the_patterns_say(sentence: str) -> None:
    rules = load_rules()
    core = sentence.strip().rstrip(".!?,;:…)( ").strip()
    slow = not core or any(p.fullmatch(core) for p in rules.boilerplate)
    assert is_boilerplate(sentence, rules) == slow


def test_the_alternation_finds_boilerplate_and_content() -> None:
    said = [is_boilerplate(s, load_rules()) for s in SENTENCES]
    assert any(said) and not all(said)  # otherwise the comparison above proves nothing
    assert any_of(()).fullmatch("") is None  # no patterns: nothing is boilerplate, not the empty string


def test_a_member_in_several_themes_is_cleaned_once_and_callers_get_their_own_list() -> None:
    text = MEMBERS[0]["text"]
    first = clean_statements(text)
    first.append(first[0])  # a caller changing its list must not change the next caller's
    assert clean_statements(text) == first[:-1] and len(clean_statements(text)) == 2
    assert cued_kind("Varför stänger ni badhuset?") == "fråga" == cued_kind("Varför stänger ni badhuset?")


def test_a_self_introduction_gives_way_to_the_statement_after_it():
    """themes-dev: "Jag är 79 och går med rollator." was chosen over the problem that follows it."""
    member = {
        "id": "vasteras/2026/enkät/0412",
        "language": "sv",
        "text": "Jag är 79 och går med rollator. På vintern när det är mörkt ser jag inte kanterna "
        "och stenarna på gångvägen.",
    }
    keywords = {"rollator", "gångväg"}
    first, second = (s.text for s in clean_statements(member["text"]))
    assert keyword_relevance(first, keywords) < keyword_relevance(second, keywords)
    found = choose_statements([member], np.stack([fake_vector(member["text"])]), keywords, None, None)
    assert found.chosen[0].statement.text.startswith("På vintern")
    # a resident who says where they stand is no self-introduction
    assert keyword_relevance("Jag är för förtätning, men jag vill att man respekterar ljuset.", {"förtätning"}) == 1

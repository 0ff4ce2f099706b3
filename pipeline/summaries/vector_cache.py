"""A bounded, thread-safe cache of text vectors for this process.

An official's merge, split, move or hidden detail summarises a theme again inside a web
request, and a nightly run re-summarises themes whose members barely changed: their
statements are the same texts. Each vector is about 1.5 kB, so the cache holds at most
~75 MB. Keys carry the embedder's name, so two models never share a vector.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence

import numpy as np

MAX_ENTRIES = 50_000
_cache: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()
_lock = threading.Lock()


def cached_embed(model: str, embed: Callable[[Sequence[str]], np.ndarray], texts: Sequence[str]) -> np.ndarray:
    """Return ``embed(texts)``, embedding only the texts this process has not embedded with ``model``."""
    keys = [(model, t) for t in texts]
    with _lock:
        found = {k: _cache[k] for k in keys if k in _cache}
        for k in found:
            _cache.move_to_end(k)
    missing = list(dict.fromkeys(t for k, t in zip(keys, texts, strict=True) if k not in found))
    if missing:
        fresh = np.asarray(embed(missing))
        with _lock:
            for text, vector in zip(missing, fresh, strict=True):
                found[(model, text)] = _cache[(model, text)] = vector
            while len(_cache) > MAX_ENTRIES:
                _cache.popitem(last=False)
    if not keys:
        return np.asarray(embed([]))
    return np.stack([found[k] for k in keys])


def clear() -> None:
    """Forget every vector (tests; a new model version under the same name)."""
    with _lock:
        _cache.clear()

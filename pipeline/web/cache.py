"""A small LRU cache for page data, keyed by the store's data version.

All writes to the store while the app runs come from this process (DuckDB
allows one writing process per file): the review actions, which append to the
hash-chained ``review_events``, and flow runs, which record ``pipeline_runs``.
``data_version`` reads both heads in one cheap query, so a cached entry is used
only while nothing has changed; a short time-to-live covers a flow run's
intermediate writes before it records its end.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from pipeline.store import Store

TTL_S = 15.0


def data_version(store: Store) -> tuple[Any, ...]:
    """Return values that change whenever reviews, themes or runs change."""
    row = store.fetchone(
        "SELECT (SELECT max(seq) FROM review_events), (SELECT count(*) FROM pipeline_runs), "
        "(SELECT max(coalesce(finished_at, started_at)) FROM pipeline_runs), "
        "(SELECT count(*) FROM theme_summaries), (SELECT count(*) FROM themes)"
    )
    return tuple(row or ())


class PageCache:
    """Thread-safe LRU with a time-to-live; values are computed outside the lock."""

    def __init__(self, max_entries: int = 4096, ttl_s: float = TTL_S) -> None:
        """Hold at most ``max_entries`` values for ``ttl_s`` seconds each."""
        self.max_entries = max_entries
        self.ttl_s = ttl_s
        self._data: OrderedDict[Any, tuple[float, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_compute(self, key: Any, compute: Callable[[], Any]) -> Any:
        """Return the cached value for ``key``, computing and storing it when absent or stale."""
        now = time.monotonic()
        with self._lock:
            hit = self._data.get(key)
            if hit is not None and hit[0] > now:
                self._data.move_to_end(key)
                return hit[1]
        value = compute()
        with self._lock:
            self._data[key] = (now + self.ttl_s, value)
            self._data.move_to_end(key)
            while len(self._data) > self.max_entries:
                self._data.popitem(last=False)
        return value

    def clear(self) -> None:
        """Forget everything (after a write made through the app)."""
        with self._lock:
            self._data.clear()

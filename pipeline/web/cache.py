"""A small LRU cache for page data, emptied whenever the store changes.

All writes to the store while the app runs come from this process (DuckDB
allows one writing process per file): actions in the app, which empty the
cache themselves, and flow runs in a background thread. For the latter,
``sync`` compares ``data_version`` (review chain head, runs, summaries,
themes) at most once a second and empties the cache when it moved, so a
page is never more than about a second behind the store, while a busy page
costs no database query at all.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from pipeline.store import Store

TTL_S = 600.0
CHECK_INTERVAL_S = 1.0


def data_version(store: Store) -> tuple[Any, ...]:
    """Return values that change whenever reviews, themes or runs change."""
    row = store.fetchone(
        "SELECT (SELECT max(seq) FROM review_events), (SELECT count(*) FROM pipeline_runs), "
        "(SELECT max(coalesce(finished_at, started_at)) FROM pipeline_runs), "
        "(SELECT count(*) FROM theme_summaries), (SELECT count(*) FROM themes), "
        "(SELECT count(*) FROM theme_assignments), (SELECT max(updated_at) FROM theme_decisions), "
        "(SELECT count(*) FROM assignment_decisions)"
    )
    return tuple(row or ())


class PageCache:
    """Thread-safe LRU with a time-to-live; values are computed outside the lock."""

    def __init__(
        self, max_entries: int = 4096, ttl_s: float = TTL_S, check_interval_s: float = CHECK_INTERVAL_S
    ) -> None:
        """Hold at most ``max_entries`` values for ``ttl_s`` seconds each."""
        self.max_entries = max_entries
        self.ttl_s = ttl_s
        self.check_interval_s = check_interval_s
        self._data: OrderedDict[Any, tuple[float, Any]] = OrderedDict()
        self._building: dict[Any, threading.Lock] = {}
        self._generation = 0
        self._lock = threading.Lock()
        self._checking = threading.Lock()
        self._checked_at = float("-inf")
        self._version: tuple[Any, ...] | None = None

    def sync_due(self) -> bool:
        """Say whether the next request should check the store for changes."""
        return time.monotonic() - self._checked_at >= self.check_interval_s

    def peek(self, key: Any) -> Any:
        """Return the fresh cached value for ``key``, or None."""
        with self._lock:
            hit = self._data.get(key)
            if hit is None or hit[0] <= time.monotonic():
                return None
            self._data.move_to_end(key)
            return hit[1]

    def sync(self, store: Store) -> None:
        """Empty the cache if the store changed since the last check (at most one check a second)."""
        if time.monotonic() - self._checked_at < self.check_interval_s:
            return
        if not self._checking.acquire(blocking=False):
            return  # another request is checking right now
        try:
            version = data_version(store)
            if version != self._version:
                self.clear()
                self._version = version
            self._checked_at = time.monotonic()
        finally:
            self._checking.release()

    def get_or_compute(self, key: Any, compute: Callable[[], Any]) -> Any:
        """Return the cached value for ``key``, computing it when absent or stale.

        Concurrent misses on one key compute it once: the others wait for that result
        instead of repeating an expensive page build (no stampede after a change).
        """
        hit = self.peek(key)
        if hit is not None:
            return hit
        with self._lock:
            key_lock = self._building.setdefault(key, threading.Lock())
        with key_lock:
            hit = self.peek(key)
            if hit is not None:
                return hit
            generation = self._generation
            try:
                value = compute()
            finally:
                with self._lock:
                    self._building.pop(key, None)
            with self._lock:
                # A clear() while computing means the value may predate a change: use it once, keep it not.
                if generation == self._generation:
                    self._data[key] = (time.monotonic() + self.ttl_s, value)
                    self._data.move_to_end(key)
                    while len(self._data) > self.max_entries:
                        self._data.popitem(last=False)
        return value

    def clear(self) -> None:
        """Forget everything (after a write made through the app)."""
        with self._lock:
            self._data.clear()
            self._generation += 1
            self._checked_at = float("-inf")

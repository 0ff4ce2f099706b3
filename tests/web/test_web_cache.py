"""The page cache: hits, single computation under concurrency, no stale value kept after a clear."""

from __future__ import annotations

import threading
import time

from pipeline.web.cache import PageCache


def test_hit_and_clear():
    cache = PageCache()
    calls = []
    assert cache.get_or_compute("k", lambda: calls.append(1) or "v") == "v"
    assert cache.get_or_compute("k", lambda: calls.append(1) or "w") == "v"
    cache.clear()
    assert cache.get_or_compute("k", lambda: calls.append(1) or "w") == "w"
    assert len(calls) == 2


def test_concurrent_misses_compute_once():
    cache = PageCache()
    calls = []

    def slow():
        calls.append(1)
        time.sleep(0.2)
        return "page"

    threads = [threading.Thread(target=cache.get_or_compute, args=("k", slow)) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1
    assert cache.peek("k") == "page"


def test_value_computed_across_a_clear_is_not_kept():
    cache = PageCache()
    started = threading.Event()

    def stale():
        started.set()
        time.sleep(0.2)
        return "before the change"

    t = threading.Thread(target=cache.get_or_compute, args=("k", stale))
    t.start()
    started.wait()
    cache.clear()  # e.g. an official rejected the theme meanwhile
    t.join()
    assert cache.peek("k") is None


def test_ttl_expires():
    cache = PageCache(ttl_s=0.05)
    cache.get_or_compute("k", lambda: "v")
    time.sleep(0.1)
    assert cache.peek("k") is None


def test_failed_compute_leaves_no_lock_behind():
    cache = PageCache()

    def boom():
        raise RuntimeError("x")

    try:
        cache.get_or_compute("k", boom)
    except RuntimeError:
        pass
    assert cache._building == {}
    assert cache.get_or_compute("k", lambda: "ok") == "ok"

"""Per-client rate limit for the form receiver: token buckets in bounded memory.

Each client address has a bucket of ``burst`` tokens that refills at
``rate_per_min``; a post takes one token, and an empty bucket means 429 with
the seconds until the next token. At most ``max_clients`` buckets are kept:
beyond that the least recently seen client is forgotten (and starts again
with a full bucket), so a flood from rotating addresses costs bounded memory.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable


class TokenBuckets:
    """Token buckets keyed by client address; thread-safe."""

    def __init__(
        self,
        rate_per_min: float,
        burst: int,
        *,
        max_clients: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """Set the limits.

        Args:
            rate_per_min: Tokens added per minute; 0 turns the limit off.
            burst: The most tokens a bucket holds (posts allowed at once).
            max_clients: Most client addresses remembered.
            clock: Monotonic seconds (tests pass a fake clock).
        """
        self.rate_per_s = rate_per_min / 60.0
        self.burst = max(1, burst)
        self.max_clients = max_clients
        self._clock = clock
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()  # client -> (tokens, at)
        self._lock = threading.Lock()

    def take(self, client: str) -> float:
        """Take a token for ``client``; return 0 when allowed, else the seconds to wait."""
        if self.rate_per_s <= 0:
            return 0.0
        now = self._clock()
        with self._lock:
            tokens, at = self._buckets.pop(client, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - at) * self.rate_per_s)
            wait = 0.0
            if tokens >= 1.0:
                tokens -= 1.0
            else:
                wait = (1.0 - tokens) / self.rate_per_s
            self._buckets[client] = (tokens, now)
            while len(self._buckets) > self.max_clients:
                self._buckets.popitem(last=False)
        return wait

    @staticmethod
    def retry_after(wait_s: float) -> str:
        """Return a ``Retry-After`` value (whole seconds, at least 1)."""
        return str(max(1, math.ceil(wait_s)))

"""Per-client rate limit for the form receiver: token buckets in bounded memory.

Each client address has a bucket of ``burst`` tokens that refills at
``rate_per_min``; a post takes one token, and an empty bucket means 429 with
the seconds until the next token. At most ``max_clients`` buckets are kept:
beyond that the least recently seen client is forgotten (and starts again
with a full bucket), so a flood from rotating addresses costs bounded memory.
"""

from __future__ import annotations

import ipaddress
import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


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


def parse_networks(entries: Iterable[str]) -> tuple[IPNetwork, ...]:
    """Parse addresses and CIDR ranges (``10.0.0.5``, ``10.1.0.0/16``, ``::1``)."""
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry.strip())


def _trusted(address: str, trusted: Sequence[IPNetwork]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in trusted)


def client_address(peer: str, forwarded_for: Sequence[str], trusted: Sequence[IPNetwork]) -> str:
    """Return the client's address for rate limiting.

    The peer's address, unless the peer is a trusted proxy: then the nearest
    ``X-Forwarded-For`` hop that is not itself a trusted proxy. Hops further
    left were written by the client and are never believed.

    Args:
        peer: The TCP peer's address.
        forwarded_for: Every ``X-Forwarded-For`` header value, in order.
        trusted: The trusted proxies (``web_trusted_proxies``).
    """
    if not trusted or not _trusted(peer, trusted):
        return peer
    hops = [hop.strip() for value in forwarded_for for hop in value.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _trusted(hop, trusted):
            return hop[:64]
    return hops[0][:64] if hops else peer

"""Who is the client: addresses behind trusted reverse proxies, for the web app and the form receiver.

One rule for both: the TCP peer's address, unless the peer is a trusted proxy
(``LYHORD_WEB_TRUSTED_PROXIES``); then the nearest ``X-Forwarded-For`` hop that
is not itself a trusted proxy. Hops further left were written by the client.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


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

"""Guards in front of the password check: failure budgets, account lockout and a gate.

An argon2 check is deliberately expensive (about 64 MiB and 0.1–0.2 s), so the
sign-in route must not run many at once, nor let one client or one account
make unlimited guesses:

- ``LoginThrottle`` refuses a client address that failed too often lately, and
  locks an *account* (whatever address the guesses come from) after a few
  failures, for a time that doubles with each further failure. Its memory is
  bounded: random user names and rotating addresses evict the oldest entries,
  never the state of a known account.
- ``PasswordGate`` runs at most ``concurrency`` checks at a time in threads of
  its own (at a lower priority than pages), lets a few more wait briefly, and
  turns everyone else away at once with ``GateBusy`` (the page then says "try
  again in a moment").
"""

from __future__ import annotations

import asyncio
import functools
import logging
import os
import sys
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TypeVar

import anyio

T = TypeVar("T")
log = logging.getLogger(__name__)
CHECK_NICENESS = 10  # added to the nice value of the threads that check passwords


class GateBusy(Exception):
    """Too many password checks are running or waiting; the caller should try again soon."""


@dataclass
class _Account:
    failures: int = 0
    locked_until: float = 0.0
    last_failure: float = 0.0


class LoginThrottle:
    """Per-account lockout with exponential backoff, and a failure budget per client address.

    Thread-safe; state lives in memory (one app process serves the city) and is lost
    on restart, which only ever shortens a lockout.
    """

    def __init__(
        self,
        *,
        free_failures: int = 5,
        base_lock_s: float = 60.0,
        max_lock_s: float = 3600.0,
        forget_after_s: float = 24 * 3600.0,
        client_budget: int = 20,
        client_window_s: float = 15 * 60.0,
        max_entries: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """Set the limits.

        Args:
            free_failures: Failures an account may have before it is locked.
            base_lock_s: The first lock; each further failure doubles it.
            max_lock_s: The longest lock.
            forget_after_s: An account with no failure for this long starts afresh.
            client_budget: Failures a client address may have within ``client_window_s``.
            client_window_s: The window of the client budget.
            max_entries: Most user names and most client addresses remembered (each);
                accounts known to exist are never evicted.
            clock: Monotonic seconds (tests pass a fake clock).
        """
        self.free_failures, self.base_lock_s, self.max_lock_s = free_failures, base_lock_s, max_lock_s
        self.forget_after_s, self.client_budget, self.client_window_s = forget_after_s, client_budget, client_window_s
        self.max_entries = max_entries
        self._clock = clock
        self._known: dict[str, _Account] = {}
        self._unknown: OrderedDict[str, _Account] = OrderedDict()
        self._clients: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def refusal(self, username: str, client: str) -> str | None:
        """Return why a sign-in must be refused now (``"client"`` or ``"account"``), else None."""
        now = self._clock()
        with self._lock:
            times = self._clients.get(client)
            if times is not None and len(times) >= self.client_budget and now - times[0] < self.client_window_s:
                return "client"
            account = self._account(username.lower(), now)
            if account is not None and account.locked_until > now:
                return "account"
        return None

    def retry_after_s(self, username: str, client: str) -> int:
        """Return the seconds until ``username`` may try again from ``client`` (0 when now)."""
        now = self._clock()
        with self._lock:
            account = self._account(username.lower(), now)
            wait = 0.0 if account is None else account.locked_until - now
            times = self._clients.get(client)
            if times is not None and len(times) >= self.client_budget:
                wait = max(wait, times[0] + self.client_window_s - now)
        return max(0, int(wait + 0.999))

    def failed(self, username: str, client: str, *, known: bool) -> bool:
        """Record a failed sign-in and return True when it locked the account.

        Args:
            username: The typed user name.
            client: The client address (see ``auth.client_address``).
            known: Whether the account exists; unknown names are remembered in a bounded
                table, so a flood of random names costs bounded memory.
        """
        now = self._clock()
        key = username.lower()
        with self._lock:
            self._note_client(client, now)
            account = self._account(key, now)
            if account is None:
                account = self._new_account(key, known)
            elif known and key in self._unknown:
                self._known[key] = account = self._unknown.pop(key)
            elif key in self._unknown:
                self._unknown.move_to_end(key)
            account.failures += 1
            account.last_failure = now
            over = account.failures - self.free_failures
            if over < 0:
                return False
            account.locked_until = now + min(self.max_lock_s, self.base_lock_s * 2.0 ** min(over, 30))
            return True

    def succeeded(self, username: str) -> None:
        """Forget an account's failures after a good sign-in."""
        key = username.lower()
        with self._lock:
            self._known.pop(key, None)
            self._unknown.pop(key, None)

    def _account(self, key: str, now: float) -> _Account | None:
        account = self._known.get(key) or self._unknown.get(key)
        if account is not None and account.locked_until <= now and now - account.last_failure > self.forget_after_s:
            self._known.pop(key, None)
            self._unknown.pop(key, None)
            return None
        return account

    def _new_account(self, key: str, known: bool) -> _Account:
        account = _Account()
        if known:
            self._known[key] = account
        else:
            _bounded_put(self._unknown, key, account, self.max_entries)
        return account

    def _note_client(self, client: str, now: float) -> None:
        times = self._clients.pop(client, None) or deque(maxlen=self.client_budget)
        while times and now - times[0] >= self.client_window_s:
            times.popleft()
        times.append(now)
        _bounded_put(self._clients, client, times, self.max_entries)


def _bounded_put(table: OrderedDict[str, T], key: str, value: T, limit: int) -> None:
    """Insert as the newest entry, evicting the oldest beyond ``limit``."""
    table[key] = value
    table.move_to_end(key)
    while len(table) > limit:
        table.popitem(last=False)


class PasswordGate:
    """Run password checks in threads of their own, at most ``concurrency`` at a time.

    Up to ``max_waiting`` callers wait up to ``wait_s`` for a slot; the rest, and those
    whose wait runs out, get ``GateBusy`` straight away, so a flood of sign-ins costs
    neither memory (each argon2 check allocates its own) nor the threads other pages
    need. On Linux the checking threads run at a lower priority (``nice``), so pages
    stay quick while the CPU is busy hashing.
    """

    def __init__(self, concurrency: int = 2, max_waiting: int = 8, wait_s: float = 1.0) -> None:
        """Set the limits (``concurrency`` argon2 checks, each about 64 MiB at the default cost)."""
        self.concurrency, self.max_waiting, self.wait_s = concurrency, max_waiting, wait_s
        self._limiter = anyio.CapacityLimiter(concurrency)
        self._waiting = 0
        self._threads = ThreadPoolExecutor(
            max_workers=concurrency, thread_name_prefix="lyhord-password", initializer=_lower_priority
        )

    async def run(self, func: Callable[..., T], *args: object) -> T:
        """Run ``func(*args)`` in a checking thread once a slot is free.

        Raises:
            GateBusy: Too many are waiting, or no slot came free within ``wait_s``.
        """
        borrower = object()
        if self._limiter.available_tokens < 1 and self._waiting >= self.max_waiting:
            raise GateBusy()
        self._waiting += 1
        try:
            with anyio.fail_after(self.wait_s):
                await self._limiter.acquire_on_behalf_of(borrower)
        except TimeoutError:
            raise GateBusy() from None
        finally:
            self._waiting -= 1
        try:
            return await asyncio.get_running_loop().run_in_executor(self._threads, functools.partial(func, *args))
        finally:
            self._limiter.release_on_behalf_of(borrower)

    def close(self) -> None:
        """Stop the checking threads (a check under way finishes first)."""
        self._threads.shutdown(wait=False, cancel_futures=True)


def _lower_priority() -> None:
    """Lower the calling thread's priority; argon2's lane threads, started from it, inherit it."""
    if not sys.platform.startswith("linux"):
        return  # elsewhere PRIO_PROCESS would name a process, not this thread
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), CHECK_NICENESS)
    except OSError:
        log.debug("could not lower the priority of the password-check thread")

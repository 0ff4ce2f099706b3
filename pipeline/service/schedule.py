"""The nightly schedule: one cron expression (``LYHORD_NIGHTLY_CRON``) in one time zone."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from cronsim import CronSim, CronSimError

from pipeline.errors import ConfigError

log = logging.getLogger(__name__)


def next_fire(cron: str, tz: str, after: datetime | None = None) -> datetime:
    """Return the next time ``cron`` fires in ``tz`` after ``after`` (aware datetime).

    Raises:
        ConfigError: the expression or the time zone is not valid.
    """
    try:
        zone = ZoneInfo(tz)
    except Exception:  # noqa: BLE001 - zoneinfo raises several kinds
        raise ConfigError(f"unknown time zone {tz!r} in LYHORD_NIGHTLY_TZ; use e.g. 'Europe/Stockholm'") from None
    start = (after or datetime.now(zone)).astimezone(zone).replace(second=0, microsecond=0)
    try:
        return next(CronSim(cron, start))
    except CronSimError as exc:
        raise ConfigError(f"LYHORD_NIGHTLY_CRON {cron!r} is not a cron expression ({exc}); e.g. '0 2 * * *'") from None


class Scheduler:
    """A thread that calls ``fire`` each time the cron expression comes due."""

    def __init__(self, cron: str, tz: str, fire: Callable[[], None]) -> None:
        """Validate the schedule now, so a bad setting stops the service at start."""
        next_fire(cron, tz)
        self.cron, self.tz, self._fire = cron, tz, fire
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="lyhord-schedule", daemon=True)
        self.next_at: datetime | None = None

    def start(self) -> None:
        """Start the schedule thread."""
        self._thread.start()

    def stop(self) -> None:
        """Stop the schedule thread (a run already started goes on)."""
        self._stop.set()

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.next_at = next_fire(self.cron, self.tz)
            log.info("next scheduled run at %s", self.next_at.isoformat())
            while not self._stop.is_set():
                left = (self.next_at - datetime.now(self.next_at.tzinfo)).total_seconds()
                if left <= 0:
                    break
                self._stop.wait(min(left, 30.0))
            if self._stop.is_set():
                return
            try:
                self._fire()
            except Exception as exc:  # noqa: BLE001 - a refused or failed run is recorded; the schedule goes on
                log.warning("scheduled run not started: %s", type(exc).__name__)

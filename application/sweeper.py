"""The expiry sweeper: releases reservations within a few seconds of their expiry."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Protocol

from application.executor import Executor
from application.reservations import Release
from application.service import StockLedger
from domain.errors import StockError

log = logging.getLogger(__name__)

DueReservations = Callable[[datetime, int], list[str]]


class Clock(Protocol):
    """The time source: a port, so tests can move time."""

    def now(self) -> datetime:
        """The current moment, timezone-aware."""
        ...


class SystemClock:
    """The real clock."""

    def now(self) -> datetime:
        """The current moment in UTC."""
        return datetime.now(UTC)


class ExpirySweeper:
    """Every ``interval`` seconds, releases the open reservations whose expiry has passed."""

    def __init__(
        self,
        ledger: StockLedger,
        executor: Executor,
        due: DueReservations,
        clock: Clock,
        interval: float = 1.0,
        batch: int = 500,
    ) -> None:
        self.ledger = ledger
        self.executor = executor
        self.due = due
        self.clock = clock
        self.interval = interval
        self.batch = batch
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def sweep(self) -> int:
        """Release what is due now; returns how many reservations were released."""
        now = self.clock.now()
        released = 0
        for reservation_id in self.due(now, self.batch):
            try:
                released += self._expire(reservation_id, now)
            except StockError as exc:
                # Closed meanwhile (fulfilled, released by hand): nothing to expire.
                log.info("not expiring %s: %s", reservation_id, exc)
        return released

    def _expire(self, reservation_id: str, now: datetime) -> bool:
        res = self.ledger.reservation(reservation_id)
        if res.status != "reserved" or res.expires_at is None or res.expires_at > now:
            return False
        self.executor.execute(Release(reservation_id, "expired"))
        return True

    def start(self) -> None:
        """Sweep in a background thread until stop()."""
        self._thread = threading.Thread(target=self._run, name="expiry-sweeper", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop sweeping."""
        self._stop.set()
        if self._thread:
            self._thread.join(timeout=10)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.sweep()
            except Exception:
                log.exception("expiry sweep failed; trying again")

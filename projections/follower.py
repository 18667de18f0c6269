"""A follower that tails the event log in batches: polled, and woken in-process after saves.

SQLite has no LISTEN/NOTIFY, so the library's subscription can't serve it; this follower reads
the notification log after the view's tracked position and applies each batch with its
position in one transaction. Rebuilds use it on both backends.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from eventsourcing.application import Application
from eventsourcing.persistence import Tracking

from projections.store import View, process

log = logging.getLogger(__name__)


class Follower:
    """Keeps one view up to date with one application's log."""

    def __init__(
        self, app: Application[Any], view: View, batch_size: int = 1000, poll_interval: float = 0.1
    ) -> None:
        self.app = app
        self.view = view
        self.batch_size = batch_size
        self.poll_interval = poll_interval
        self.listeners: list[Callable[[], None]] = []  # told after each applied batch
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def position(self) -> int:
        """The last log position the view has applied (0 when empty)."""
        return self.view.max_tracking_id(self.app.name) or 0

    def step(self) -> int:
        """Apply the next batch; returns how many events it applied."""
        notifications = self.app.recorder.select_notifications(
            start=self.position, limit=self.batch_size, inclusive_of_start=False
        )
        if not notifications:
            return 0
        if self.view.model.wants_notifications:
            events: list[tuple[Any, int]] = [(n, n.id) for n in notifications]
        else:
            events = [(self.app.mapper.to_domain_event(n), n.id) for n in notifications]
        process(self.view, events, Tracking(self.app.name, notifications[-1].id))
        for listener in self.listeners:
            listener()
        return len(notifications)

    def catch_up(self, progress: Callable[[int], None] | None = None) -> int:
        """Apply batches until the log is exhausted; returns how many events were applied."""
        total = 0
        while applied := self.step():
            total += applied
            if progress:
                progress(applied)
        return total

    def wake(self, _position: int = 0) -> None:
        """Tell the follower there is something new (called after each local save)."""
        self._wake.set()

    def start(self) -> None:
        """Follow in a background thread until stop()."""
        self._thread = threading.Thread(
            target=self._run, name=f"follow-{self.view.model.name}", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop following and wait for the thread."""
        self._stop.set()
        self._wake.set()
        if self._thread:
            self._thread.join(timeout=10)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                full = self.step() == self.batch_size
            except Exception:
                # A failed batch rolled back with its position; it is retried, never skipped.
                log.exception("view %s failed a batch; retrying", self.view.model.name)
                full = False
                self._stop.wait(1.0)
            if not full:
                self._wake.wait(self.poll_interval)
                self._wake.clear()

"""A follower that tails the event log in batches: polled, and woken in-process after saves.

SQLite has no LISTEN/NOTIFY, so the library's subscription can't serve it; this follower reads
the notification log after the view's tracked position and applies each batch with its
position in one transaction. Rebuilds use it on both backends.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from eventsourcing.application import Application
from eventsourcing.persistence import Tracking

from projections.store import View, process
from projections.tailing import Tailing

log = logging.getLogger(__name__)


class Follower(Tailing):
    """Keeps one view up to date with one application's log."""

    def __init__(
        self, app: Application[Any], view: View, batch_size: int = 1000, poll_interval: float = 0.1
    ) -> None:
        self.app = app
        self.view = view
        self.batch_size = batch_size
        self.poll_interval = poll_interval
        self.listeners: list[Callable[[], None]] = []  # told after each applied batch
        self.thread_name = f"follow-{view.model.name}"
        super().__init__()

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

    def recover(self) -> None:
        """A failed batch rolled back with its position; it is retried, never skipped."""
        log.exception("view %s failed a batch; retrying", self.view.model.name)
        self._stop.wait(1.0)

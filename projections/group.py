"""One follower for every view: each batch of the log is read and decoded once, and one
transaction applies it to every view and advances each view's tracked position.

Four views following alone read each batch four times, decode it three times and commit four
transactions; on two cores that overhead, not the views' own work, was most of their cost. A
failed batch is retried view by view (each view's own Follower), so a view that fails stalls
only itself, as before.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import Tracking

from projections.cursor import ViewCursor
from projections.follower import Follower
from projections.store import View
from projections.tailing import Tailing

log = logging.getLogger(__name__)


class FollowerGroup(Tailing):
    """Keeps several views of one application's log up to date, in shared transactions."""

    def __init__(
        self, followers: Sequence[Follower], batch_size: int = 1000, poll_interval: float = 0.1
    ) -> None:
        self.followers = list(followers)
        self.app = self.followers[0].app
        self.batch_size = batch_size
        self.poll_interval = poll_interval
        self._positions: list[int] | None = None  # as committed by this group
        self.thread_name = "follow-views"
        super().__init__()

    def step(self) -> int:
        """Apply the next batch to every view that has not seen it; how many events it read."""
        positions = self._positions or [f.position for f in self.followers]
        notifications = self.app.recorder.select_notifications(
            start=min(positions), limit=self.batch_size, inclusive_of_start=False
        )
        if not notifications:
            self._positions = positions
            return 0
        last = notifications[-1].id
        views = [f.view for f in self.followers]
        try:
            with views[0].cursor(commit=True) as cur:
                self._apply(cur, positions, notifications)
        except BaseException:
            self._positions = None
            for view in views:
                view.model.discarded()
            raise
        self._positions = [last] * len(views)
        for view in views:
            view.model.committed(last)
        self._tell(self.followers)
        return len(notifications)

    def _apply(self, cur: ViewCursor, positions: list[int], notifications: Sequence[Any]) -> None:
        # Each view gets the part of the batch it has not applied, decoded unless it wants the
        # stored notifications, and advances to the batch's end.
        last = notifications[-1].id
        stored = [(n, n.id) for n in notifications]
        decoded: list[tuple[Any, int]] | None = None
        for follower, position in zip(self.followers, positions, strict=True):
            view = follower.view
            if position >= last:
                continue
            if view.model.wants_notifications:
                view.model.apply(cur, _after(stored, position))
            else:
                decoded = decoded or self._decode(notifications)
                view.model.apply(cur, _after(decoded, position))
            view.advance(cur, Tracking(self.app.name, last))

    @staticmethod
    def _tell(followers: Sequence[Follower]) -> None:
        # Each follower's listeners (the reactor's wake-up) hear of its view's new batch.
        for follower in followers:
            for listener in follower.listeners:
                listener()

    def _decode(self, notifications: Sequence[Any]) -> list[tuple[Any, int]]:
        return [(self.app.mapper.to_domain_event(n), n.id) for n in notifications]

    def recover(self) -> None:
        """Apply the failed batch view by view: the healthy views advance, a failing one
        is logged and retried (and stalls only itself)."""
        log.exception("views failed a shared batch; applying it view by view")
        self._one_by_one()

    def _one_by_one(self) -> None:
        # Each view alone, as its own Follower would: the healthy ones advance.
        failed = False
        for follower in self.followers:
            try:
                follower.step()
            except Exception:
                log.exception("view %s failed a batch; retrying", follower.view.model.name)
                failed = True
        self._tell(self.followers)
        if failed:
            self._stop.wait(1.0)


def _after(batch: list[tuple[Any, int]], position: int) -> list[tuple[Any, int]]:
    # Usually every view is at the same position, and the whole batch is new to each.
    return batch if batch[0][1] > position else [pair for pair in batch if pair[1] > position]


def shares_store(views: Sequence[View]) -> bool:
    """True when every view lives in the same datastore (one transaction can span them)."""
    return all(v.datastore is views[0].datastore for v in views)

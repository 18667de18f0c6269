"""The read side as the HTTP API sees it: view queries behind the consistency token."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from domain.errors import PositionNotReached, SkuNotFound
from interfaces.runtime.bootstrap import Container
from projections import event_query, read
from projections import sync as sync_view


class ReadSide:
    """Answers from the views, after waiting (bounded) for a client's ``min_position``."""

    def __init__(self, container: Container) -> None:
        self.container = container

    def _caught_up(self, view: str, min_position: int | None, timeout: float) -> None:
        # A position the log has not reached was never given to anyone: the client's mistake,
        # refused at once. One the log has reached is worth a bounded wait for the view.
        if not min_position:
            return
        end = self.container.ledger.recorder.max_notification_id() or 0
        if min_position > end:
            raise PositionNotReached(
                f"min_position {min_position} is beyond the end of the log (position {end}): "
                "pass a position this service answered"
            )
        self.container.wait_for(view, min_position, timeout)

    def _inventory(self, min_position: int | None, timeout: float) -> Any:
        self._caught_up("inventory", min_position, timeout)
        return self.container.views["inventory"]

    def availability(
        self, channel: str, sku: str, min_position: int | None, timeout: float
    ) -> dict[str, Any]:
        """A channel's figure for a SKU, with the rule inputs that produced it."""
        self.container.ledger.channel(channel)
        row = read.availability(self._inventory(min_position, timeout), channel, sku)
        if row is None:
            raise SkuNotFound(f"SKU {sku!r} has no availability on {channel!r} yet")
        return row

    def availability_page(
        self, channel: str, after: str | None, limit: int, min_position: int | None, timeout: float
    ) -> dict[str, Any]:
        """A page of a channel's figures."""
        self.container.ledger.channel(channel)
        view = self._inventory(min_position, timeout)
        items, next_after = read.availability_page(view, channel, after, limit)
        return {"items": items, "next_after": next_after}

    def replenishment(
        self,
        location: str | None,
        after: str | None,
        limit: int,
        min_position: int | None,
        timeout: float,
    ) -> dict[str, Any]:
        """The SKU-locations currently at or below their reorder point."""
        view = self._inventory(min_position, timeout)
        items, next_after = read.replenishment_page(view, location, after, limit)
        return {"items": items, "next_after": next_after}

    def sync(
        self, channel: str, status: str | None, after: str | None, limit: int
    ) -> dict[str, Any]:
        """Whether the channel's marketplace agrees with us, per SKU."""
        self.container.ledger.channel(channel)
        view = self.container.views["inventory"]
        drift = self.container.settings.sync_drift_seconds
        rows = sync_view.status_page(view, channel, after, limit, datetime.now(UTC), drift)
        next_after = rows[-1]["sku"] if len(rows) == limit else None
        items = [row for row in rows if status is None or row["status"] == status]
        return {"items": items, "next_after": next_after}

    def events(
        self,
        where: event_query.LogFilter,
        after: int,
        limit: int,
        min_position: int | None,
        timeout: float,
    ) -> dict[str, Any]:
        """A page of the global event log, in log order."""
        self._caught_up("event_log", min_position, timeout)
        view = self.container.views["event_log"]
        found, next_after = event_query.page(view, where, after, limit)
        return {"events": [entry.record() for entry in found], "next_after": next_after}

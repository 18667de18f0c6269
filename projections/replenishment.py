"""`replenishment`: SKU-locations at or below their reorder point, part of the inventory view.

A row is open exactly while its StockItem's ``replenishment_open`` is: opened by
ReplenishmentRequested, closed by ReplenishmentCleared, and kept current (available, reorder
point and quantity) while it is open. A batch writes each item's row once.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any
from uuid import UUID

from domain.stock_item import StockItem
from projections import events
from projections.cursor import ViewCursor
from projections.table import Index, Table

BY_LOCATION = Index("replenishment_by_location", "replenishment", "location, sku")
DDL = (
    "CREATE TABLE IF NOT EXISTS replenishment ("
    "sku TEXT NOT NULL, location TEXT NOT NULL, available BIGINT NOT NULL, "
    "reorder_point BIGINT NOT NULL, reorder_quantity BIGINT NOT NULL, "
    "requested_at TIMESTAMPTZ NOT NULL, position BIGINT NOT NULL, "
    "PRIMARY KEY (sku, location))",
    BY_LOCATION.create,
)
REPLENISHMENT = Table(
    "replenishment",
    (
        "sku",
        "location",
        "available",
        "reorder_point",
        "reorder_quantity",
        "requested_at",
        "position",
    ),
    ("sku", "location"),
    ("requested_at",),
)
REFRESH = (
    "UPDATE replenishment SET available=%s, reorder_point=%s, reorder_quantity=%s "
    "WHERE sku=%s AND location=%s"
)


class Replenishment:
    """The requests a batch opened (when, at which position) and closed, by item."""

    def __init__(self) -> None:
        self.opened: dict[UUID, tuple[datetime, int]] = {}
        self.closed: set[UUID] = set()

    def apply(self, event: Any, position: int) -> None:
        """Note a StockItem event that opens or closes a request."""
        match event:
            case events.ReplenishmentRequested():
                self.opened[event.originator_id] = (event.timestamp, position)
                self.closed.discard(event.originator_id)
            case events.ReplenishmentCleared():
                self.opened.pop(event.originator_id, None)
                self.closed.add(event.originator_id)

    def write(self, cur: ViewCursor, changed: Mapping[UUID, StockItem]) -> None:
        """Delete the closed rows, upsert the opened ones and refresh the other open ones,
        each with its item's state after the batch."""
        closed = [changed[i] for i in sorted(self.closed)]
        cur.delete(REPLENISHMENT, [(item.sku, item.location) for item in closed])
        opened = [(changed[i], at, position) for i, (at, position) in self.opened.items()]
        cur.upsert(REPLENISHMENT, [(*_row(item), at, pos) for item, at, pos in opened])
        refreshed = [
            (*_row(item)[2:], item.sku, item.location)
            for i, item in changed.items()
            if item.replenishment_open and i not in self.opened
        ]
        if refreshed:
            cur.executemany(REFRESH, refreshed)


def _row(item: StockItem) -> tuple[Any, ...]:
    # The row's columns up to requested_at, from the item's state.
    return (item.sku, item.location, item.available, item.reorder_point, item.reorder_quantity)

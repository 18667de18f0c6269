"""`channel_reservations`, part of the inventory view: the units each open reservation holds of
a SKU-location, and for which channel (ring fences are used up by their own channel's holds).

Every open hold of the SKUs the view has loaded is kept in its memory, so a release finds its
channel without a query; a batch writes the holds it added and deletes those it closed.
"""

from __future__ import annotations

from typing import Any

from projections.cursor import ViewCursor
from projections.table import Table

DDL = (
    "CREATE TABLE IF NOT EXISTS channel_reservations ("
    "reservation_id TEXT NOT NULL, item_id TEXT NOT NULL, sku TEXT NOT NULL, "
    "channel TEXT NOT NULL, quantity BIGINT NOT NULL, PRIMARY KEY (reservation_id, item_id))",
    "CREATE INDEX IF NOT EXISTS channel_reservations_by_sku ON channel_reservations (sku)",
)
HOLDS = Table(
    "channel_reservations",
    ("reservation_id", "item_id", "sku", "channel", "quantity"),
    ("reservation_id", "item_id"),
)

HoldKey = tuple[str, str]  # (reservation id, StockItem id as hex)
Hold = tuple[str, str, int]  # (sku, channel, quantity)


def hold_key(event: Any) -> HoldKey:
    """The hold a StockItem's reservation event is about."""
    return str(event.reservation_id), event.originator_id.hex


class Holds:
    """One batch's changes to the open holds (``known``: the memory's, changed in place)."""

    def __init__(self, known: dict[HoldKey, Hold]) -> None:
        self.known = known
        self.added: dict[HoldKey, Hold] = {}
        self.removed: set[HoldKey] = set()

    def reserve(self, event: Any, sku: str) -> tuple[str, int]:
        """A StockItem reserved units for a channel; returns (channel, units now held)."""
        key = hold_key(event)
        hold = (sku, str(event.channel), int(event.quantity))
        self.known[key] = self.added[key] = hold
        return hold[1], hold[2]

    def release(self, event: Any) -> tuple[str, int] | None:
        """A reservation's units were released or shipped; returns (channel, -units), or None
        for a reservation the view holds nothing of."""
        key = hold_key(event)
        hold = self.known.pop(key, None)
        if hold is None:
            return None
        if self.added.pop(key, None) is None:
            self.removed.add(key)
        return hold[1], -hold[2]

    def write(self, cur: ViewCursor) -> None:
        """Delete the closed holds, then insert the new ones still open."""
        cur.delete(HOLDS, sorted(self.removed))
        cur.insert(HOLDS, [(*key, *hold) for key, hold in self.added.items()])

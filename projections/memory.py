"""What the inventory view keeps in memory between batches, so that a batch reads from the
database only what it has never seen: every stock level, open hold and figure input of the
SKUs it has loaded, and the names behind channel and listing ids.

Kept only while it is certain to match the tables: it is dropped when a batch rolls back, and
whenever the view's stored position is not the one this process last committed (another
process applied batches meanwhile, or the view was rebuilt).
"""

from __future__ import annotations

from uuid import UUID

from projections.book import AvailabilityBook
from projections.cursor import ViewCursor
from projections.holds import Hold, HoldKey
from projections.levels import Level

MAX_ITEMS = 100_000
MAX_SKUS = 50_000
MAX_HOLDS = 200_000


class Memory:
    """The loaded SKUs' levels, holds and figure inputs, as of ``position``."""

    def __init__(self) -> None:
        self.clear()

    def clear(self) -> None:
        """Forget everything."""
        self.position: int | None = None
        self.items: dict[UUID, Level] = {}
        self.skus: dict[str, set[UUID]] = {}  # a loaded SKU's items, at every location
        self.holds: dict[HoldKey, Hold] = {}
        self.listings: dict[str, tuple[str, str]] = {}  # listing id (hex) -> (channel, sku)
        self.channels: dict[str, str] = {}  # channel id (hex) -> name
        self.book: AvailabilityBook | None = None

    def validate(self, cur: ViewCursor, tracking_table: str) -> None:
        """Drop what might not match the tables any more (or has grown too big)."""
        cur.execute(
            f"SELECT MAX(notification_id) AS position FROM {tracking_table} "
            "WHERE application_name <> '__migration__'"
        )
        row = cur.fetchone()
        stored = None if row is None or row["position"] is None else int(row["position"])
        big = (
            len(self.items) > MAX_ITEMS or len(self.skus) > MAX_SKUS or len(self.holds) > MAX_HOLDS
        )
        if stored is None or stored != self.position or big:
            self.clear()

    def add(self, item_id: UUID, level: Level) -> None:
        """A level loaded, or registered by the batch (a changed one replaces its entry in
        ``items``)."""
        self.items[item_id] = level
        self.skus.setdefault(level[0].sku, set()).add(item_id)

    def levels_of(self, sku: str) -> list[Level]:
        """The levels of a loaded SKU at every location."""
        return [self.items[i] for i in self.skus[sku]]

    def committed(self, position: int) -> None:
        """The batch is durable: what was kept is now the view's state."""
        self.position = position

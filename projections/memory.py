"""What the inventory view keeps in memory between batches, so that a batch reads from the
database only what it has never seen: the StockItems' levels and the AvailabilityBook.

Kept only while it is certain to match the tables: it is dropped when a batch rolls back, and
whenever the view's stored position is not the one this process last committed (another
process applied batches meanwhile, or the view was rebuilt).
"""

from __future__ import annotations

from uuid import UUID

from domain.stock_item import StockItem
from projections.book import AvailabilityBook
from projections.cursor import ViewCursor

MAX_ITEMS = 100_000
MAX_SKUS = 50_000


class Memory:
    """Levels and figures' inputs as of ``position``."""

    def __init__(self) -> None:
        self.position: int | None = None
        self.items: dict[UUID, StockItem] = {}
        self.book: AvailabilityBook | None = None

    def clear(self) -> None:
        """Forget everything."""
        self.position = None
        self.items = {}
        self.book = None

    def validate(self, cur: ViewCursor, tracking_table: str) -> None:
        """Drop what might not match the tables any more (or has grown too big)."""
        cur.execute(
            f"SELECT MAX(notification_id) AS position FROM {tracking_table} "
            "WHERE application_name <> '__migration__'"
        )
        row = cur.fetchone()
        stored = None if row is None or row["position"] is None else int(row["position"])
        big = len(self.items) > MAX_ITEMS or (
            self.book is not None and len(self.book.stock) > MAX_SKUS
        )
        if stored is None or stored != self.position or big:
            self.clear()

    def keep(self, items: dict[UUID, tuple[StockItem, int]]) -> None:
        """Remember a batch's items (dropped by `clear` if the batch rolls back)."""
        self.items.update((i, item) for i, (item, _) in items.items())

    def committed(self, position: int) -> None:
        """The batch is durable: what was kept is now the view's state."""
        self.position = position

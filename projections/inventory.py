"""The inventory view: stock_levels, sku_totals, replenishment and channel availability.

They are one view, with one tracking position, because channel availability is a function of
the stock levels: kept together, a channel's figure always matches the stock_levels rows of the
same position. Figures are replayed event by event through an AvailabilityBook, so the rows do
not depend on how the log was batched (a rebuild equals the live view, row for row).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast
from uuid import UUID

from domain.stock_item import StockItem
from projections import channels, figures, levels, outbox, replenishment, sync
from projections.book import AvailabilityBook
from projections.cursor import ViewCursor
from projections.memory import Memory
from projections.model import Positioned, ReadModel, event_name
from projections.outbox import Outbox


class Inventory(ReadModel):
    """Every table analysts query for stock and channel availability."""

    name = "inventory"
    tables = (
        "stock_levels",
        "sku_totals",
        "replenishment",
        "channels",
        "channel_sku_rules",
        "channel_reservations",
        "channel_availability",
    )
    ddl = (*levels.DDL, *replenishment.DDL, *channels.DDL, *sync.DDL, *outbox.DDL)

    def __init__(self, emit: bool = True) -> None:
        super().__init__(emit)
        self.memory = Memory()

    def committed(self, position: int) -> None:
        """Keep what this batch read and wrote for the next one."""
        self.memory.committed(position)

    def discarded(self) -> None:
        """The batch rolled back: nothing kept can be trusted."""
        self.memory.clear()

    def apply(self, cur: ViewCursor, events: Sequence[Positioned]) -> None:
        """Advance the touched items and figures event by event; write what changed."""
        self.memory.validate(cur, f"{self.name}_tracking")
        book = self.memory.book or figures.book(cur)
        self.memory.book = book
        book.start_batch()
        items: dict[UUID, tuple[StockItem, int]] = {}
        stored = self._prefetch(cur, book, events)
        messages = Outbox()
        for event, position in events:
            at = (position, event.timestamp)
            if isinstance(event, StockItem.Event):
                item = self._stock_event(cur, book, items, stored, event, at)
                messages.stock_event(event, item.sku, item.location, position)
            elif (name := channels.apply_channel(cur, event, position)) is not None:
                figures.load_all(cur, book)
                book.configure(name, figures.config(event), at)
            elif event_name(event).startswith("Listing."):
                self._listing_event(cur, book, event, at)
                sync.apply(cur, event, position)
        if items:
            self._save_levels(cur, items)
        self.memory.keep(items)
        figures.write(cur, book.changed.values())
        if self.emit:
            for row in book.moves:
                messages.availability(
                    row.channel,
                    row.sku,
                    row.figure.available,
                    row.previous,
                    row.position,
                    row.updated_at,
                )
            messages.write(cur)

    def _prefetch(
        self, cur: ViewCursor, book: AvailabilityBook, events: Sequence[Positioned]
    ) -> dict[UUID, StockItem]:
        """Read what the batch's stock events start from (stored levels, the figures of their
        SKUs) in a few queries up front: a few queries per event made rebuilds crawl. This is
        the only place they are loaded, before any of the batch's own writes."""
        skus: set[str] = set()
        unknown: list[UUID] = []
        for event, _ in events:
            if not isinstance(event, StockItem.Event):
                continue
            if event_name(event) == "StockItem.Registered":
                skus.add(cast(Any, event).sku)
            elif (remembered := self.memory.items.get(event.originator_id)) is not None:
                skus.add(remembered.sku)
            else:
                unknown.append(event.originator_id)
        stored = levels.load_many(cur, unknown)
        skus.update(item.sku for item in stored.values())
        figures.load(cur, book, skus)
        return stored

    def _stock_event(
        self,
        cur: ViewCursor,
        book: AvailabilityBook,
        items: dict[UUID, tuple[StockItem, int]],
        stored: dict[UUID, StockItem],
        event: Any,
        at: tuple[int, Any],
    ) -> StockItem:
        item = self._advance(cur, items, stored, event, at[0])  # its SKU was prefetched
        held = channels.apply_reservation(cur, event, item.sku)
        if held is not None:
            book.hold(held[0], item.sku, held[1], at)
        book.set_stock(item.sku, item.location, item.available, at)
        return item

    def _listing_event(
        self, cur: ViewCursor, book: AvailabilityBook, event: Any, at: tuple[int, Any]
    ) -> None:
        listing = channels.apply_listing(cur, event, at[0])
        if listing is not None:
            channel, sku = listing
            figures.load(cur, book, [sku])
            book.set_overrides(channel, sku, dict(event.rules), at)

    def _advance(
        self,
        cur: ViewCursor,
        items: dict[UUID, tuple[StockItem, int]],
        stored: dict[UUID, StockItem],
        event: Any,
        position: int,
    ) -> StockItem:
        known = items.get(event.originator_id)
        remembered = self.memory.items.get(event.originator_id) or stored.get(event.originator_id)
        if known is not None:
            current: StockItem | None = known[0]
        elif event_name(event) == "StockItem.Registered":
            current = None
        elif remembered is not None:
            current = remembered
        else:
            current = levels.load(cur, event.originator_id)
        item = cast(StockItem, event.mutate(current))
        items[event.originator_id] = (item, position)
        replenishment.apply(cur, item, event, position)
        return item

    def _save_levels(self, cur: ViewCursor, items: dict[UUID, tuple[StockItem, int]]) -> None:
        rows = [levels.row(item, position) for item, position in items.values()]
        levels.save(cur, rows, (item.sku for item, _ in items.values()))
        replenishment.refresh(cur, [item for item, _ in items.values()])

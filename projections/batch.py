"""Batch: what one batch of the inventory view changes, folded in memory event by event, then
written once: each changed row in bulk, each moved figure announced once."""

from __future__ import annotations

from typing import Any, cast
from uuid import UUID

from domain.stock_item import StockItem
from projections import events, figures, levels
from projections.book import AvailabilityBook
from projections.channels import ChannelRows
from projections.cursor import ViewCursor
from projections.holds import Holds
from projections.memory import Memory
from projections.outbox import Outbox
from projections.replenishment import Replenishment
from projections.sync import SYNCED


class Batch:
    """The rows a batch leaves; ``memory`` is advanced in place (dropped if it rolls back)."""

    def __init__(self, memory: Memory, emit: bool) -> None:
        self.memory = memory
        self.emit = emit
        self.levels: dict[UUID, levels.Level] = {}
        self.replenishment = Replenishment()
        self.holds = Holds(memory.holds)
        self.channels = ChannelRows()
        self.confirmed: dict[tuple[str, str], tuple[Any, ...]] = {}
        self.outbox = Outbox()

    def stock_event(self, event: Any, position: int) -> StockItem:
        """Advance the event's StockItem through the aggregate's own code."""
        item_id = event.originator_id
        match event:
            case events.Registered():
                item = cast(StockItem, event.mutate(None))
                self.memory.add(item_id, (item, position))
            case _:
                known = self.memory.items.get(item_id)
                if known is None:
                    raise LookupError(f"stock_levels has no item {item_id}; rebuild the view")
                item = cast(StockItem, event.mutate(known[0]))
                self.memory.items[item_id] = (item, position)
        self.levels[item_id] = (item, position)
        self.replenishment.apply(event, position)
        if self.emit:
            self.outbox.stock_event(event, item.sku, item.location, position)
        return item

    def held(self, event: Any, sku: str) -> tuple[str, int] | None:
        """(channel, change in units held) when the event opens or closes a hold."""
        match event:
            case events.Reserved():
                return self.holds.reserve(event, sku)
            case events.ReservationReleased() | events.ReservationFulfilled():
                return self.holds.release(event)
        return None

    def write(self, cur: ViewCursor, book: AvailabilityBook) -> None:
        """Write every changed row once, and the batch's messages."""
        changed = {i: item for i, (item, _) in self.levels.items()}
        cur.upsert(levels.LEVELS, [levels.level_row(*level) for level in self.levels.values()])
        skus = sorted({item.sku for item in changed.values()})
        totals = [levels.totals_row(sku, self.memory.levels_of(sku)) for sku in skus]
        cur.upsert(levels.TOTALS, totals)
        self.replenishment.write(cur, changed)
        self.holds.write(cur)
        self.channels.write(cur)
        cur.upsert(SYNCED, list(self.confirmed.values()))
        figures.write(cur, book.changed.values())
        if self.emit:
            for announcement in book.announced.values():
                self.outbox.availability(announcement)
            self.outbox.write(cur)

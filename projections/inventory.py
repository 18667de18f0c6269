"""The inventory view: stock_levels, sku_totals, replenishment and channel availability.

They are one view, with one tracking position, because channel availability is a function of
the stock levels: kept together, a channel's figure always matches the stock_levels rows of the
same position. A batch is folded in memory, event by event (so the rows do not depend on how
the log was batched: a rebuild equals the live view, row for row), then each changed row is
written once, in bulk, and each figure that moved is announced once, with its newest value.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from domain.stock_item import StockItem
from projections import channels, events, figures, holds, levels, outbox, replenishment, sync
from projections.batch import Batch
from projections.book import AvailabilityBook
from projections.cursor import ViewCursor
from projections.loading import prefetch
from projections.memory import Memory
from projections.model import Positioned, ReadModel


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
        "listing_sync",
    )
    ddl = (
        *levels.DDL,
        *replenishment.DDL,
        *channels.DDL,
        *holds.DDL,
        *figures.DDL,
        *sync.DDL,
        *outbox.DDL,
    )
    search_indexes = (replenishment.BY_LOCATION,)

    def __init__(self, emit: bool = True) -> None:
        super().__init__(emit)
        self.memory = Memory()

    def committed(self, position: int) -> None:
        """Keep what this batch read and wrote for the next one."""
        self.memory.committed(position)

    def discarded(self) -> None:
        """The batch rolled back: nothing kept can be trusted."""
        self.memory.clear()

    def apply(self, cur: ViewCursor, batch: Sequence[Positioned]) -> None:
        """Fold the batch's events into memory, then write what changed."""
        self.memory.validate(cur, f"{self.name}_tracking")
        prefetch(cur, self.memory, batch)
        book = cast(AvailabilityBook, self.memory.book)
        book.start_batch()
        changes = Batch(self.memory, self.emit)
        for event, position in batch:
            self._fold(changes, book, event, position)
        changes.write(cur, book)

    def _fold(self, batch: Batch, book: AvailabilityBook, event: Any, position: int) -> None:
        at = (position, event.timestamp)
        match event:
            case StockItem.Event():
                item = batch.stock_event(event, position)
                held = batch.held(event, item.sku)
                if held is not None:
                    book.hold(held[0], item.sku, held[1], at)
                book.set_stock(item.sku, item.location, item.available, at)
            case events.ChannelDeclared():
                self.memory.channels[event.originator_id.hex] = event.name
                self._configured(batch, book, event, at)
            case events.ChannelConfigured():
                self._configured(batch, book, event, at)
            case events.ListingOpened() | events.ListingRulesSet() | events.ListingConfirmed():
                self._listing_event(batch, book, event, at)

    def _configured(
        self, batch: Batch, book: AvailabilityBook, event: Any, at: tuple[int, Any]
    ) -> None:
        name = self.memory.channels[event.originator_id.hex]
        batch.channels.configured(name, event, at[0])
        book.configure(name, figures.config(event), at)

    def _listing_event(
        self, batch: Batch, book: AvailabilityBook, event: Any, at: tuple[int, Any]
    ) -> None:
        listing, position = event.originator_id.hex, at[0]
        match event:
            case events.ListingOpened():
                self.memory.listings[listing] = (event.channel, event.sku)
                batch.channels.listed(event.channel, event.sku, listing, {}, position)
                book.open_listing(event.channel, event.sku)
            case events.ListingRulesSet():
                channel, sku = self.memory.listings[listing]
                batch.channels.listed(channel, sku, listing, dict(event.rules), position)
                book.set_overrides(channel, sku, dict(event.rules), at)
            case events.ListingConfirmed():
                channel, sku = self.memory.listings[listing]
                row = sync.confirmation_row(channel, sku, event, position)
                batch.confirmed[(channel, sku)] = row

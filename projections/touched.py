"""What a batch of the inventory view touches: the SKUs its events name or that memory knows
them by, and the item and listing ids whose SKUs are still to be looked up."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from domain.stock_item import StockItem
from projections import events
from projections.memory import Memory


class Touched:
    """Notes a batch's events, one by one, against what memory holds."""

    def __init__(self, memory: Memory) -> None:
        self.memory = memory
        self.skus: set[str] = set()
        self.registered: set[UUID] = set()  # items the batch creates: none of them is stored
        self.items: list[str] = []  # stored items memory does not hold
        self.listings: list[str] = []  # stored listings memory does not know
        self.everything = False  # a channel changed: every SKU is refigured

    def note(self, event: Any) -> None:
        """What this event touches."""
        match event:
            case events.Registered():
                self.skus.add(event.sku)
                self.registered.add(event.originator_id)
            case events.ListingOpened():
                self.skus.add(event.sku)
            case StockItem.Event() if event.originator_id not in self.registered:
                level = self.memory.items.get(event.originator_id)
                self._sku(level[0].sku if level else None, self.items, event.originator_id.hex)
            case events.ListingRulesSet() | events.ListingConfirmed():
                listing = self.memory.listings.get(event.originator_id.hex)
                self._sku(listing[1] if listing else None, self.listings, event.originator_id.hex)
            case events.ChannelDeclared() | events.ChannelConfigured():
                self.everything = True

    def _sku(self, sku: str | None, unknown: list[str], aggregate_id: str) -> None:
        if sku is None:
            unknown.append(aggregate_id)
        else:
            self.skus.add(sku)

"""SkuIndex: the locations that hold a SKU, so the write side can route unlocated lines."""

from __future__ import annotations

from typing import Any

from eventsourcing.domain import Aggregate, event

from domain.ids import sku_index_id


class SkuIndex(Aggregate):
    """Saved in the same transaction as each new StockItem of the SKU."""

    @staticmethod
    def create_id(sku: str) -> Any:
        """Deterministic from the SKU."""
        return sku_index_id(sku)

    @event("Indexed")
    def __init__(self, sku: str) -> None:
        self.sku = sku
        self.locations: list[str] = []

    def add(self, location: str) -> None:
        """Record that the SKU is now held (or expected) at ``location``."""
        if location not in self.locations:
            self._location_added(location)

    @event("LocationAdded")
    def _location_added(self, location: str) -> None:
        self.locations.append(location)
        self.locations.sort()

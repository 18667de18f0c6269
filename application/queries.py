"""Queries answered from the event store itself: current and past stock levels, histories."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from application import views
from application.core import LedgerCore
from domain.errors import SkuNotFound, StockItemNotFound
from domain.stock_item import StockItem


class LedgerQueries(LedgerCore):
    """What is in stock here now, and what was in stock then."""

    def stock_level(
        self,
        sku: str,
        location: str,
        as_of: datetime | None = None,
        as_of_version: int | None = None,
    ) -> dict[str, Any]:
        """A SKU-location's level now, at a past moment, or after a given version."""
        item_id = StockItem.create_id(sku, location)
        version = as_of_version
        if as_of is not None:
            version = self.version_at(item_id, as_of)
            if version is None:
                raise StockItemNotFound(f"{sku}@{location} had no events by {as_of.isoformat()}")
        item = self.find(item_id) if version is None else self._at_version(item_id, version)
        if item is None:
            raise StockItemNotFound(f"{sku}@{location} has never been seen")
        return self._positioned(cast(StockItem, item))

    def _at_version(self, item_id: Any, version: int) -> Any:
        if self.find(item_id) is None:
            return None
        return self.repository.get(item_id, version=version)

    def _positioned(self, item: StockItem) -> dict[str, Any]:
        return {**views.level(item), "position": self.position_of(item)}

    def stock_events(
        self, sku: str, location: str, after: int, limit: int
    ) -> tuple[list[dict[str, Any]], int | None]:
        """A page of a SKU-location's events, oldest first, after a version."""
        item_id = StockItem.create_id(sku, location)
        if self.find(item_id) is None:
            raise StockItemNotFound(f"{sku}@{location} has never been seen")
        page = [views.event_record(e) for e in self.events.get(item_id, gt=after, limit=limit)]
        next_after = page[-1]["version"] if len(page) == limit else None
        return page, next_after

    def sku_levels(self, sku: str) -> dict[str, Any]:
        """A SKU's level at every location, with totals."""
        locations = self.index(sku).locations
        if not locations:
            raise SkuNotFound(f"SKU {sku!r} has never been seen")
        levels = []
        for location in locations:
            item = self.item(sku, location)
            if item is not None:
                levels.append(self._positioned(item))
        return {"sku": sku, "totals": views.totals(levels), "locations": levels}

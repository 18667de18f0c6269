"""The inventory view: stock_levels, sku_totals, replenishment and channel availability.

They are one view, with one tracking position, because channel availability is a function of
the stock levels: kept together, a channel's figure always matches the stock_levels rows of the
same position.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast
from uuid import UUID

from domain.stock_item import StockItem
from projections import channels, figures, levels, replenishment
from projections.cursor import ViewCursor
from projections.model import Positioned, ReadModel, event_name


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
    ddl = (*levels.DDL, *replenishment.DDL, *channels.DDL)

    def apply(self, cur: ViewCursor, events: Sequence[Positioned]) -> None:
        """Advance the touched items, then recompute the touched SKUs' channel figures."""
        items: dict[UUID, tuple[StockItem, int]] = {}
        sku_positions: dict[str, int] = {}
        reconfigured: dict[str, int] = {}
        for event, position in events:
            if isinstance(event, StockItem.Event):
                item = self._advance(cur, items, event, position)
                channels.apply_reservation(cur, event, item.sku)
                sku_positions[item.sku] = position
            elif (name := channels.apply_channel(cur, event, position)) is not None:
                reconfigured[name] = position
            elif (sku := channels.apply_listing(cur, event, position)) is not None:
                sku_positions[sku] = position
        if not (items or sku_positions or reconfigured):
            return
        self._save_levels(cur, items)
        moment = events[-1][0].timestamp
        figures.recompute(cur, sku_positions, None, sku_positions, moment)
        for name, position in reconfigured.items():
            skus = figures.all_skus(cur)
            positions = {sku: max(position, sku_positions.get(sku, 0)) for sku in skus}
            figures.recompute(cur, skus, {name}, positions, moment)

    def _advance(
        self, cur: ViewCursor, items: dict[UUID, tuple[StockItem, int]], event: Any, position: int
    ) -> StockItem:
        known = items.get(event.originator_id)
        if known is not None:
            current: StockItem | None = known[0]
        elif event_name(event) == "StockItem.Registered":
            current = None
        else:
            current = levels.load(cur, event.originator_id)
        item = cast(StockItem, event.mutate(current))
        items[event.originator_id] = (item, position)
        replenishment.apply(cur, item, event, position)
        return item

    def _save_levels(self, cur: ViewCursor, items: dict[UUID, tuple[StockItem, int]]) -> None:
        rows = [levels.row(item, position) for item, position in items.values()]
        levels.save(cur, rows, (item.sku for item, _ in items.values()))
        replenishment.refresh_available(
            cur, [(item.available, item.sku, item.location) for item, _ in items.values()]
        )

"""`replenishment`: SKU-locations at or below their reorder point, part of the inventory view."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from domain.stock_item import StockItem
from projections.cursor import ViewCursor
from projections.model import event_name

DDL = (
    "CREATE TABLE IF NOT EXISTS replenishment ("
    "sku TEXT NOT NULL, location TEXT NOT NULL, available BIGINT NOT NULL, "
    "reorder_point BIGINT NOT NULL, reorder_quantity BIGINT NOT NULL, "
    "requested_at TIMESTAMPTZ NOT NULL, position BIGINT NOT NULL, "
    "PRIMARY KEY (sku, location))",
    "CREATE INDEX IF NOT EXISTS replenishment_by_location ON replenishment (location, sku)",
)


def apply(cur: ViewCursor, item: StockItem, event: Any, position: int) -> None:
    """Open a row on ReplenishmentRequested; close it on ReplenishmentCleared."""
    kind = event_name(event)
    if kind == "StockItem.ReplenishmentRequested":
        cur.execute(
            "INSERT INTO replenishment (sku, location, available, reorder_point, "
            "reorder_quantity, requested_at, position) VALUES (%s, %s, %s, %s, %s, %s, %s) "
            "ON CONFLICT (sku, location) DO UPDATE SET available=excluded.available, "
            "reorder_point=excluded.reorder_point, reorder_quantity=excluded.reorder_quantity, "
            "requested_at=excluded.requested_at, position=excluded.position",
            (
                item.sku,
                item.location,
                event.available,
                event.reorder_point,
                event.reorder_quantity,
                event.timestamp,
                position,
            ),
        )
    elif kind == "StockItem.ReplenishmentCleared":
        cur.execute(
            "DELETE FROM replenishment WHERE sku=%s AND location=%s", (item.sku, item.location)
        )


def refresh(cur: ViewCursor, items: Iterable[StockItem]) -> None:
    """Keep the open rows current for the changed items: available, and the reorder point and
    quantity in force (they may change while the request stays open)."""
    cur.executemany(
        "UPDATE replenishment SET available=%s, reorder_point=%s, reorder_quantity=%s "
        "WHERE sku=%s AND location=%s",
        [(i.available, i.reorder_point, i.reorder_quantity, i.sku, i.location) for i in items],
    )

"""`stock_levels` (per SKU-location) and `sku_totals` (per SKU), part of the inventory view.

A row is the StockItem's state after its last applied event. Rows are advanced by the
aggregate's own event-application code (``event.mutate``), so the view can never disagree
with the domain about what an event means; a stored row comes back as a StockItem through
the library's Snapshot (the levels only: enough to apply the item's next events).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast
from uuid import UUID

from eventsourcing.utils import get_topic

from domain.stock_item import StockItem
from projections.cursor import moment
from projections.table import Table

DDL = (
    "CREATE TABLE IF NOT EXISTS stock_levels ("
    "sku TEXT NOT NULL, location TEXT NOT NULL, "
    "on_hand BIGINT NOT NULL, reserved BIGINT NOT NULL, safety_stock BIGINT NOT NULL, "
    "in_transit BIGINT NOT NULL, available BIGINT NOT NULL, "
    "reorder_point BIGINT, reorder_quantity BIGINT NOT NULL, "
    "replenishment_open BOOLEAN NOT NULL, "
    "item_id TEXT NOT NULL UNIQUE, version BIGINT NOT NULL, position BIGINT NOT NULL, "
    "updated_at TIMESTAMPTZ NOT NULL, PRIMARY KEY (sku, location))",
    "CREATE TABLE IF NOT EXISTS sku_totals ("
    "sku TEXT PRIMARY KEY, "
    "on_hand BIGINT NOT NULL, reserved BIGINT NOT NULL, safety_stock BIGINT NOT NULL, "
    "in_transit BIGINT NOT NULL, available BIGINT NOT NULL, locations BIGINT NOT NULL, "
    "position BIGINT NOT NULL, updated_at TIMESTAMPTZ NOT NULL)",
)

STATE = (
    "sku",
    "location",
    "on_hand",
    "reserved",
    "safety_stock",
    "in_transit",
    "reorder_point",
    "reorder_quantity",
    "replenishment_open",
)
LEVELS = Table(
    "stock_levels",
    (*STATE, "available", "item_id", "version", "position", "updated_at"),
    ("sku", "location"),
    ("updated_at",),
)
TOTALS = Table(
    "sku_totals",
    (
        "sku",
        "on_hand",
        "reserved",
        "safety_stock",
        "in_transit",
        "available",
        "locations",
        "position",
        "updated_at",
    ),
    ("sku",),
    ("updated_at",),
)
TOPIC = get_topic(StockItem)

Level = tuple[StockItem, int]  # a StockItem and the log position of its last applied event


def stored_level(row: dict[str, Any]) -> Level:
    """The StockItem of a stock_levels row (every column), with the row's position."""
    state: dict[str, Any] = {name: row[name] for name in STATE}
    updated_at = moment(row["updated_at"])
    state.update(
        replenishment_open=bool(row["replenishment_open"]),
        reservations={},  # held per reservation: the view keeps them in channel_reservations
        inbound={},
        _created_on=None,
        _modified_on=updated_at,
    )
    snapshot = StockItem.Snapshot(
        originator_id=UUID(row["item_id"]),
        originator_version=int(row["version"]),
        timestamp=updated_at,
        topic=TOPIC,
        state=state,
    )
    return cast(StockItem, snapshot.mutate(None)), int(row["position"])


def level_row(item: StockItem, position: int) -> tuple[Any, ...]:
    """The stock_levels row of an item after its event at ``position``."""
    return (
        item.sku,
        item.location,
        item.on_hand,
        item.reserved,
        item.safety_stock,
        item.in_transit,
        item.reorder_point,
        item.reorder_quantity,
        item.replenishment_open,
        item.available,
        item.id.hex,
        item.version,
        position,
        item.modified_on,
    )


def totals_row(sku: str, levels: Iterable[Level]) -> tuple[Any, ...]:
    """The sku_totals row of a SKU from the levels of every location it is stocked at."""
    on_hand = reserved = safety_stock = in_transit = available = count = position = 0
    updated_at = None
    for item, at in levels:
        on_hand += item.on_hand
        reserved += item.reserved
        safety_stock += item.safety_stock
        in_transit += item.in_transit
        available += item.available
        count += 1
        position = max(position, at)
        updated_at = item.modified_on if updated_at is None else max(updated_at, item.modified_on)
    return (
        sku,
        on_hand,
        reserved,
        safety_stock,
        in_transit,
        available,
        count,
        position,
        updated_at,
    )

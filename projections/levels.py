"""`stock_levels` (per SKU-location) and `sku_totals` (per SKU), part of the inventory view.

A row is the StockItem's state after its last applied event. Rows are advanced by the
aggregate's own event-application code (``event.mutate``), so the view can never disagree
with the domain about what an event means.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any
from uuid import UUID

from domain.stock_item import StockItem
from projections.cursor import ViewCursor

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
COLUMNS = (*STATE, "available", "item_id", "version", "position", "updated_at")
_UPDATES = ", ".join(f"{c}=excluded.{c}" for c in COLUMNS if c not in ("sku", "location"))
UPSERT = (
    f"INSERT INTO stock_levels ({', '.join(COLUMNS)}) "
    f"VALUES ({', '.join(['%s'] * len(COLUMNS))}) "
    f"ON CONFLICT (sku, location) DO UPDATE SET {_UPDATES}"
)
TOTALS = (
    "INSERT INTO sku_totals (sku, on_hand, reserved, safety_stock, in_transit, available, "
    "locations, position, updated_at) "
    "SELECT sku, SUM(on_hand), SUM(reserved), SUM(safety_stock), SUM(in_transit), "
    "SUM(available), COUNT(*), MAX(position), MAX(updated_at) "
    "FROM stock_levels WHERE sku = %s GROUP BY sku "
    "ON CONFLICT (sku) DO UPDATE SET on_hand=excluded.on_hand, reserved=excluded.reserved, "
    "safety_stock=excluded.safety_stock, in_transit=excluded.in_transit, "
    "available=excluded.available, locations=excluded.locations, "
    "position=excluded.position, updated_at=excluded.updated_at"
)


def load(cur: ViewCursor, item_id: UUID) -> StockItem:
    """The StockItem as the view last saw it (levels only: enough to apply its next event)."""
    found = load_many(cur, [item_id])
    if item_id not in found:
        raise LookupError(f"stock_levels has no item {item_id}; the view must be rebuilt")
    return found[item_id]


def load_many(cur: ViewCursor, item_ids: Sequence[UUID]) -> dict[UUID, StockItem]:
    """The stored StockItems among ``item_ids``, as `load` makes them, in a few queries."""
    sql = f"SELECT {', '.join(STATE)}, item_id, version FROM stock_levels WHERE item_id IN ({{}})"
    items = [_from_row(row) for row in cur.select_in(sql, sorted({i.hex for i in item_ids}))]
    found = {item.id: item for item in items}
    return found


def _from_row(row: dict[str, Any]) -> StockItem:
    item = object.__new__(StockItem)
    state: dict[str, Any] = {name: row[name] for name in STATE}
    state["replenishment_open"] = bool(state["replenishment_open"])
    item.__dict__.update(
        state,
        _id=UUID(row["item_id"]),
        _version=row["version"],
        _created_on=None,
        _modified_on=None,
        _pending_events=[],
        reservations={},
        inbound={},
    )
    return item


def row(item: StockItem, position: int) -> tuple[Any, ...]:
    """The stock_levels row for an item after an event at ``position``."""
    values = [getattr(item, name) for name in STATE]
    return (*values, item.available, item.id.hex, item.version, position, item.modified_on)


def save(cur: ViewCursor, rows: list[tuple[Any, ...]], skus: Iterable[str]) -> None:
    """Write the changed rows, then recompute the totals of their SKUs."""
    cur.executemany(UPSERT, rows)
    cur.executemany(TOTALS, [(sku,) for sku in sorted(set(skus))])

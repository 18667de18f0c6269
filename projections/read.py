"""Reading the inventory view: channel availability and replenishment, paged by key."""

from __future__ import annotations

from typing import Any

from projections.store import View, query

AVAILABILITY = (
    "SELECT channel, sku, available, pool, fenced, percent, buffer, zero_below, max_listed, "
    "ring_fence, own_reserved, previous, position, updated_at FROM channel_availability "
)


def availability(view: View, channel: str, sku: str) -> dict[str, Any] | None:
    """One (channel, SKU) figure with its inputs, or None if the SKU was never seen."""
    rows = query(view, AVAILABILITY + "WHERE channel=%s AND sku=%s", (channel, sku))
    return rows[0] if rows else None


def availability_page(
    view: View, channel: str, after: str | None, limit: int
) -> tuple[list[dict[str, Any]], str | None]:
    """A page of a channel's figures in SKU order, after a SKU."""
    rows = query(
        view,
        AVAILABILITY + "WHERE channel=%s AND sku > %s ORDER BY sku LIMIT %s",
        (channel, after or "", limit),
    )
    return rows, (rows[-1]["sku"] if len(rows) == limit else None)


def replenishment_page(
    view: View, location: str | None, after: str | None, limit: int
) -> tuple[list[dict[str, Any]], str | None]:
    """SKU-locations at or below their reorder point, in (location, SKU) order.

    ``after`` is the previous page's ``next_after``: "location/sku"."""
    last_location, _, last_sku = (after or "/").partition("/")
    sql = (
        "SELECT sku, location, available, reorder_point, reorder_quantity, requested_at, "
        "position FROM replenishment WHERE (location > %s OR (location = %s AND sku > %s)) "
    )
    params: list[Any] = [last_location, last_location, last_sku]
    if location is not None:
        sql += "AND location = %s "
        params.append(location)
    rows = query(view, sql + "ORDER BY location, sku LIMIT %s", (*params, limit))
    next_after = f"{rows[-1]['location']}/{rows[-1]['sku']}" if len(rows) == limit else None
    return rows, next_after

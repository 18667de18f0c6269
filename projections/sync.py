"""`listing_sync`: what each marketplace last confirmed per (channel, SKU), part of the
inventory view (a batch writes each pair's last confirmation once), and the sync status read
that joins it with the expected figures."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from domain.sync import sync_status
from projections.cursor import moment
from projections.store import View, query
from projections.table import Table

DDL = (
    "CREATE TABLE IF NOT EXISTS listing_sync ("
    "channel TEXT NOT NULL, sku TEXT NOT NULL, confirmed_available BIGINT, "
    "confirmed_position BIGINT, confirmed_status TEXT, confirmed_detail TEXT, "
    "observed BIGINT, confirmed_at TIMESTAMPTZ, position BIGINT NOT NULL, "
    "PRIMARY KEY (channel, sku))",
)


SYNCED = Table(
    "listing_sync",
    (
        "channel",
        "sku",
        "confirmed_available",
        "confirmed_position",
        "confirmed_status",
        "confirmed_detail",
        "observed",
        "confirmed_at",
        "position",
    ),
    ("channel", "sku"),
    ("confirmed_at",),
)


def confirmation_row(channel: str, sku: str, event: Any, position: int) -> tuple[Any, ...]:
    """The listing_sync row a Listing.Confirmed event leaves for its (channel, SKU)."""
    return (
        channel,
        sku,
        event.available,
        event.position,
        event.status,
        event.detail,
        event.observed,
        datetime.fromisoformat(event.confirmed_at),
        position,
    )


SYNC = (
    "SELECT a.channel, a.sku, a.available AS expected, a.position AS expected_position, "
    "a.updated_at AS expected_since, p.position AS published_position, p.published_at, "
    "s.confirmed_available, s.confirmed_position, s.confirmed_status, s.confirmed_detail, "
    "s.confirmed_at FROM channel_availability a "
    "LEFT JOIN publications p ON p.channel = a.channel AND p.sku = a.sku "
    "LEFT JOIN listing_sync s ON s.channel = a.channel AND s.sku = a.sku "
    "WHERE a.channel = %s AND a.sku > %s ORDER BY a.sku LIMIT %s"
)


def status_page(
    view: View, channel: str, after: str | None, limit: int, now: datetime, drift_after: float
) -> list[dict[str, Any]]:
    """A page of (channel, SKU) sync rows, each with its status and lag."""
    rows = query(view, SYNC, (channel, after or "", limit))
    for row in rows:
        since = moment(row["expected_since"])
        confirmed_at = None if row["confirmed_at"] is None else moment(row["confirmed_at"])
        row["status"] = sync_status(
            row["expected"],
            since,
            row["confirmed_available"],
            row["confirmed_status"],
            confirmed_at,
            now,
            drift_after,
        )
        reference = confirmed_at if row["status"] == "in_sync" and confirmed_at else now
        row["lag_ms"] = max(0, round((reference - since).total_seconds() * 1000))
    return rows

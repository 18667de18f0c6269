"""`listing_sync`: what each marketplace last confirmed per (channel, SKU), part of the
inventory view, and the sync status read that joins it with the expected figures."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from domain.sync import sync_status
from projections.cursor import ViewCursor, utc
from projections.model import event_name
from projections.store import View, query

DDL = (
    "CREATE TABLE IF NOT EXISTS listing_sync ("
    "channel TEXT NOT NULL, sku TEXT NOT NULL, confirmed_available BIGINT, "
    "confirmed_position BIGINT, confirmed_status TEXT, confirmed_detail TEXT, "
    "observed BIGINT, confirmed_at TIMESTAMPTZ, position BIGINT NOT NULL, "
    "PRIMARY KEY (channel, sku))",
)


def apply(cur: ViewCursor, event: Any, position: int) -> None:
    """Record a Listing.Confirmed event as the pair's last confirmation."""
    if event_name(event) != "Listing.Confirmed":
        return
    cur.execute(
        "SELECT channel, sku FROM channel_sku_rules WHERE listing_id=%s", (event.originator_id.hex,)
    )
    listing = cur.fetchone()
    assert listing is not None, "a confirmed listing was opened first"
    cur.execute(
        "INSERT INTO listing_sync (channel, sku, confirmed_available, confirmed_position, "
        "confirmed_status, confirmed_detail, observed, confirmed_at, position) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT (channel, sku) DO UPDATE SET "
        "confirmed_available=excluded.confirmed_available, "
        "confirmed_position=excluded.confirmed_position, "
        "confirmed_status=excluded.confirmed_status, confirmed_detail=excluded.confirmed_detail, "
        "observed=excluded.observed, confirmed_at=excluded.confirmed_at, "
        "position=excluded.position",
        (
            listing["channel"],
            listing["sku"],
            event.available,
            event.position,
            event.status,
            event.detail,
            event.observed,
            datetime.fromisoformat(event.confirmed_at),
            position,
        ),
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


def _moment(value: Any) -> datetime | None:
    if value is None:
        return None
    return utc(value if isinstance(value, datetime) else datetime.fromisoformat(value))


def status_page(
    view: View, channel: str, after: str | None, limit: int, now: datetime, drift_after: float
) -> list[dict[str, Any]]:
    """A page of (channel, SKU) sync rows, each with its status and lag."""
    rows = query(view, SYNC, (channel, after or "", limit))
    for row in rows:
        since = _moment(row["expected_since"])
        confirmed_at = _moment(row["confirmed_at"])
        assert since is not None
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

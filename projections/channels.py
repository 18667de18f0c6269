"""`channels`, `channel_sku_rules`, `channel_reservations` and `channel_availability`, part of
the inventory view: the channels' rules and every (channel, SKU) figure with its inputs."""

from __future__ import annotations

import json
from typing import Any

from domain.availability import RULE_NAMES, Rules
from projections.cursor import ViewCursor
from projections.model import event_name

DDL = (
    "CREATE TABLE IF NOT EXISTS channels ("
    "channel TEXT PRIMARY KEY, channel_id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, "
    "locations TEXT NOT NULL, buffer BIGINT NOT NULL, percent BIGINT NOT NULL, "
    "max_listed BIGINT, zero_below BIGINT, position BIGINT NOT NULL, "
    "updated_at TIMESTAMPTZ NOT NULL)",
    "CREATE TABLE IF NOT EXISTS channel_sku_rules ("
    "channel TEXT NOT NULL, sku TEXT NOT NULL, listing_id TEXT NOT NULL UNIQUE, "
    "buffer BIGINT, percent BIGINT, max_listed BIGINT, zero_below BIGINT, ring_fence BIGINT, "
    "position BIGINT NOT NULL, PRIMARY KEY (channel, sku))",
    "CREATE TABLE IF NOT EXISTS channel_reservations ("
    "reservation_id TEXT NOT NULL, item_id TEXT NOT NULL, sku TEXT NOT NULL, "
    "channel TEXT NOT NULL, quantity BIGINT NOT NULL, PRIMARY KEY (reservation_id, item_id))",
    "CREATE INDEX IF NOT EXISTS channel_reservations_by_sku ON channel_reservations (sku)",
    "CREATE TABLE IF NOT EXISTS channel_availability ("
    "channel TEXT NOT NULL, sku TEXT NOT NULL, available BIGINT NOT NULL, "
    "pool BIGINT NOT NULL, fenced BIGINT NOT NULL, percent BIGINT NOT NULL, "
    "buffer BIGINT NOT NULL, zero_below BIGINT, max_listed BIGINT, ring_fence BIGINT NOT NULL, "
    "own_reserved BIGINT NOT NULL, previous BIGINT, position BIGINT NOT NULL, "
    "updated_at TIMESTAMPTZ NOT NULL, PRIMARY KEY (channel, sku))",
)


def apply_channel(cur: ViewCursor, event: Any, position: int) -> str | None:
    """Record a channel's configuration; returns its name when it was declared or changed."""
    kind = event_name(event)
    if kind not in ("Channel.Declared", "Channel.Configured"):
        return None
    rules = Rules().overridden(event.rules).as_dict()  # the domain's defaults for unset rules
    values = (
        event.kind,
        json.dumps(event.locations),
        *(rules[r] for r in RULE_NAMES),
        position,
        event.timestamp,
    )
    channel_id = event.originator_id.hex
    if kind == "Channel.Declared":
        cur.execute(
            "INSERT INTO channels (kind, locations, buffer, percent, max_listed, zero_below, "
            "position, updated_at, channel, channel_id) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            (*values, event.name, channel_id),
        )
    else:
        cur.execute(
            "UPDATE channels SET kind=%s, locations=%s, buffer=%s, percent=%s, max_listed=%s, "
            "zero_below=%s, position=%s, updated_at=%s WHERE channel_id=%s",
            (*values, channel_id),
        )
    cur.execute("SELECT channel FROM channels WHERE channel_id=%s", (channel_id,))
    found = cur.fetchone()
    assert found is not None, "a configured channel was declared first"
    return str(found["channel"])


def apply_listing(cur: ViewCursor, event: Any, position: int) -> tuple[str, str] | None:
    """Record a SKU's overrides on a channel; returns (channel, sku) when they changed."""
    kind = event_name(event)
    listing_id = event.originator_id.hex
    if kind == "Listing.Opened":
        cur.execute(
            "INSERT INTO channel_sku_rules (channel, sku, listing_id, position) "
            "VALUES (%s, %s, %s, %s)",
            (event.channel, event.sku, listing_id, position),
        )
        return None
    if kind != "Listing.RulesSet":
        return None
    rules = event.rules
    cur.execute(
        "UPDATE channel_sku_rules SET buffer=%s, percent=%s, max_listed=%s, zero_below=%s, "
        "ring_fence=%s, position=%s WHERE listing_id=%s",
        (*(rules.get(r) for r in RULE_NAMES), rules.get("ring_fence"), position, listing_id),
    )
    cur.execute("SELECT channel, sku FROM channel_sku_rules WHERE listing_id=%s", (listing_id,))
    found = cur.fetchone()
    assert found is not None, "rules are set on an opened listing"
    return str(found["channel"]), str(found["sku"])


def apply_reservation(cur: ViewCursor, event: Any, sku: str) -> tuple[str, int] | None:
    """Track open reservations per channel; returns (channel, change in units held)."""
    kind = event_name(event)
    item_id = event.originator_id.hex
    if kind == "StockItem.Reserved":
        cur.insert(
            "INSERT INTO channel_reservations (reservation_id, item_id, sku, channel, quantity) "
            "VALUES (%s, %s, %s, %s, %s)",
            (event.reservation_id, item_id, sku, event.channel, event.quantity),
        )
        return str(event.channel), int(event.quantity)
    if kind not in ("StockItem.ReservationReleased", "StockItem.ReservationFulfilled"):
        return None
    cur.execute(
        "SELECT channel, quantity FROM channel_reservations WHERE reservation_id=%s AND item_id=%s",
        (event.reservation_id, item_id),
    )
    found = cur.fetchone()
    if found is None:
        return None
    cur.execute(
        "DELETE FROM channel_reservations WHERE reservation_id=%s AND item_id=%s",
        (event.reservation_id, item_id),
    )
    return str(found["channel"]), -int(found["quantity"])

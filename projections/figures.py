"""`channel_availability`, part of the inventory view: every (channel, SKU) figure with the
inputs that produced it, as the AvailabilityBook computed it; and the book's channels, read
from the `channels` table."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from domain.availability import RULE_NAMES, Rules, figure
from projections.book import AvailabilityBook
from projections.cursor import ViewCursor
from projections.figure_row import ChannelConfig, FigureRow
from projections.table import Table

DDL = (
    "CREATE TABLE IF NOT EXISTS channel_availability ("
    "channel TEXT NOT NULL, sku TEXT NOT NULL, available BIGINT NOT NULL, "
    "pool BIGINT NOT NULL, fenced BIGINT NOT NULL, percent BIGINT NOT NULL, "
    "buffer BIGINT NOT NULL, zero_below BIGINT, max_listed BIGINT, ring_fence BIGINT NOT NULL, "
    "own_reserved BIGINT NOT NULL, previous BIGINT, position BIGINT NOT NULL, "
    "updated_at TIMESTAMPTZ NOT NULL, PRIMARY KEY (channel, sku))",
)
FIGURES = Table(
    "channel_availability",
    (
        "channel",
        "sku",
        "available",
        "pool",
        "fenced",
        "percent",
        "buffer",
        "zero_below",
        "max_listed",
        "ring_fence",
        "own_reserved",
        "previous",
        "position",
        "updated_at",
    ),
    ("channel", "sku"),
    ("updated_at",),
)


def rules(row: Mapping[str, Any]) -> Rules:
    """The rules of a stored row (PostgreSQL may answer BIGINTs as int or Decimal)."""
    return Rules().overridden(
        {r: (int(row[r]) if row[r] is not None else None) for r in RULE_NAMES}
    )


def book(cur: ViewCursor) -> tuple[AvailabilityBook, dict[str, str]]:
    """A book holding every declared channel and no SKU yet, and the channels' names by id."""
    cur.execute(
        "SELECT channel, channel_id, locations, buffer, percent, max_listed, zero_below "
        "FROM channels"
    )
    rows = cur.fetchall()
    configs = {
        row["channel"]: ChannelConfig(tuple(json.loads(row["locations"])), rules(row))
        for row in rows
    }
    return AvailabilityBook(configs), {row["channel_id"]: row["channel"] for row in rows}


def config(event: Any) -> ChannelConfig:
    """A channel's configuration from its Declared or Configured event."""
    return ChannelConfig(tuple(event.locations), Rules().overridden(event.rules))


def stored_row(row: Mapping[str, Any]) -> FigureRow:
    """A channel_availability row as the book holds it."""
    stored = rules(row)
    return FigureRow(
        row["channel"],
        row["sku"],
        figure(int(row["pool"]), int(row["fenced"]), stored),
        stored,
        int(row["ring_fence"]),
        int(row["own_reserved"]),
        row["previous"],
        int(row["position"]),
        row["updated_at"],
    )


def write(cur: ViewCursor, changed: Iterable[FigureRow]) -> None:
    """Upsert the changed rows."""
    cur.upsert(
        FIGURES,
        [
            (
                r.channel,
                r.sku,
                r.figure.available,
                r.figure.pool,
                r.figure.fenced,
                r.rules.percent,
                r.rules.buffer,
                r.rules.zero_below,
                r.rules.max_listed,
                r.ring_fence,
                r.own_reserved,
                r.previous,
                r.position,
                r.updated_at,
            )
            for r in changed
        ],
    )

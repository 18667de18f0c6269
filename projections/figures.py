"""Storing the AvailabilityBook: loading SKUs' inputs from the inventory tables, writing rows."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from domain.availability import RULE_NAMES, Rules, figure
from projections.book import AvailabilityBook, ChannelConfig, FigureRow
from projections.cursor import ViewCursor

CHUNK = 500
COLUMNS = (
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
)
UPSERT = (
    f"INSERT INTO channel_availability ({', '.join(COLUMNS)}) "
    f"VALUES ({', '.join(['%s'] * len(COLUMNS))}) ON CONFLICT (channel, sku) DO UPDATE SET "
    + ", ".join(f"{c}=excluded.{c}" for c in COLUMNS[2:])
)


def _rules(row: Mapping[str, Any]) -> Rules:
    # PostgreSQL may answer BIGINTs as int or Decimal; the pipeline takes ints.
    return Rules().overridden(
        {r: (int(row[r]) if row[r] is not None else None) for r in RULE_NAMES}
    )


def book(cur: ViewCursor) -> AvailabilityBook:
    """A book holding every declared channel, and no SKU yet."""
    cur.execute("SELECT channel, locations, buffer, percent, max_listed, zero_below FROM channels")
    return AvailabilityBook(
        {
            row["channel"]: ChannelConfig(tuple(json.loads(row["locations"])), _rules(row))
            for row in cur.fetchall()
        }
    )


def config(event: Any) -> ChannelConfig:
    """A channel's configuration from its Declared or Configured event."""
    return ChannelConfig(tuple(event.locations), Rules().overridden(event.rules))


def _grouped(cur: ViewCursor, sql: str, skus: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
    cur.execute(sql.format(", ".join(["%s"] * len(skus))), skus)
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in cur.fetchall():
        grouped[row["sku"]].append(row)
    return grouped


def _stored_row(row: Mapping[str, Any]) -> FigureRow:
    rules = _rules(row)
    fig = figure(int(row["pool"]), int(row["fenced"]), rules)
    return FigureRow(
        row["channel"],
        row["sku"],
        fig,
        rules,
        int(row["ring_fence"]),
        int(row["own_reserved"]),
        row["previous"],
        int(row["position"]),
        row["updated_at"],
    )


def load(cur: ViewCursor, into: AvailabilityBook, skus: Iterable[str]) -> None:
    """Load the SKUs the book does not hold yet."""
    missing = sorted({sku for sku in skus if not into.loaded(sku)})
    for start in range(0, len(missing), CHUNK):
        chunk = missing[start : start + CHUNK]
        stock = _grouped(
            cur, "SELECT sku, location, available FROM stock_levels WHERE sku IN ({})", chunk
        )
        rules = _grouped(cur, "SELECT * FROM channel_sku_rules WHERE sku IN ({})", chunk)
        held = _grouped(
            cur,
            "SELECT channel, sku, SUM(quantity) AS quantity FROM "
            "channel_reservations WHERE sku IN ({}) GROUP BY channel, sku",
            chunk,
        )
        rows = _grouped(cur, "SELECT * FROM channel_availability WHERE sku IN ({})", chunk)
        for sku in chunk:
            into.load(
                sku,
                {r["location"]: int(r["available"]) for r in stock.get(sku, [])},
                {
                    r["channel"]: {k: r[k] for k in (*RULE_NAMES, "ring_fence") if r[k] is not None}
                    for r in rules.get(sku, [])
                },
                {r["channel"]: int(r["quantity"]) for r in held.get(sku, [])},
                [_stored_row(r) for r in rows.get(sku, [])],
            )


def load_all(cur: ViewCursor, into: AvailabilityBook) -> None:
    """Load every SKU with stock or rules (a channel's configuration changes them all)."""
    cur.execute("SELECT sku FROM stock_levels UNION SELECT sku FROM channel_sku_rules")
    load(cur, into, [str(row["sku"]) for row in cur.fetchall()])


def write(cur: ViewCursor, changed: Iterable[FigureRow]) -> None:
    """Upsert the changed rows."""
    cur.executemany(
        UPSERT,
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

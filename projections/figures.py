"""Recomputing `channel_availability` rows with the domain's pipeline, in batches of SKUs."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from domain.availability import Rules, channel_figure, effective_fence
from projections.channels import RULES
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


def _in(values: Sequence[str]) -> str:
    return ", ".join(["%s"] * len(values))


def channels(cur: ViewCursor) -> dict[str, tuple[list[str], Rules]]:
    """Every declared channel's locations and default rules."""
    cur.execute("SELECT channel, locations, buffer, percent, max_listed, zero_below FROM channels")
    return {
        row["channel"]: (json.loads(row["locations"]), Rules().overridden(_ints(row)))
        for row in cur.fetchall()
    }


def _ints(row: Mapping[str, Any]) -> dict[str, int | None]:
    # PostgreSQL answers SUMs and BIGINTs as int or Decimal; the pipeline takes ints.
    return {r: (int(row[r]) if row[r] is not None else None) for r in RULES}


def all_skus(cur: ViewCursor) -> set[str]:
    """Every SKU with stock or rules."""
    cur.execute("SELECT sku FROM stock_levels UNION SELECT sku FROM channel_sku_rules")
    return {str(row["sku"]) for row in cur.fetchall()}


def _grouped(cur: ViewCursor, sql: str, skus: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
    cur.execute(sql.format(_in(skus)), skus)
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in cur.fetchall():
        grouped[row["sku"]].append(row)
    return grouped


def recompute(
    cur: ViewCursor,
    skus: Iterable[str],
    only: set[str] | None,
    positions: Mapping[str, int],
    moment: datetime,
) -> None:
    """Recompute the figures of these SKUs on every channel (or only the given channels)."""
    declared = channels(cur)
    if not declared:
        return
    ordered = sorted(set(skus))
    for start in range(0, len(ordered), CHUNK):
        chunk = ordered[start : start + CHUNK]
        rows = _chunk_rows(cur, chunk, declared, only, positions, moment)
        cur.executemany(UPSERT, rows)


def _chunk_rows(
    cur: ViewCursor,
    skus: list[str],
    declared: dict[str, tuple[list[str], Rules]],
    only: set[str] | None,
    positions: Mapping[str, int],
    moment: datetime,
) -> list[tuple[Any, ...]]:
    stock = _grouped(
        cur, "SELECT sku, location, available FROM stock_levels WHERE sku IN ({})", skus
    )
    sku_rules = _grouped(cur, "SELECT * FROM channel_sku_rules WHERE sku IN ({})", skus)
    held = _grouped(
        cur,
        "SELECT channel, sku, SUM(quantity) AS quantity FROM "
        "channel_reservations WHERE sku IN ({}) GROUP BY channel, sku",
        skus,
    )
    current = _grouped(cur, "SELECT * FROM channel_availability WHERE sku IN ({})", skus)
    rows: list[tuple[Any, ...]] = []
    for sku in skus:
        by_location = {r["location"]: int(r["available"]) for r in stock.get(sku, [])}
        overrides = {r["channel"]: r for r in sku_rules.get(sku, []) if r["channel"] in declared}
        own = {r["channel"]: int(r["quantity"]) for r in held.get(sku, [])}
        fences = {
            ch: effective_fence(int(r["ring_fence"] or 0), own.get(ch, 0))
            for ch, r in overrides.items()
        }
        before = {r["channel"]: r for r in current.get(sku, [])}
        for name, (locations, defaults) in declared.items():
            if only is not None and name not in only:
                continue
            override = overrides.get(name, {})
            rules = defaults.overridden(
                {r: override[r] for r in RULES if override.get(r) is not None}
            )
            fig = channel_figure(name, locations, rules, by_location, fences)
            ring_fence = int(override.get("ring_fence") or 0)
            values = (
                fig.available,
                fig.pool,
                fig.fenced,
                rules.percent,
                rules.buffer,
                rules.zero_below,
                rules.max_listed,
                ring_fence,
                own.get(name, 0),
            )
            old = before.get(name)
            if old is not None and tuple(old[c] for c in COLUMNS[2:11]) == values:
                continue
            previous = None if old is None else old["available"]
            if old is not None and old["available"] == fig.available:
                previous = old["previous"]
            rows.append((name, sku, *values, previous, positions.get(sku, 0), moment))
    return rows

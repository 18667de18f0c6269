"""Loading what a batch of the inventory view starts from, in a few queries up front: the
stored levels, holds, rules and figures of every SKU its events touch that memory does not
hold yet (a few queries per event made rebuilds crawl)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any
from uuid import UUID

from domain.availability import RULE_NAMES
from projections import figures
from projections.cursor import ViewCursor
from projections.levels import stored_level
from projections.memory import Memory
from projections.model import Positioned
from projections.touched import Touched

CHUNK = 500


def prefetch(cur: ViewCursor, memory: Memory, batch: Sequence[Positioned]) -> None:
    """Load every SKU the batch's events touch (every SKU, if a channel changed)."""
    if memory.book is None:
        memory.book, memory.channels = figures.book(cur)
    touched = Touched(memory)
    for event, _ in batch:
        touched.note(event)
    skus = touched.skus
    skus.update(_skus_of(cur, "stock_levels", "item_id", touched.items))
    skus.update(_skus_of(cur, "channel_sku_rules", "listing_id", touched.listings))
    if touched.everything:
        cur.execute("SELECT sku FROM stock_levels UNION SELECT sku FROM channel_sku_rules")
        skus.update(str(row["sku"]) for row in cur.fetchall())
    load(cur, memory, skus)


def _skus_of(cur: ViewCursor, table: str, column: str, ids: list[str]) -> set[str]:
    # The SKUs of stored items or listings (loading a SKU then loads them).
    sql = f"SELECT sku FROM {table} WHERE {column} IN ({{}})"
    return {str(row["sku"]) for row in cur.select_in(sql, sorted(set(ids)))}


def load(cur: ViewCursor, memory: Memory, skus: Iterable[str]) -> None:
    """Put the stored rows of the SKUs memory does not hold yet into it."""
    missing = sorted(sku for sku in set(skus) if sku not in memory.skus)
    for start in range(0, len(missing), CHUNK):
        chunk = missing[start : start + CHUNK]
        levels = _grouped(cur, "SELECT * FROM stock_levels WHERE sku IN ({})", chunk)
        rules = _grouped(cur, "SELECT * FROM channel_sku_rules WHERE sku IN ({})", chunk)
        holds = _grouped(cur, "SELECT * FROM channel_reservations WHERE sku IN ({})", chunk)
        rows = _grouped(cur, "SELECT * FROM channel_availability WHERE sku IN ({})", chunk)
        for sku in chunk:
            _load_sku(memory, sku, levels[sku], rules[sku], holds[sku], rows[sku])


def _load_sku(
    memory: Memory,
    sku: str,
    levels: list[dict[str, Any]],
    rules: list[dict[str, Any]],
    holds: list[dict[str, Any]],
    rows: list[dict[str, Any]],
) -> None:
    memory.skus[sku] = set()
    for row in levels:
        memory.add(UUID(row["item_id"]), stored_level(row))
    for row in rules:
        memory.listings[row["listing_id"]] = (row["channel"], sku)
    assert memory.book is not None
    memory.book.load(
        sku,
        {row["location"]: int(row["available"]) for row in levels},
        {
            row["channel"]: {k: row[k] for k in (*RULE_NAMES, "ring_fence") if row[k] is not None}
            for row in rules
        },
        _held(memory, sku, holds),
        [figures.stored_row(row) for row in rows],
    )


def _held(memory: Memory, sku: str, holds: list[dict[str, Any]]) -> dict[str, int]:
    # Each open hold of the SKU, kept for its release; the units each channel holds.
    held: dict[str, int] = defaultdict(int)
    for row in holds:
        quantity = int(row["quantity"])
        memory.holds[(row["reservation_id"], row["item_id"])] = (sku, row["channel"], quantity)
        held[row["channel"]] += quantity
    return held


def _grouped(cur: ViewCursor, sql: str, skus: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
    cur.execute(sql.format(", ".join(["%s"] * len(skus))), skus)
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in cur.fetchall():
        grouped[row["sku"]].append(row)
    return grouped

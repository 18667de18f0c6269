"""Stocking a scratch store before a scenario (never timed as part of it).

Aggregates are created and saved through the application in large transactions (the events
the `receive` command records, without its receipts), then every view is rebuilt, so that a
service started on the store begins with its views caught up.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from bench.result import check
from bench.scratch import view_positions
from domain.sku_index import SkuIndex
from domain.stock_item import StockItem
from interfaces.runtime.bootstrap import build
from interfaces.runtime.settings import Settings
from projections.rebuild import rebuild, rebuild_all

SAVE_CHUNK = 3000  # aggregates per transaction
ALL = "every view, together"  # rebuild_views' key for rebuilding all views at once


@dataclass(frozen=True)
class Catalogue:
    """SKU-0..SKU-(skus-1) at L0..L(locations-1), each with `units` on hand."""

    skus: int
    locations: int
    units: int

    def pairs(self) -> Iterator[tuple[str, str]]:
        """Every (sku, location)."""
        for s in range(self.skus):
            for n in range(self.locations):
                yield f"SKU-{s}", f"L{n}"


def stock(
    url: str, catalogue: Catalogue, keep: dict[tuple[str, str], StockItem] | None = None
) -> dict[str, Any]:
    """Save the catalogue's StockItems and SkuIndexes; the log's length and the seconds.
    ``keep`` collects the saved StockItems by (sku, location), for a workload to go on."""
    container = build(Settings(database_url=url, embedded_nats=False))
    ledger = container.ledger
    started = time.perf_counter()
    pending: list[Any] = []
    for s in range(catalogue.skus):
        index = SkuIndex(f"SKU-{s}")
        for n in range(catalogue.locations):
            index.add(f"L{n}")
            item = StockItem(f"SKU-{s}", f"L{n}")
            item.receive(catalogue.units, "bench-stock", None)
            pending.append(item)
            if keep is not None:
                keep[(item.sku, item.location)] = item
        pending.append(index)
        if len(pending) >= SAVE_CHUNK:
            ledger.save(*pending)
            pending = []
    if pending:
        ledger.save(*pending)
    events = ledger.recorder.max_notification_id() or 0
    container.stop()
    return {"events": events, "save_s": round(time.perf_counter() - started, 2)}


def rebuild_views(url: str) -> dict[str, float]:
    """Rebuild every view from the log: each alone (`projections rebuild NAME`), then all
    together (`projections rebuild`, under ALL); the seconds of each. Each view must then be
    at the log's last position (InvariantViolated otherwise)."""
    container = build(Settings(database_url=url, embedded_nats=False))
    seconds = {}
    try:
        end = container.ledger.recorder.max_notification_id() or 0
        for name, view in container.views.items():
            began = time.perf_counter()
            rebuild(container.ledger, view)
            seconds[name] = round(time.perf_counter() - began, 2)
        began = time.perf_counter()
        rebuild_all(container.ledger, list(container.views.values()))
        seconds[ALL] = round(time.perf_counter() - began, 2)
    finally:
        container.stop()
    behind = {name: at for name, at in view_positions(url).items() if at != end}
    check(not behind, f"views not at the log's end ({end}) after a rebuild: {behind}")
    return seconds


def seed(url: str, catalogue: Catalogue) -> dict[str, Any]:
    """Stock the catalogue, then rebuild every view."""
    figures = stock(url, catalogue)
    figures["rebuild_s"] = rebuild_views(url)
    return figures


def stored_item(ledger: Any, item_id: Any) -> StockItem:
    """A StockItem as stored (InvariantViolated when it does not load)."""
    item = ledger.load(item_id)
    check(isinstance(item, StockItem), f"StockItem {item_id} does not load")
    assert isinstance(item, StockItem)
    return item

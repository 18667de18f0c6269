"""A store that looks like a busy day, for timing the views: the catalogue stocked as
bench/stocking.py stocks it, three channels (one fed by a single location), ring-fenced
listings on a tenth of the SKUs, then orders of one unit each on random SKU-locations, a third of
them released and a third fulfilled. Saved through the application in large transactions
(never timed)."""

from __future__ import annotations

import random
from typing import Any

from bench.stocking import SAVE_CHUNK, Catalogue, stock
from domain.channel import Channel
from domain.channel_index import ChannelIndex
from domain.listing import Listing
from domain.reservation import Reservation
from domain.stock_item import StockItem
from interfaces.runtime.bootstrap import build
from interfaces.runtime.settings import Settings
from projections.rebuild import rebuild_all

CHANNELS = {"shop": ("L0",), "amazon": (), "webhook": ()}


def busy(url: str, catalogue: Catalogue, orders: int) -> dict[str, Any]:
    """Stock the catalogue, list it on the channels, then place and settle the orders."""
    items = listed(url, catalogue)
    return place_orders(url, items, orders)


def listed(url: str, catalogue: Catalogue) -> dict[tuple[str, str], StockItem]:
    """Stock the catalogue and list it on the channels; the StockItems by (sku, location)."""
    items: dict[tuple[str, str], StockItem] = {}
    stock(url, catalogue, keep=items)
    container = build(Settings(database_url=url, embedded_nats=False))
    try:
        container.ledger.save(*_channels(), *_listings(catalogue))
    finally:
        container.stop()
    return items


def prepared(url: str, catalogue: Catalogue) -> dict[tuple[str, str], StockItem]:
    """The catalogue stocked and listed, with every view rebuilt (a service caught up)."""
    items = listed(url, catalogue)
    container = build(Settings(database_url=url, embedded_nats=False))
    try:
        rebuild_all(container.ledger, list(container.views.values()))
    finally:
        container.stop()
    return items


def place_orders(
    url: str,
    items: dict[tuple[str, str], StockItem],
    orders: int,
    first: int = 0,
    per_commit: int = SAVE_CHUNK // 2,
) -> dict[str, Any]:
    """Orders of one unit on random SKU-locations (numbered from ``first``), a third released
    and a third fulfilled, ``per_commit`` orders per transaction (as the group-commit writer
    commits a burst of commands); the log's length after them."""
    container = build(Settings(database_url=url, embedded_nats=False))
    numbers = range(first, first + orders)
    try:
        _orders(container.ledger, items, numbers, random.Random(first), per_commit)
        return {"events": container.ledger.recorder.max_notification_id() or 0}
    finally:
        container.stop()


def _channels() -> list[Any]:
    index = ChannelIndex()
    declared = []
    for name, locations in CHANNELS.items():
        index.add(name)
        declared.append(Channel(name, "webhook", list(locations), {"buffer": 1}))
    return [index, *declared]


def _listings(catalogue: Catalogue) -> list[Listing]:
    listings = []
    for s in range(0, catalogue.skus, 10):
        listing = Listing("amazon", f"SKU-{s}")
        listing.set_rules({"ring_fence": 2, "max_listed": 50})
        listings.append(listing)
    return listings


def _orders(
    ledger: Any, items: dict[Any, StockItem], numbers: range, rng: random.Random, per_commit: int
) -> None:
    pairs = list(items)
    pending: dict[int, Any] = {}
    for n in numbers:
        item = items[rng.choice(pairs)]
        channel = rng.choice(list(CHANNELS))
        item.reserve(f"R-{n}", f"O-{n}", channel, 1, None, None)
        lines = [{"sku": item.sku, "location": item.location, "quantity": 1}]
        reservation = Reservation(f"R-{n}", f"O-{n}", channel, lines, None)
        if n % 3 == 1:
            item.release(f"R-{n}", "cancelled", None, None)
            reservation.release("cancelled")
        elif n % 3 == 2:
            item.fulfil(f"R-{n}", None, None)
            reservation.fulfil()
        pending[id(item)] = item
        pending[id(reservation)] = reservation
        if (n + 1) % per_commit == 0:
            ledger.save(*pending.values())
            pending = {}
    if pending:
        ledger.save(*pending.values())

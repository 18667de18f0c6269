"""Reservation commands: all-or-nothing across SKUs and locations, routed when unlocated. A
reservation id is its own idempotency key."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from application import views
from application.aggregates import Aggregates
from application.command import Command, Decision, changed, decide
from domain.errors import InsufficientStock, Shortfall
from domain.reservation import Reservation
from domain.routing import Line, route
from domain.sku_index import SkuIndex
from domain.stock_item import StockItem


@dataclass(frozen=True)
class Reserve(Command):
    """Hold stock for an order's lines; every line is reserved, or none is."""

    reservation_id: str
    order_id: str
    channel: str
    lines: tuple[Line, ...]
    expires_at: datetime | None = None

    def natural_key(self) -> str:
        """The reservation id: a retry gets the original answer."""
        return f"reservation:{self.reservation_id}"

    def hints(self) -> Sequence[UUID]:
        """Each located line's StockItem, and each unlocated line's SKU index."""
        return [
            StockItem.create_id(ln.sku, ln.location) if ln.location else SkuIndex.create_id(ln.sku)
            for ln in self.lines
        ]


@dataclass(frozen=True)
class Release(Command):
    """Give a reservation's units back (cancelled, expired); again changes nothing."""

    reservation_id: str
    reason: str = "cancelled"


@dataclass(frozen=True)
class Fulfil(Command):
    """The reservation shipped: on hand and reserved both fall; again changes nothing."""

    reservation_id: str


@decide.register
def _reserve(command: Reserve, seen: Aggregates) -> Decision:
    routed = route(list(command.lines), _available(seen, command.lines))
    wanted: dict[tuple[str, str], int] = defaultdict(int)
    for line in routed:
        wanted[(line.sku, str(line.location))] += line.quantity
    items = {place: seen.item(*place) for place in wanted}
    # Every line is checked before any is reserved, so a refusal leaves nothing behind.
    short = [
        Shortfall(sku, location, quantity, item.available if item else 0)
        for (sku, location), quantity in wanted.items()
        if (item := items[(sku, location)]) is None or quantity > item.available
    ]
    if short:
        raise InsufficientStock(short)
    c = command
    for place, quantity in wanted.items():
        held = items[place]
        assert held is not None, "checked above"
        held.reserve(c.reservation_id, c.order_id, c.channel, quantity, c.expires_at, None)
    lines = [{"sku": ln.sku, "location": ln.location, "quantity": ln.quantity} for ln in routed]
    res = Reservation(c.reservation_id, c.order_id, c.channel, lines, c.expires_at)
    return Decision([*(i for i in items.values() if i is not None), res], views.reservation(res))


def _available(seen: Aggregates, lines: Sequence[Line]) -> dict[str, dict[str, int]]:
    # Only SKUs with an unlocated line need every location's figure (each is a load).
    available: dict[str, dict[str, int]] = {}
    for sku in sorted({line.sku for line in lines if line.location is None}):
        items = {loc: seen.item(sku, loc) for loc in seen.index(sku).locations}
        available[sku] = {loc: item.available if item else 0 for loc, item in items.items()}
    return available


@decide.register
def _release(command: Release, seen: Aggregates) -> Decision:
    res = seen.reservation(command.reservation_id)
    if res.status == "released":
        return Decision([], views.reservation(res), unchanged=res)
    res.release(command.reason)
    items = _holders(seen, res)
    for item in items:
        item.release(res.reservation_id, command.reason, res.order_id, command.key)
    return Decision(changed(*items, res), views.reservation(res))


@decide.register
def _fulfil(command: Fulfil, seen: Aggregates) -> Decision:
    res = seen.reservation(command.reservation_id)
    if res.status == "fulfilled":
        return Decision([], views.reservation(res), unchanged=res)
    res.fulfil()
    items = _holders(seen, res)
    for item in items:
        item.fulfil(res.reservation_id, res.order_id, command.key)
    return Decision(changed(*items, res), views.reservation(res))


def _holders(seen: Aggregates, res: Reservation) -> list[StockItem]:
    """The StockItems holding the reservation's units, one per SKU-location."""
    places = sorted({(str(ln["sku"]), str(ln["location"])) for ln in res.lines})
    return [item for item in (seen.item(sku, loc) for sku, loc in places) if item is not None]

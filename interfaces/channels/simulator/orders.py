"""Orders placed on a simulated marketplace: what each order holds, its status, and when it last
changed (the simulator's clock), so that every order feed and webhook can be served from it."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

OrderStatus = Literal["created", "cancelled", "fulfilled"]
Listener = Callable[["SimOrder", OrderStatus], None]

# Each marketplace's own look of an order id (Shopify and WooCommerce use plain numbers).
ID_FORMATS: dict[str, str] = {
    "amazon": "114-{n:07d}-{n:07d}",
    "ebay": "12-{n:05d}-{n:05d}",
    "shopee": "2601SIM{n:06d}",
}


class OrderRefused(Exception):
    """The order cannot change that way (an unknown id, or not open any more)."""


@dataclass(frozen=True)
class SimLine:
    """One line: the listing it sells (a simulator listing key), the seller's SKU, how many."""

    key: str | None
    sku: str | None
    quantity: int


@dataclass
class SimOrder:
    """An order as the simulator keeps it."""

    order_id: str
    number: int
    lines: list[SimLine]
    status: OrderStatus
    created_at: float
    updated_at: float


@dataclass
class OrderBook:
    """Every order of one simulator, and who hears of each change (the webhook deliverer)."""

    kind: str
    clock: Callable[[], float]
    orders: dict[str, SimOrder] = field(default_factory=dict)
    listeners: list[Listener] = field(default_factory=list)
    _numbers: itertools.count[int] = field(default_factory=lambda: itertools.count(1001))

    def place(self, lines: list[SimLine], order_id: str | None = None) -> SimOrder:
        """A new paid order (its id in the kind's format unless given)."""
        number = next(self._numbers)
        order_id = order_id or ID_FORMATS.get(self.kind, "{n}").format(n=number)
        if order_id in self.orders:
            raise OrderRefused(f"order {order_id} exists")
        now = self.clock()
        order = SimOrder(order_id, number, lines, "created", now, now)
        self.orders[order_id] = order
        self._tell(order, "created")
        return order

    def change(self, order_id: str, status: OrderStatus) -> SimOrder:
        """Cancel or fulfil an open order."""
        order = self.orders.get(order_id)
        if order is None:
            raise OrderRefused(f"no order {order_id}")
        if order.status != "created":
            raise OrderRefused(f"order {order_id} is {order.status}")
        order.status, order.updated_at = status, self.clock()
        self._tell(order, status)
        return order

    def updated_between(self, start: float, end: float | None = None) -> list[SimOrder]:
        """Orders last changed at or after `start` (and before `end`), oldest change first."""
        return sorted(
            (
                o
                for o in self.orders.values()
                if o.updated_at >= start and (end is None or o.updated_at < end)
            ),
            key=lambda o: (o.updated_at, o.number),
        )

    def _tell(self, order: SimOrder, status: OrderStatus) -> None:
        for listener in self.listeners:
            listener(order, status)

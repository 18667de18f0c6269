"""What a simulated marketplace remembers: the last quantity per listing, listings it no longer
has, idempotency keys it has seen, and counts of what it answered."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from interfaces.channels.simulator.orders import OrderBook

ALWAYS_COUNTED = ("requests", "accepted", "applied", "400", "401", "429")


class SoldOut(Exception):
    """Nothing left to sell on a listing."""


class Store:
    """In memory, for one simulator process; handlers run on one event loop, so no locks."""

    def __init__(self, kind: str, clock: Callable[[], float]) -> None:
        self.kind = kind
        self.orders = OrderBook(kind, clock)
        self.quantities: dict[str, int] = {}
        self.gone: set[str] = set()
        self.remembered: dict[str, tuple[str, Any]] = {}
        self.counts: Counter[str] = Counter({name: 0 for name in ALWAYS_COUNTED})

    def quantity(self, key: str) -> int | None:
        """The listing's quantity, None when it has none yet."""
        return self.quantities.get(key)

    def set(self, key: str, quantity: int) -> None:
        """Store a quantity a request set (the listing exists from then on)."""
        self.quantities[key] = quantity
        self.counts["applied"] += 1

    def sell(self, key: str) -> int:
        """Sell one unit of a listing, as a marketplace customer would; the new quantity."""
        if key not in self.quantities:
            raise KeyError(key)
        if self.quantities[key] <= 0:
            raise SoldOut(key)
        self.quantities[key] -= 1
        return self.quantities[key]

    def take(self, key: str, quantity: int) -> None:
        """Units an order takes from a listing it holds a quantity for (SoldOut if fewer)."""
        if key in self.quantities:
            if self.quantities[key] < quantity:
                raise SoldOut(key)
            self.quantities[key] -= quantity

    def restock(self, key: str, quantity: int) -> None:
        """Units a cancelled order gives back to a listing the simulator still holds."""
        if key in self.quantities:
            self.quantities[key] += quantity

    def delist(self, key: str) -> None:
        """Make the marketplace forget a listing: updates to it fail from then on."""
        self.gone.add(key)
        self.quantities.pop(key, None)

    def answered(self, status: int) -> None:
        """Count one answer by its status code; 2xx ones are `accepted` too."""
        self.counts[str(status)] += 1
        if 200 <= status < 300:
            self.counts["accepted"] += 1

    def stats(self) -> dict[str, int]:
        """The counts, by name."""
        return dict(self.counts)

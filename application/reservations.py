"""Reservation commands: all-or-nothing across SKUs and locations, routed when unlocated."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import cast

from application import views
from application.command import Decision, Outcome
from application.ledger import LedgerBase, at, changed
from domain.errors import InsufficientStock, ReservationNotFound, Shortfall
from domain.reservation import Reservation
from domain.routing import Line, route
from domain.sku_index import SkuIndex
from domain.stock_item import StockItem


class ReservationCommands(LedgerBase):
    """Reserve, release, fulfil. A reservation id is its own idempotency key."""

    def reserve(
        self,
        reservation_id: str,
        order_id: str,
        channel: str,
        lines: list[Line],
        expires_at: datetime | None,
    ) -> Outcome:
        """Hold stock for an order's lines; every line is reserved, or none is."""
        skus = sorted({line.sku for line in lines})
        args = {
            "reservation_id": reservation_id,
            "order_id": order_id,
            "channel": channel,
            "lines": [[ln.sku, ln.quantity, ln.location] for ln in lines],
            "expires_at": at(expires_at),
        }

        def decide() -> Decision:
            routed = self._route(lines)
            items = self._reserve_items(routed, reservation_id, order_id, channel, expires_at)
            res = Reservation(
                reservation_id,
                order_id,
                channel,
                [
                    {"sku": ln.sku, "location": ln.location, "quantity": ln.quantity}
                    for ln in routed
                ],
                expires_at,
            )
            return Decision([*items, res], views.reservation(res))

        key = f"reservation:{reservation_id}"
        hints = [
            StockItem.create_id(ln.sku, ln.location) if ln.location else SkuIndex.create_id(ln.sku)
            for ln in lines
        ]
        return self.run("reserve", args, key, skus, decide, natural=True, hints=hints)

    def _route(self, lines: list[Line]) -> list[Line]:
        # Only SKUs with an unlocated line need every location's figure (each is a load).
        to_route = sorted({line.sku for line in lines if line.location is None})
        available: dict[str, dict[str, int]] = {}
        for sku in to_route:
            available[sku] = {}
            for location in self.index(sku).locations:
                item = self.item(sku, location)
                available[sku][location] = item.available if item else 0
        return route(lines, available)

    def _reserve_items(
        self,
        routed: list[Line],
        reservation_id: str,
        order_id: str,
        channel: str,
        expires_at: datetime | None,
    ) -> list[StockItem]:
        wanted: dict[tuple[str, str], int] = defaultdict(int)
        for line in routed:
            wanted[(line.sku, cast(str, line.location))] += line.quantity
        items: list[StockItem] = []
        short: list[Shortfall] = []
        for (sku, location), quantity in wanted.items():
            item = self.item(sku, location)
            if item is None or quantity > item.available:
                have = item.available if item else 0
                short.append(Shortfall(sku, location, quantity, have))
                continue
            item.reserve(reservation_id, order_id, channel, quantity, expires_at, None)
            items.append(item)
        if short:
            raise InsufficientStock(short)
        return items

    def reservation(self, reservation_id: str) -> Reservation:
        """The reservation, or ReservationNotFound."""
        found = self.find(Reservation.create_id(reservation_id))
        if found is None:
            raise ReservationNotFound(f"no reservation {reservation_id!r}")
        return cast(Reservation, found)

    def release(self, reservation_id: str, reason: str, key: str | None) -> Outcome:
        """Give a reservation's units back; releasing a released one changes nothing."""

        def decide() -> Decision:
            res = self.reservation(reservation_id)
            if res.status == "released":
                return Decision([], views.reservation(res), unchanged=res)
            res.release(reason)
            items = self._holders(res)
            for item in items:
                item.release(reservation_id, reason, res.order_id, key)
            return Decision(changed(*items, res), views.reservation(res))

        args = {"reservation_id": reservation_id, "reason": reason}
        return self.run("release", args, key, self._skus(reservation_id), decide)

    def expire(self, reservation_id: str, now: datetime) -> Outcome | None:
        """Release the reservation as expired if it is still open and its expiry has passed."""
        res = self.reservation(reservation_id)
        if res.status != "reserved" or res.expires_at is None or res.expires_at > now:
            return None
        return self.release(reservation_id, "expired", None)

    def fulfil(self, reservation_id: str, key: str | None) -> Outcome:
        """Record that a reservation shipped; fulfilling a fulfilled one changes nothing."""

        def decide() -> Decision:
            res = self.reservation(reservation_id)
            if res.status == "fulfilled":
                return Decision([], views.reservation(res), unchanged=res)
            res.fulfil()
            items = self._holders(res)
            for item in items:
                item.fulfil(reservation_id, res.order_id, key)
            return Decision(changed(*items, res), views.reservation(res))

        args = {"reservation_id": reservation_id}
        return self.run("fulfil", args, key, self._skus(reservation_id), decide)

    def _skus(self, reservation_id: str) -> list[str]:
        return sorted({line["sku"] for line in self.reservation(reservation_id).lines})

    def _holders(self, res: Reservation) -> list[StockItem]:
        """The StockItems holding the reservation's units, one per SKU-location."""
        places = sorted({(str(ln["sku"]), str(ln["location"])) for ln in res.lines})
        items = [self.item(sku, location) for sku, location in places]
        return [item for item in items if item is not None]

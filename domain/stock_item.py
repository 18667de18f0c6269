"""StockItem: one SKU at one location, and every movement recorded against it.

Promises (reservations, transfers out) are checked against what is available; physical facts
(receipts, counts, damage, shipments, returns) are always recorded, and a fact that leaves the
location short of its reservations records a ShortageDetected as well.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from eventsourcing.domain import Aggregate, event

from domain.errors import InsufficientStock, InvalidCommand, NegativeOnHand, Shortfall
from domain.ids import stock_item_id
from domain.movement import check_adjustment, require_count, require_movement


class StockItem(Aggregate):
    """The ledger of one SKU at one location."""

    @staticmethod
    def create_id(sku: str, location: str) -> Any:
        """Deterministic: the same (sku, location) always names the same aggregate."""
        return stock_item_id(sku, location)

    @event("Registered")
    def __init__(self, sku: str, location: str) -> None:
        self.sku = sku
        self.location = location
        self.on_hand = 0
        self.reserved = 0
        self.safety_stock = 0
        self.in_transit = 0
        # reservation id -> {"quantity", "channel"}: what release and fulfil act on.
        self.reservations: dict[str, dict[str, Any]] = {}
        # transfer id -> quantity on its way here.
        self.inbound: dict[str, int] = {}
        self.reorder_point: int | None = None
        self.reorder_quantity = 0
        self.replenishment_open = False

    @property
    def available(self) -> int:
        """What can still be promised: never negative."""
        return max(0, self.on_hand - self.reserved - self.safety_stock)

    @property
    def shortfall(self) -> int:
        """How many reserved units are not physically here."""
        # A negative on hand (shipments the ledger did not know of) is not "more short".
        return max(0, self.reserved - max(0, self.on_hand))

    def receive(self, quantity: int, reference: str | None, idempotency_key: str | None) -> None:
        """Record goods received (a PO or ASN)."""
        require_movement(quantity)
        self._received(quantity, reference, idempotency_key)
        self._settle(self.shortfall, reference, idempotency_key)

    @event("Received")
    def _received(self, quantity: int, reference: str | None, idempotency_key: str | None) -> None:
        self.on_hand += quantity

    def adjust(
        self, delta: int, reason: str, reference: str | None, idempotency_key: str | None
    ) -> None:
        """Record damage, loss, a find, a correction or a quality hold/release."""
        check_adjustment(delta, reason)
        if delta < 0 and self.on_hand + delta < 0:
            raise NegativeOnHand(
                f"{self.sku}@{self.location}: on hand is {self.on_hand}, an adjustment of "
                f"{delta} would make it negative; record a count instead"
            )
        before = self.shortfall
        self._adjusted(delta, reason, reference, idempotency_key)
        self._settle(before, reference, idempotency_key)

    @event("Adjusted")
    def _adjusted(
        self, delta: int, reason: str, reference: str | None, idempotency_key: str | None
    ) -> None:
        self.on_hand += delta

    def count(self, quantity: int, reference: str | None, idempotency_key: str | None) -> None:
        """Record an absolute cycle count; the event keeps what was on hand and the delta."""
        require_count(quantity)
        before = self.shortfall
        self._counted(quantity, quantity - self.on_hand, self.on_hand, reference, idempotency_key)
        self._settle(before, reference, idempotency_key)

    class Counted(Aggregate.Event):
        """A cycle count. Version 2 added ``previous`` (on hand before the count)."""

        class_version = 2
        quantity: int
        delta: int
        previous: int
        reference: str | None
        idempotency_key: str | None

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            """Version 1 had no ``previous``; it is what the count replaced."""
            state["previous"] = state["quantity"] - state["delta"]

    @event(Counted)
    def _counted(
        self,
        quantity: int,
        delta: int,
        previous: int,
        reference: str | None,
        idempotency_key: str | None,
    ) -> None:
        self.on_hand = quantity

    def set_safety_stock(
        self, quantity: int, reference: str | None, idempotency_key: str | None
    ) -> None:
        """Hold ``quantity`` units back from what is available."""
        require_count(quantity)
        self._safety_stock_set(quantity, reference, idempotency_key)
        self._settle(self.shortfall, reference, idempotency_key)

    @event("SafetyStockSet")
    def _safety_stock_set(
        self, quantity: int, reference: str | None, idempotency_key: str | None
    ) -> None:
        self.safety_stock = quantity

    def return_stock(
        self, quantity: int, restock: bool, reference: str | None, idempotency_key: str | None
    ) -> None:
        """Record a customer return; only a restockable one comes back on hand."""
        require_movement(quantity)
        self._returned(quantity, restock, reference, idempotency_key)
        self._settle(self.shortfall, reference, idempotency_key)

    @event("Returned")
    def _returned(
        self, quantity: int, restock: bool, reference: str | None, idempotency_key: str | None
    ) -> None:
        if restock:
            self.on_hand += quantity

    def check_available(self, quantity: int) -> None:
        """Refuse a promise of more than is available here."""
        if quantity > self.available:
            raise InsufficientStock([Shortfall(self.sku, self.location, quantity, self.available)])

    def _settle(self, before: int, reference: str | None, idempotency_key: str | None) -> None:
        # After every change: a worsened shortage is news (the order side re-routes on each
        # new ShortageDetected), and so is crossing the reorder point, either way.
        self._review_replenishment(reference, idempotency_key)
        if self.shortfall > before:
            self._shortage_detected(
                self.on_hand, self.reserved, self.shortfall, reference, idempotency_key
            )

    @event("ShortageDetected")
    def _shortage_detected(
        self,
        on_hand: int,
        reserved: int,
        shortfall: int,
        reference: str | None,
        idempotency_key: str | None,
    ) -> None:
        pass

    def reserve(
        self,
        reservation_id: str,
        order_id: str,
        channel: str,
        quantity: int,
        expires_at: datetime | None,
        idempotency_key: str | None,
    ) -> None:
        """Promise ``quantity`` units to an order; refused beyond what is available."""
        require_movement(quantity)
        if reservation_id in self.reservations:
            raise InvalidCommand(f"reservation {reservation_id} already holds {self.sku}")
        self.check_available(quantity)
        self._reserved(
            reservation_id, order_id, channel, quantity, expires_at, order_id, idempotency_key
        )
        self._settle(self.shortfall, order_id, idempotency_key)

    @event("Reserved")
    def _reserved(
        self,
        reservation_id: str,
        order_id: str,
        channel: str,
        quantity: int,
        expires_at: datetime | None,
        reference: str | None,
        idempotency_key: str | None,
    ) -> None:
        self.reserved += quantity
        self.reservations[reservation_id] = {"quantity": quantity, "channel": channel}

    def release(
        self, reservation_id: str, reason: str, reference: str | None, idempotency_key: str | None
    ) -> None:
        """Give the reservation's units back to available (cancelled or expired)."""
        quantity = self.held_for(reservation_id)
        self._reservation_released(reservation_id, quantity, reason, reference, idempotency_key)
        self._settle(self.shortfall, reference, idempotency_key)

    @event("ReservationReleased")
    def _reservation_released(
        self,
        reservation_id: str,
        quantity: int,
        reason: str,
        reference: str | None,
        idempotency_key: str | None,
    ) -> None:
        self.reserved -= quantity
        self.reservations.pop(reservation_id, None)

    def fulfil(
        self, reservation_id: str, reference: str | None, idempotency_key: str | None
    ) -> None:
        """Record the shipment of the reservation's units: on hand and reserved both fall."""
        quantity = self.held_for(reservation_id)
        before = self.shortfall
        self._reservation_fulfilled(reservation_id, quantity, reference, idempotency_key)
        self._settle(before, reference, idempotency_key)

    @event("ReservationFulfilled")
    def _reservation_fulfilled(
        self, reservation_id: str, quantity: int, reference: str | None, idempotency_key: str | None
    ) -> None:
        self.on_hand -= quantity
        self.reserved -= quantity
        self.reservations.pop(reservation_id, None)

    def dispatch_transfer(
        self, transfer_id: str, to_location: str, quantity: int, idempotency_key: str | None
    ) -> None:
        """Send units to another location: a promise, so checked against available."""
        require_movement(quantity)
        self.check_available(quantity)
        self._transfer_dispatched(transfer_id, to_location, quantity, transfer_id, idempotency_key)
        self._settle(self.shortfall, transfer_id, idempotency_key)

    @event("TransferDispatched")
    def _transfer_dispatched(
        self,
        transfer_id: str,
        to_location: str,
        quantity: int,
        reference: str | None,
        idempotency_key: str | None,
    ) -> None:
        self.on_hand -= quantity

    def expect_transfer(
        self, transfer_id: str, from_location: str, quantity: int, idempotency_key: str | None
    ) -> None:
        """Show units dispatched from another location as in transit here."""
        require_movement(quantity)
        self._transfer_expected(transfer_id, from_location, quantity, transfer_id, idempotency_key)

    @event("TransferExpected")
    def _transfer_expected(
        self,
        transfer_id: str,
        from_location: str,
        quantity: int,
        reference: str | None,
        idempotency_key: str | None,
    ) -> None:
        self.in_transit += quantity
        self.inbound[transfer_id] = quantity

    def receive_transfer(self, transfer_id: str, idempotency_key: str | None) -> None:
        """Record the arrival of a transfer: in transit becomes on hand."""
        if transfer_id not in self.inbound:
            raise InvalidCommand(f"{self.sku}@{self.location} expects no transfer {transfer_id}")
        quantity = self.inbound[transfer_id]
        self._transfer_received(transfer_id, quantity, transfer_id, idempotency_key)
        self._settle(self.shortfall, transfer_id, idempotency_key)

    @event("TransferReceived")
    def _transfer_received(
        self, transfer_id: str, quantity: int, reference: str | None, idempotency_key: str | None
    ) -> None:
        self.in_transit -= quantity
        self.on_hand += quantity
        self.inbound.pop(transfer_id, None)

    def set_reorder_point(
        self, reorder_point: int, reorder_quantity: int, idempotency_key: str | None
    ) -> None:
        """Ask for replenishment whenever available is at or below ``reorder_point``."""
        require_count(reorder_point)
        require_movement(reorder_quantity)
        self._reorder_point_set(reorder_point, reorder_quantity, None, idempotency_key)
        self._settle(self.shortfall, None, idempotency_key)

    @event("ReorderPointSet")
    def _reorder_point_set(
        self,
        reorder_point: int,
        reorder_quantity: int,
        reference: str | None,
        idempotency_key: str | None,
    ) -> None:
        self.reorder_point = reorder_point
        self.reorder_quantity = reorder_quantity

    def _review_replenishment(self, reference: str | None, idempotency_key: str | None) -> None:
        # One request per dip: none again until available has risen above the point.
        if self.reorder_point is None:
            return
        low = self.available <= self.reorder_point
        if low and not self.replenishment_open:
            self._replenishment_requested(
                self.available,
                self.reorder_point,
                self.reorder_quantity,
                reference,
                idempotency_key,
            )
        elif not low and self.replenishment_open:
            self._replenishment_cleared(self.available, reference, idempotency_key)

    @event("ReplenishmentRequested")
    def _replenishment_requested(
        self,
        available: int,
        reorder_point: int,
        reorder_quantity: int,
        reference: str | None,
        idempotency_key: str | None,
    ) -> None:
        self.replenishment_open = True

    @event("ReplenishmentCleared")
    def _replenishment_cleared(
        self, available: int, reference: str | None, idempotency_key: str | None
    ) -> None:
        self.replenishment_open = False

    def held_for(self, reservation_id: str) -> int:
        """Units held for an open reservation; refuses a reservation this item does not hold."""
        if reservation_id not in self.reservations:
            raise InvalidCommand(
                f"{self.sku}@{self.location} holds no reservation {reservation_id}"
            )
        return self.reservation_quantity(reservation_id)

    def reservation_quantity(self, reservation_id: str) -> int:
        """Units this item holds for the reservation (0 if none)."""
        entry = self.reservations.get(reservation_id)
        return int(entry["quantity"]) if entry else 0

    def reserved_for_channel(self, channel: str) -> int:
        """Units held by the channel's open reservations (ring fences use them up first)."""
        return sum(
            int(r["quantity"]) for r in self.reservations.values() if r["channel"] == channel
        )

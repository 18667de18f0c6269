"""Reservation: an order's promise across SKUs and locations, readable by its id."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from eventsourcing.domain import Aggregate, event

from domain.errors import InvalidCommand, ReservationClosed
from domain.ids import reservation_id_of

RELEASE_REASONS = ("cancelled", "expired")


class Reservation(Aggregate):
    """The promise itself; the units are held on each line's StockItem."""

    @staticmethod
    def create_id(reservation_id: str) -> Any:
        """Deterministic from the client's reservation id, its natural idempotency key."""
        return reservation_id_of(reservation_id)

    @event("Placed")
    def __init__(
        self,
        reservation_id: str,
        order_id: str,
        channel: str,
        lines: list[dict[str, Any]],
        expires_at: datetime | None,
    ) -> None:
        self.reservation_id = reservation_id
        self.order_id = order_id
        self.channel = channel
        self.lines = lines
        self.expires_at = expires_at
        self.status = "reserved"
        self.reason: str | None = None

    def require_open(self) -> None:
        """Only a reservation still holding stock can be released or fulfilled."""
        if self.status != "reserved":
            raise ReservationClosed(f"reservation {self.reservation_id} is already {self.status}")

    def release(self, reason: str) -> None:
        """Close the reservation, giving its units back."""
        if reason not in RELEASE_REASONS:
            raise InvalidCommand(f"release reason must be one of {', '.join(RELEASE_REASONS)}")
        self.require_open()
        self._released(reason)

    @event("Released")
    def _released(self, reason: str) -> None:
        self.status = "released"
        self.reason = reason

    def fulfil(self) -> None:
        """Close the reservation as shipped."""
        self.require_open()
        self._fulfilled()

    @event("Fulfilled")
    def _fulfilled(self) -> None:
        self.status = "fulfilled"

"""Transfer: units on their way from one location to another, readable by its id."""

from __future__ import annotations

from typing import Any

from eventsourcing.domain import Aggregate, event

from domain.errors import InvalidCommand, TransferClosed
from domain.ids import transfer_id_of


class Transfer(Aggregate):
    """A transfer between two locations of one SKU."""

    @staticmethod
    def create_id(transfer_id: str) -> Any:
        """Deterministic from the client's transfer id, its natural idempotency key."""
        return transfer_id_of(transfer_id)

    @staticmethod
    def check_route(from_location: str, to_location: str) -> None:
        """A transfer must go somewhere else."""
        if from_location == to_location:
            raise InvalidCommand("a transfer's source and destination must differ")

    @event("Dispatched")
    def __init__(
        self, transfer_id: str, sku: str, from_location: str, to_location: str, quantity: int
    ) -> None:
        self.transfer_id = transfer_id
        self.sku = sku
        self.from_location = from_location
        self.to_location = to_location
        self.quantity = quantity
        self.status = "in_transit"

    def receive(self) -> None:
        """Mark the transfer received at its destination."""
        if self.status != "in_transit":
            raise TransferClosed(f"transfer {self.transfer_id} is already {self.status}")
        self._received()

    @event("Received")
    def _received(self) -> None:
        self.status = "received"

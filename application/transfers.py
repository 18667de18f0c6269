"""Transfer commands: dispatch is a promise checked against the source; receipt is a fact. A
transfer id is its own idempotency key."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from application import views
from application.aggregates import Aggregates
from application.command import Command, Decision, changed, decide
from domain import transfer
from domain.errors import InsufficientStock, Shortfall
from domain.movement import require_movement
from domain.sku_index import SkuIndex
from domain.stock_item import StockItem


@dataclass(frozen=True)
class Transfer(Command):
    """Dispatch units to another location, where they show as in transit."""

    transfer_id: str
    sku: str
    from_location: str
    to_location: str
    quantity: int

    def natural_key(self) -> str:
        """The transfer id: a retry gets the original answer."""
        return f"transfer:{self.transfer_id}"

    def hints(self) -> Sequence[UUID]:
        """Both StockItems and the SKU's index."""
        return (
            StockItem.create_id(self.sku, self.from_location),
            StockItem.create_id(self.sku, self.to_location),
            SkuIndex.create_id(self.sku),
        )


@dataclass(frozen=True)
class ReceiveTransfer(Command):
    """A transfer arrived: in transit becomes on hand; receiving it again changes nothing."""

    transfer_id: str


@decide.register
def _transfer(command: Transfer, seen: Aggregates) -> Decision:
    c = command
    transfer.Transfer.check_route(c.from_location, c.to_location)
    require_movement(c.quantity)
    index = seen.index(c.sku)
    source = seen.item(c.sku, c.from_location)
    if source is None:
        raise InsufficientStock([Shortfall(c.sku, c.from_location, c.quantity, 0)])
    source.dispatch_transfer(c.transfer_id, c.to_location, c.quantity, None)
    target = seen.item_or_new(c.sku, c.to_location, index)
    target.expect_transfer(c.transfer_id, c.from_location, c.quantity, None)
    tr = transfer.Transfer(c.transfer_id, c.sku, c.from_location, c.to_location, c.quantity)
    return Decision(changed(source, target, index, tr), views.transfer(tr))


@decide.register
def _receive_transfer(command: ReceiveTransfer, seen: Aggregates) -> Decision:
    tr = seen.find_transfer(command.transfer_id)
    if tr.status == "received":
        return Decision([], views.transfer(tr), unchanged=tr)
    tr.receive()
    target = seen.item(tr.sku, tr.to_location)
    assert target is not None, "a dispatched transfer always registered its target"
    target.receive_transfer(command.transfer_id, command.key)
    return Decision(changed(target, tr), views.transfer(tr))

"""Transfer commands: dispatch is a promise checked against the source; receipt is a fact."""

from __future__ import annotations

from typing import cast

from application import views
from application.command import Decision, Outcome
from application.ledger import LedgerBase, changed
from domain.errors import InsufficientStock, Shortfall, TransferNotFound
from domain.movement import require_movement
from domain.transfer import Transfer


class TransferCommands(LedgerBase):
    """Transfer and receive. A transfer id is its own idempotency key."""

    def transfer(
        self, transfer_id: str, sku: str, from_location: str, to_location: str, quantity: int
    ) -> Outcome:
        """Dispatch units to another location, where they show as in transit."""
        Transfer.check_route(from_location, to_location)
        require_movement(quantity)

        def decide() -> Decision:
            index = self.index(sku)
            source = self.item(sku, from_location)
            if source is None:
                raise InsufficientStock([Shortfall(sku, from_location, quantity, 0)])
            source.dispatch_transfer(transfer_id, to_location, quantity, None)
            target = self.item_or_new(sku, to_location, index)
            target.expect_transfer(transfer_id, from_location, quantity, None)
            tr = Transfer(transfer_id, sku, from_location, to_location, quantity)
            return Decision(changed(source, target, index, tr), views.transfer(tr))

        args = {
            "transfer_id": transfer_id,
            "sku": sku,
            "from_location": from_location,
            "to_location": to_location,
            "quantity": quantity,
        }
        key = f"transfer:{transfer_id}"
        return self.run("transfer", args, key, [sku], decide, natural=True)

    def find_transfer(self, transfer_id: str) -> Transfer:
        """The transfer, or TransferNotFound."""
        found = self.find(Transfer.create_id(transfer_id))
        if found is None:
            raise TransferNotFound(f"no transfer {transfer_id!r}")
        return cast(Transfer, found)

    def receive_transfer(self, transfer_id: str, key: str | None) -> Outcome:
        """Record a transfer's arrival; receiving a received one changes nothing."""
        sku = self.find_transfer(transfer_id).sku

        def decide() -> Decision:
            tr = self.find_transfer(transfer_id)
            if tr.status == "received":
                return Decision([], views.transfer(tr), unchanged=tr)
            tr.receive()
            target = self.item(sku, tr.to_location)
            assert target is not None, "a dispatched transfer always registered its target"
            target.receive_transfer(transfer_id, key)
            return Decision(changed(target, tr), views.transfer(tr))

        return self.run("receive_transfer", {"transfer_id": transfer_id}, key, [sku], decide)

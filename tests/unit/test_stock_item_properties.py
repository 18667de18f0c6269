"""Properties of one StockItem under any sequence of commands, refused ones included.

Stock is conserved (on hand is the sum of the recorded movements), reservations never exceed
what was available, a refusal changes nothing, and replaying the events rebuilds the same item.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from domain.errors import StockError
from domain.movement import ADJUSTMENT_REASONS
from domain.stock_item import StockItem

# Mostly good quantities, sometimes ones the domain must refuse.
quantities = st.one_of(
    st.integers(min_value=1, max_value=25),
    st.integers(min_value=-3, max_value=0),
    st.sampled_from([True, 1.0, 2.5]),
)
counts = st.one_of(st.integers(min_value=0, max_value=40), st.sampled_from([-1, 3.0, True]))
reasons = st.sampled_from([*ADJUSTMENT_REASONS, "stolen"])
reservation_ids = st.sampled_from([f"R-{n}" for n in range(6)])


def movement(event: Any) -> int:
    """How much an event moves on hand (Counted carries the delta it implied)."""
    kind = type(event).__qualname__.removeprefix("StockItem.")
    if kind in ("Received", "TransferReceived"):
        return int(event.quantity)
    if kind in ("ReservationFulfilled", "TransferDispatched"):
        return -int(event.quantity)
    if kind in ("Adjusted", "Counted"):
        return int(event.delta)
    if kind == "Returned":
        return int(event.quantity) if event.restock else 0
    return 0


class StockItemLedger(RuleBasedStateMachine):
    """Random commands on one StockItem, checked against a model of its promises."""

    def __init__(self) -> None:
        super().__init__()
        self.item = StockItem("SKU-1", "WH-1")
        self.events: list[Any] = list(self.item.collect_events())
        self.open: dict[str, int] = {}  # reservation id -> quantity, as the model sees it
        self.inbound: dict[str, int] = {}  # transfer id -> quantity on its way here
        self.transfers = 0

    def attempt(self, command: Callable[[StockItem], None]) -> bool:
        """Run ``command``; a refusal must leave the item exactly as it was."""
        before = copy.deepcopy(vars(self.item))
        try:
            command(self.item)
        except StockError:
            assert self.item.pending_events == []
            assert vars(self.item) == before
            return False
        self.events.extend(self.item.collect_events())
        return True

    def next_transfer(self) -> str:
        self.transfers += 1
        return f"T-{self.transfers}"

    @rule(quantity=quantities)
    def receive(self, quantity: int) -> None:
        self.attempt(lambda item: item.receive(quantity, "PO", None))

    @rule(delta=st.integers(min_value=-30, max_value=30), reason=reasons)
    def adjust(self, delta: int, reason: str) -> None:
        on_hand = self.item.on_hand
        if self.attempt(lambda item: item.adjust(delta, reason, "ADJ", None)):
            assert delta > 0 or on_hand + delta >= 0  # never made negative by a loss

    @rule(quantity=counts)
    def count(self, quantity: int) -> None:
        self.attempt(lambda item: item.count(quantity, "CC", None))

    @rule(quantity=counts)
    def set_safety_stock(self, quantity: int) -> None:
        self.attempt(lambda item: item.set_safety_stock(quantity, None, None))

    @rule(reservation_id=reservation_ids, quantity=quantities)
    def reserve(self, reservation_id: str, quantity: int) -> None:
        available = self.item.available
        accepted = self.attempt(
            lambda item: item.reserve(reservation_id, "O-1", "web", quantity, None, None)
        )
        if accepted:
            assert reservation_id not in self.open
            assert quantity <= available
            assert self.item.on_hand - self.item.reserved - self.item.safety_stock >= 0
            self.open[reservation_id] = quantity
        elif type(quantity) is int and quantity > 0 and reservation_id not in self.open:
            assert quantity > available, "a reservation within available was refused"

    @precondition(lambda self: self.open)
    @rule(data=st.data())
    def release(self, data: st.DataObject) -> None:
        reservation_id = data.draw(st.sampled_from(sorted(self.open)))
        assert self.attempt(lambda item: item.release(reservation_id, "cancelled", None, None))
        del self.open[reservation_id]

    @precondition(lambda self: self.open)
    @rule(data=st.data())
    def fulfil(self, data: st.DataObject) -> None:
        reservation_id = data.draw(st.sampled_from(sorted(self.open)))
        assert self.attempt(lambda item: item.fulfil(reservation_id, None, None))
        del self.open[reservation_id]

    @rule(quantity=quantities, restock=st.booleans())
    def return_stock(self, quantity: int, restock: bool) -> None:
        self.attempt(lambda item: item.return_stock(quantity, restock, "RMA", None))

    @rule(quantity=quantities)
    def dispatch_transfer(self, quantity: int) -> None:
        available = self.item.available
        transfer_id = self.next_transfer()

        def dispatch(item: StockItem) -> None:
            item.dispatch_transfer(transfer_id, "WH-2", quantity, None)

        if self.attempt(dispatch):
            assert quantity <= available
        elif type(quantity) is int and quantity > 0:
            assert quantity > available, "a dispatch within available was refused"

    @rule(quantity=quantities)
    def expect_transfer(self, quantity: int) -> None:
        transfer_id = self.next_transfer()
        if self.attempt(lambda item: item.expect_transfer(transfer_id, "WH-2", quantity, None)):
            self.inbound[transfer_id] = quantity

    @precondition(lambda self: self.inbound)
    @rule(data=st.data())
    def receive_transfer(self, data: st.DataObject) -> None:
        transfer_id = data.draw(st.sampled_from(sorted(self.inbound)))
        assert self.attempt(lambda item: item.receive_transfer(transfer_id, None))
        del self.inbound[transfer_id]

    @invariant()
    def available_is_never_negative(self) -> None:
        item = self.item
        assert item.available >= 0
        assert item.available == max(0, item.on_hand - item.reserved - item.safety_stock)

    @invariant()
    def on_hand_is_the_sum_of_the_recorded_movements(self) -> None:
        assert self.item.on_hand == sum(movement(e) for e in self.events)

    @invariant()
    def reserved_is_the_sum_of_open_reservations(self) -> None:
        held = {rid: int(r["quantity"]) for rid, r in self.item.reservations.items()}
        assert held == self.open
        assert self.item.reserved == sum(self.open.values())

    @invariant()
    def in_transit_is_the_sum_of_expected_transfers(self) -> None:
        assert self.item.inbound == self.inbound
        assert self.item.in_transit == sum(self.inbound.values())

    @invariant()
    def replaying_the_events_rebuilds_the_same_item(self) -> None:
        replayed: StockItem | None = None
        for event in self.events:
            replayed = event.mutate(replayed)
        assert replayed == self.item
        assert replayed is not None and replayed.version == len(self.events)


StockItemLedger.TestCase.settings = settings(
    max_examples=200,
    stateful_step_count=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_stock_item_ledger = StockItemLedger.TestCase

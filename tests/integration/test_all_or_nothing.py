"""A reservation across SKUs and locations is saved in one transaction: every event, or none."""

from __future__ import annotations

import pytest
from eventsourcing.persistence import IntegrityError

from application.executor import Executor
from application.movements import Receive
from application.receipts import PendingReceipt
from application.reservations import Reserve
from application.service import StockLedger
from domain.errors import InsufficientStock, ReservationNotFound
from domain.reservation import Reservation
from domain.routing import Line
from domain.stock_item import StockItem
from interfaces.runtime.container import Container
from tests import refs


def log_end(ledger: StockLedger) -> int:
    """The position of the last event in the log (0 when empty)."""
    return ledger.recorder.max_notification_id() or 0


def two_places(executor: Executor, units: int) -> tuple[Line, Line]:
    """Two fresh SKUs at two fresh locations, each holding ``units``; one line for each."""
    first = Line(refs.sku(), 2, refs.location())
    second = Line(refs.sku(), 3, refs.location())
    for line in (first, second):
        executor.execute(Receive(line.sku, str(line.location), units, "PO-1"))
    return first, second


def loaded(ledger: StockLedger, line: Line) -> StockItem:
    """The StockItem for the line's SKU-location, as a command would load it."""
    item = ledger.item(line.sku, str(line.location))
    assert item is not None
    return item


def reserved_at(ledger: StockLedger, line: Line) -> int:
    """Units reserved at the line's SKU-location."""
    return int(ledger.stock_level(line.sku, str(line.location))["reserved"])


def test_multi_line_reservation_saves_every_aggregate_in_one_transaction(
    container: Container,
) -> None:
    ledger = container.ledger
    executor = container.executor
    first, second = two_places(executor, 5)
    reservation_id = refs.reservation()
    before = log_end(ledger)

    outcome = executor.execute(Reserve(reservation_id, "O-1", "web", [first, second], None))

    written = ledger.recorder.select_notifications(start=before + 1, limit=10)
    assert sorted(n.topic.rsplit(".", 1)[-1] for n in written) == [
        "Placed",
        "Reserved",
        "Reserved",
    ]
    assert {n.originator_id for n in written} == {
        StockItem.create_id(first.sku, first.location),
        StockItem.create_id(second.sku, second.location),
        Reservation.create_id(reservation_id),
    }
    assert outcome.position == max(n.id for n in written) == log_end(ledger)
    key = f"reservation:{reservation_id}"
    receipt = ledger.ledger_recorder.select_receipts([key]).get(key)
    assert receipt is not None and receipt.position == outcome.position
    assert (reserved_at(ledger, first), reserved_at(ledger, second)) == (2, 3)


def test_multi_line_reservation_with_one_short_line_writes_nothing(container: Container) -> None:
    ledger = container.ledger
    executor = container.executor
    first, second = two_places(executor, 5)
    short = Line(second.sku, 6, second.location)
    reservation_id = refs.reservation()
    before = log_end(ledger)

    with pytest.raises(InsufficientStock) as refused:
        executor.execute(Reserve(reservation_id, "O-1", "web", [first, short], None))

    assert [(s.sku, s.requested, s.available) for s in refused.value.shortfalls] == [
        (second.sku, 6, 5)
    ]
    assert log_end(ledger) == before
    assert (reserved_at(ledger, first), reserved_at(ledger, second)) == (0, 0)
    with pytest.raises(ReservationNotFound):
        ledger.reservation(reservation_id)


def test_a_save_that_fails_on_one_aggregate_leaves_no_event_behind(container: Container) -> None:
    ledger = container.ledger
    executor = container.executor
    first, second = two_places(executor, 5)
    reservation_id = refs.reservation()
    key = f"reservation:{reservation_id}"
    items = [loaded(ledger, line) for line in (first, second)]
    # Another writer changes the second item after it was loaded, so its save conflicts after
    # the first item's events were written in the same transaction.
    executor.execute(Receive(second.sku, str(second.location), 1, "PO-2"))
    after_other_writer = log_end(ledger)
    for item, line in zip(items, (first, second), strict=True):
        item.reserve(reservation_id, "O-1", "web", line.quantity, None, None)
    placed = Reservation(reservation_id, "O-1", "web", [], None)
    receipt = PendingReceipt(key, "fingerprint", "{}", 2)

    with pytest.raises(IntegrityError):
        ledger.save(*items, placed, receipts=[receipt])

    assert log_end(ledger) == after_other_writer
    assert (reserved_at(ledger, first), reserved_at(ledger, second)) == (0, 0)
    assert not ledger.ledger_recorder.select_receipts([key])
    with pytest.raises(ReservationNotFound):
        ledger.reservation(reservation_id)

    # Nothing was remembered: the same reservation, run as a command, is evaluated afresh.
    executor.execute(Reserve(reservation_id, "O-1", "web", [first, second], None))
    assert (reserved_at(ledger, first), reserved_at(ledger, second)) == (2, 3)

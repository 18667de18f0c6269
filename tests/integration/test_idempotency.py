"""Idempotency keys over real storage: remembered across restarts, stored only with success.

A key is stored in the transaction of its command's events, so it survives a restart; a refused
command writes nothing (no event, no key), so its retry is evaluated afresh.
"""

from __future__ import annotations

import pytest

from application.movements import Adjust, Count, Receive
from application.reservations import Reserve
from application.service import StockLedger
from domain.errors import (
    IdempotencyKeyReused,
    InsufficientStock,
    NegativeOnHand,
    ReservationNotFound,
)
from domain.routing import Line
from interfaces.runtime.bootstrap import build
from interfaces.runtime.container import Container
from interfaces.runtime.settings import Settings
from tests import refs


def log_end(ledger: StockLedger) -> int:
    """The position of the last event in the log (0 when empty)."""
    return ledger.recorder.max_notification_id() or 0


def test_idempotency_key_survives_a_restart(settings: Settings) -> None:
    sku, location, key = refs.sku(), refs.location(), refs.key()
    first = build(settings)
    try:
        original = first.executor.execute(Receive(sku, location, 7, "PO-7", key=key))
    finally:
        first.stop()

    second = build(settings)
    try:
        before = log_end(second.ledger)
        replay = second.executor.execute(Receive(sku, location, 7, "PO-7", key=key))

        assert replay.replayed
        assert (replay.body, replay.position) == (original.body, original.position)
        assert log_end(second.ledger) == before
        assert second.ledger.stock_level(sku, location)["on_hand"] == 7
    finally:
        second.stop()


def test_reservation_id_survives_a_restart_as_its_own_key(settings: Settings) -> None:
    sku, location, reservation_id = refs.sku(), refs.location(), refs.reservation()
    lines = [Line(sku, 2, location)]
    first = build(settings)
    try:
        first.executor.execute(Receive(sku, location, 5, "PO-1"))
        original = first.executor.execute(Reserve(reservation_id, "O-1", "web", lines, None))
    finally:
        first.stop()

    second = build(settings)
    try:
        before = log_end(second.ledger)
        replay = second.executor.execute(Reserve(reservation_id, "O-1", "web", lines, None))

        assert replay.replayed
        assert (replay.body, replay.position) == (original.body, original.position)
        assert log_end(second.ledger) == before
        assert second.ledger.stock_level(sku, location)["reserved"] == 2
    finally:
        second.stop()


def test_same_key_with_a_different_body_is_refused_and_writes_nothing(
    container: Container,
) -> None:
    ledger = container.ledger
    executor = container.executor
    sku, location, key = refs.sku(), refs.location(), refs.key()
    executor.execute(Receive(sku, location, 7, "PO-7", key=key))
    before = log_end(ledger)

    with pytest.raises(IdempotencyKeyReused):
        executor.execute(Receive(sku, location, 8, "PO-7", key=key))
    with pytest.raises(IdempotencyKeyReused):
        executor.execute(Count(sku, location, 7, "PO-7", key=key))

    assert log_end(ledger) == before
    assert ledger.stock_level(sku, location)["on_hand"] == 7


def test_refused_reservation_writes_nothing_and_its_retry_is_evaluated_afresh(
    container: Container,
) -> None:
    ledger = container.ledger
    executor = container.executor
    sku, location, reservation_id = refs.sku(), refs.location(), refs.reservation()
    executor.execute(Receive(sku, location, 3, "PO-1"))
    before = log_end(ledger)

    with pytest.raises(InsufficientStock):
        executor.execute(Reserve(reservation_id, "O-1", "web", [Line(sku, 5, location)], None))

    assert log_end(ledger) == before
    assert not ledger.ledger_recorder.select_receipts([f"reservation:{reservation_id}"])
    with pytest.raises(ReservationNotFound):
        ledger.reservation(reservation_id)

    executor.execute(Receive(sku, location, 2, "PO-2"))
    retried = executor.execute(
        Reserve(reservation_id, "O-1", "web", [Line(sku, 5, location)], None)
    )

    assert not retried.replayed
    assert ledger.reservation(reservation_id).status == "reserved"
    assert ledger.stock_level(sku, location)["available"] == 0


def test_refused_adjustment_writes_nothing_and_keeps_no_key(container: Container) -> None:
    ledger = container.ledger
    executor = container.executor
    sku, location, key = refs.sku(), refs.location(), refs.key()
    executor.execute(Receive(sku, location, 4, "PO-1"))
    before = log_end(ledger)

    with pytest.raises(NegativeOnHand):
        executor.execute(Adjust(sku, location, -5, "damaged", "DMG-1", key=key))

    assert log_end(ledger) == before
    assert not ledger.ledger_recorder.select_receipts([key])
    assert ledger.stock_level(sku, location)["on_hand"] == 4

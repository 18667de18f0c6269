"""Idempotency keys over real storage: remembered across restarts, stored only with success.

A key is stored in the transaction of its command's events, so it survives a restart; a refused
command writes nothing (no event, no key), so its retry is evaluated afresh.
"""

from __future__ import annotations

import pytest

from application.service import StockLedger
from domain.errors import (
    IdempotencyKeyReused,
    InsufficientStock,
    NegativeOnHand,
    ReservationNotFound,
)
from domain.routing import Line
from interfaces.runtime.bootstrap import Container, build
from interfaces.runtime.settings import Settings
from tests import refs


def log_end(ledger: StockLedger) -> int:
    """The position of the last event in the log (0 when empty)."""
    return ledger.recorder.max_notification_id() or 0


def test_idempotency_key_survives_a_restart(settings: Settings) -> None:
    sku, location, key = refs.sku(), refs.location(), refs.key()
    first = build(settings)
    try:
        original = first.ledger.receive(sku, location, 7, "PO-7", key)
    finally:
        first.stop()

    second = build(settings)
    try:
        before = log_end(second.ledger)
        replay = second.ledger.receive(sku, location, 7, "PO-7", key)

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
        first.ledger.receive(sku, location, 5, "PO-1", None)
        original = first.ledger.reserve(reservation_id, "O-1", "web", lines, None)
    finally:
        first.stop()

    second = build(settings)
    try:
        before = log_end(second.ledger)
        replay = second.ledger.reserve(reservation_id, "O-1", "web", lines, None)

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
    sku, location, key = refs.sku(), refs.location(), refs.key()
    ledger.receive(sku, location, 7, "PO-7", key)
    before = log_end(ledger)

    with pytest.raises(IdempotencyKeyReused):
        ledger.receive(sku, location, 8, "PO-7", key)
    with pytest.raises(IdempotencyKeyReused):
        ledger.count(sku, location, 7, "PO-7", key)

    assert log_end(ledger) == before
    assert ledger.stock_level(sku, location)["on_hand"] == 7


def test_refused_reservation_writes_nothing_and_its_retry_is_evaluated_afresh(
    container: Container,
) -> None:
    ledger = container.ledger
    sku, location, reservation_id = refs.sku(), refs.location(), refs.reservation()
    ledger.receive(sku, location, 3, "PO-1", None)
    before = log_end(ledger)

    with pytest.raises(InsufficientStock):
        ledger.reserve(reservation_id, "O-1", "web", [Line(sku, 5, location)], None)

    assert log_end(ledger) == before
    assert ledger.ledger_recorder.select_receipt(f"reservation:{reservation_id}") is None
    with pytest.raises(ReservationNotFound):
        ledger.reservation(reservation_id)

    ledger.receive(sku, location, 2, "PO-2", None)
    retried = ledger.reserve(reservation_id, "O-1", "web", [Line(sku, 5, location)], None)

    assert not retried.replayed
    assert ledger.reservation(reservation_id).status == "reserved"
    assert ledger.stock_level(sku, location)["available"] == 0


def test_refused_adjustment_writes_nothing_and_keeps_no_key(container: Container) -> None:
    ledger = container.ledger
    sku, location, key = refs.sku(), refs.location(), refs.key()
    ledger.receive(sku, location, 4, "PO-1", None)
    before = log_end(ledger)

    with pytest.raises(NegativeOnHand):
        ledger.adjust(sku, location, -5, "damaged", "DMG-1", key)

    assert log_end(ledger) == before
    assert ledger.ledger_recorder.select_receipt(key) is None
    assert ledger.stock_level(sku, location)["on_hand"] == 4

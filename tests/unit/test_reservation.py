"""Reservation: placed once, then released or fulfilled once; a closed one cannot change."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from domain.errors import InvalidCommand, ReservationClosed
from domain.reservation import Reservation
from tests.unit.scenario import names

LINES = [{"sku": "SKU-1", "location": "WH-1", "quantity": 2}]


def placed() -> Reservation:
    """A reservation just placed, its Placed event already collected."""
    reservation = Reservation("R-1", "O-1", "web", LINES, None)
    reservation.collect_events()
    return reservation


def test_reservation_is_placed_open() -> None:
    expires = datetime(2030, 1, 1, tzinfo=UTC)
    reservation = Reservation("R-1", "O-1", "web", LINES, expires)
    events = reservation.collect_events()
    assert names(events) == ["Reservation.Placed"]
    assert (events[0].reservation_id, events[0].order_id, events[0].channel) == (
        "R-1",
        "O-1",
        "web",
    )
    assert (events[0].lines, events[0].expires_at) == (LINES, expires)
    assert (reservation.status, reservation.reason) == ("reserved", None)


@pytest.mark.parametrize("reason", ["cancelled", "expired"])
def test_release_closes_the_reservation_with_its_reason(reason: str) -> None:
    reservation = placed()
    reservation.release(reason)
    events = reservation.collect_events()
    assert names(events) == ["Reservation.Released"]
    assert events[0].reason == reason
    assert (reservation.status, reservation.reason) == ("released", reason)


def test_release_with_an_unknown_reason_is_refused() -> None:
    reservation = placed()
    with pytest.raises(InvalidCommand):
        reservation.release("changed_mind")
    assert reservation.collect_events() == []
    assert reservation.status == "reserved"


def test_fulfilment_closes_the_reservation() -> None:
    reservation = placed()
    reservation.fulfil()
    assert names(reservation.collect_events()) == ["Reservation.Fulfilled"]
    assert reservation.status == "fulfilled"


CLOSE: dict[str, Callable[[Reservation], None]] = {
    "release": lambda r: r.release("cancelled"),
    "expire": lambda r: r.release("expired"),
    "fulfil": lambda r: r.fulfil(),
}


@pytest.mark.parametrize("first", sorted(CLOSE))
@pytest.mark.parametrize("then", sorted(CLOSE))
def test_closed_reservation_cannot_be_released_or_fulfilled(first: str, then: str) -> None:
    reservation = placed()
    CLOSE[first](reservation)
    reservation.collect_events()
    status = reservation.status
    with pytest.raises(ReservationClosed):
        CLOSE[then](reservation)
    assert reservation.collect_events() == []
    assert reservation.status == status

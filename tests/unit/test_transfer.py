"""Transfers: dispatch is a promise at the source, expected and received are facts at the target,
and the Transfer aggregate records the journey."""

from __future__ import annotations

import pytest

from domain.errors import InsufficientStock, InvalidCommand, Shortfall, TransferClosed
from domain.transfer import Transfer
from tests.unit.scenario import (
    LOCATION,
    SKU,
    arrived,
    dispatched,
    expected,
    given,
    names,
    received,
    refused,
    reserved,
    safety_stock,
    when,
)

# --- at the source -----------------------------------------------------------------------------


def test_dispatch_within_available_lowers_on_hand() -> None:
    item = given(received(10), reserved("R-1", 3))
    events = when(item, dispatched("T-1", 5, to_location="WH-2"))
    assert names(events) == ["StockItem.TransferDispatched"]
    dispatch = events[0]
    assert (dispatch.transfer_id, dispatch.to_location, dispatch.quantity) == ("T-1", "WH-2", 5)
    assert dispatch.reference == "T-1"
    assert (item.on_hand, item.reserved, item.available) == (5, 3, 2)


def test_dispatch_of_exactly_what_is_available_is_recorded() -> None:
    item = given(received(10), reserved("R-1", 3), safety_stock(2))
    assert names(when(item, dispatched("T-1", 5))) == ["StockItem.TransferDispatched"]
    assert item.available == 0


def test_dispatch_beyond_available_is_refused() -> None:
    item = given(received(10), reserved("R-1", 3), safety_stock(2))
    error = refused(item, dispatched("T-1", 6), InsufficientStock)
    assert isinstance(error, InsufficientStock)
    assert error.shortfalls == [Shortfall(SKU, LOCATION, requested=6, available=5)]


# --- at the target -----------------------------------------------------------------------------


def test_expected_transfer_shows_as_in_transit_not_on_hand() -> None:
    item = given(received(1), sku=SKU, location="WH-2")
    events = when(item, expected("T-1", 4, from_location=LOCATION))
    assert names(events) == ["StockItem.TransferExpected"]
    expect = events[0]
    assert (expect.transfer_id, expect.from_location, expect.quantity) == ("T-1", LOCATION, 4)
    assert (item.in_transit, item.on_hand, item.available) == (4, 1, 1)


def test_received_transfer_moves_in_transit_to_on_hand() -> None:
    item = given(received(1), expected("T-1", 4), expected("T-2", 2), location="WH-2")
    events = when(item, arrived("T-1"))
    assert names(events) == ["StockItem.TransferReceived"]
    assert (events[0].transfer_id, events[0].quantity) == ("T-1", 4)
    assert (item.in_transit, item.on_hand, item.available) == (2, 5, 5)
    assert item.inbound == {"T-2": 2}


# --- the Transfer aggregate --------------------------------------------------------------------


def test_transfer_to_the_same_location_is_refused() -> None:
    with pytest.raises(InvalidCommand):
        Transfer.check_route("WH-1", "WH-1")


def test_transfer_to_another_location_is_allowed() -> None:
    Transfer.check_route("WH-1", "WH-2")


def test_transfer_is_dispatched_in_transit() -> None:
    transfer = Transfer("T-1", SKU, "WH-1", "WH-2", 4)
    events = transfer.collect_events()
    assert names(events) == ["Transfer.Dispatched"]
    assert (events[0].transfer_id, events[0].quantity) == ("T-1", 4)
    assert (transfer.from_location, transfer.to_location, transfer.status) == (
        "WH-1",
        "WH-2",
        "in_transit",
    )


def test_transfer_receipt_closes_it() -> None:
    transfer = Transfer("T-1", SKU, "WH-1", "WH-2", 4)
    transfer.collect_events()
    transfer.receive()
    assert names(transfer.collect_events()) == ["Transfer.Received"]
    assert transfer.status == "received"


def test_transfer_received_twice_is_refused() -> None:
    transfer = Transfer("T-1", SKU, "WH-1", "WH-2", 4)
    transfer.receive()
    transfer.collect_events()
    with pytest.raises(TransferClosed):
        transfer.receive()
    assert transfer.collect_events() == []
    assert transfer.status == "received"

"""The keys each event is filed under in the global log: given an aggregate's events, which
SKU, location, channel, reservation, order and transfer they concern (no storage)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from domain.reservation import Reservation
from domain.stock_item import StockItem
from domain.transfer import Transfer
from projections.event_keys import Keys, event_keys, is_creation, own_keys


def filed(*aggregates: Any) -> dict[str, Keys]:
    """Every event of the aggregates, by its class's qualified name, with its keys, learning
    subjects as the log view does: from each aggregate's first event."""
    events = [event for aggregate in aggregates for event in aggregate.collect_events()]
    subjects: dict[UUID, Keys] = {}
    for event in events:
        if is_creation(event):
            subjects[event.originator_id] = own_keys(event)
    return {type(event).__qualname__: event_keys(event, subjects) for event in events}


def lines(*skus: str) -> list[dict[str, Any]]:
    return [{"sku": sku, "location": "WH1", "quantity": 1} for sku in skus]


def test_a_stock_items_events_carry_its_sku_and_location() -> None:
    item = StockItem("SKU-1", "WH1")
    item.receive(5, "PO-1", None)
    assert filed(item)["StockItem.Received"] == {"sku": "SKU-1", "location": "WH1"}


def test_a_released_hold_is_filed_under_its_reservations_order_and_channel() -> None:
    item = StockItem("SKU-1", "WH1")
    item.receive(5, None, None)
    item.reserve("R-1", "O-1", "shop", 2, None, None)
    item.release("R-1", "cancelled", "O-1", None)
    reservation = Reservation("R-1", "O-1", "shop", lines("SKU-1"), None)
    reservation.release("cancelled")
    keys = filed(item, reservation)
    expected = {
        "sku": "SKU-1",
        "location": "WH1",
        "channel": "shop",
        "reservation_id": "R-1",
        "order_id": "O-1",
    }
    assert keys["StockItem.Reserved"] == expected
    assert keys["StockItem.ReservationReleased"] == expected
    assert keys["Reservation.Released"] == expected


def test_a_reservation_of_two_skus_is_filed_under_no_sku() -> None:
    reservation = Reservation("R-2", "O-2", "shop", lines("SKU-1", "SKU-2"), None)
    assert filed(reservation)["Reservation.Placed"] == {
        "location": "WH1",
        "channel": "shop",
        "reservation_id": "R-2",
        "order_id": "O-2",
    }


def test_a_transfer_is_filed_under_its_sku_and_no_location() -> None:
    transfer = Transfer("T-1", "SKU-1", "WH1", "WH2", 3)
    transfer.receive()
    assert filed(transfer)["Transfer.Received"] == {"sku": "SKU-1", "transfer_id": "T-1"}

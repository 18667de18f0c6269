"""StockItem: given these events, when this command, then these events or this error."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from domain.errors import InsufficientStock, InvalidCommand, NegativeOnHand, Shortfall
from domain.movement import ADJUSTMENT_REASONS
from domain.stock_item import StockItem
from tests.unit.scenario import (
    LOCATION,
    SKU,
    Command,
    adjusted,
    counted,
    fulfilled,
    given,
    names,
    received,
    refused,
    released,
    reserved,
    returned,
    safety_stock,
    when,
)

# --- registration and receipts ---------------------------------------------------------------


def test_a_new_item_is_registered_empty() -> None:
    item = StockItem(SKU, LOCATION)
    events = item.collect_events()
    assert names(events) == ["StockItem.Registered"]
    assert (events[0].sku, events[0].location) == (SKU, LOCATION)
    assert (item.on_hand, item.reserved, item.safety_stock, item.in_transit) == (0, 0, 0, 0)
    assert item.available == 0


def test_receipt_adds_to_on_hand() -> None:
    item = given(received(3))
    events = when(item, lambda i: i.receive(5, "PO-7", "K-1"))
    assert names(events) == ["StockItem.Received"]
    assert (events[0].quantity, events[0].reference, events[0].idempotency_key) == (
        5,
        "PO-7",
        "K-1",
    )
    assert item.on_hand == 8
    assert item.available == 8


# --- adjustments -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reason", "delta"),
    [
        ("damaged", -2),
        ("lost", -2),
        ("quality_hold", -2),
        ("found", 2),
        ("quality_release", 2),
        ("correction", -2),
        ("correction", 2),
    ],
)
def test_adjustment_in_its_reasons_direction_is_recorded(reason: str, delta: int) -> None:
    item = given(received(10))
    events = when(item, adjusted(delta, reason))
    assert names(events) == ["StockItem.Adjusted"]
    assert (events[0].delta, events[0].reason, events[0].reference) == (delta, reason, "ADJ-1")
    assert item.on_hand == 10 + delta


@pytest.mark.parametrize(
    ("reason", "delta"),
    [
        ("damaged", 1),
        ("lost", 1),
        ("quality_hold", 1),
        ("found", -1),
        ("quality_release", -1),
    ],
)
def test_adjustment_against_its_reasons_direction_is_refused(reason: str, delta: int) -> None:
    item = given(received(10))
    error = refused(item, adjusted(delta, reason), InvalidCommand)
    assert reason in str(error)


@pytest.mark.parametrize("reason", sorted(ADJUSTMENT_REASONS))
def test_adjustment_of_zero_is_refused(reason: str) -> None:
    item = given(received(10))
    refused(item, adjusted(0, reason), InvalidCommand)


@pytest.mark.parametrize("delta", [1.0, -1.5, True, "1"])
def test_adjustment_by_a_non_integer_is_refused(delta: object) -> None:
    item = given(received(10))
    refused(item, adjusted(delta, "correction"), InvalidCommand)  # type: ignore[arg-type]


def test_adjustment_with_an_unknown_reason_is_refused() -> None:
    item = given(received(10))
    error = refused(item, adjusted(-1, "stolen"), InvalidCommand)
    assert "stolen" in str(error)


def test_the_known_adjustment_reasons_and_their_directions() -> None:
    assert ADJUSTMENT_REASONS == {
        "damaged": -1,
        "lost": -1,
        "found": 1,
        "correction": 0,
        "quality_hold": -1,
        "quality_release": 1,
    }


def test_adjustment_below_zero_on_hand_is_refused_and_writes_nothing() -> None:
    item = given(received(3))
    refused(item, adjusted(-4, "lost"), NegativeOnHand)
    assert item.on_hand == 3


def test_adjustment_down_to_exactly_zero_is_recorded() -> None:
    item = given(received(3))
    assert names(when(item, adjusted(-3, "lost"))) == ["StockItem.Adjusted"]
    assert item.on_hand == 0


# --- counts and safety stock -------------------------------------------------------------------


@pytest.mark.parametrize(("counted_quantity", "delta"), [(7, -3), (14, 4), (10, 0), (0, -10)])
def test_count_sets_on_hand_and_records_the_delta(counted_quantity: int, delta: int) -> None:
    item = given(received(10))
    events = when(item, counted(counted_quantity))
    assert names(events) == ["StockItem.Counted"]
    assert (events[0].quantity, events[0].delta) == (counted_quantity, delta)
    assert item.on_hand == counted_quantity


@pytest.mark.parametrize("quantity", [-1, 2.0, True])
def test_count_of_a_negative_or_non_integer_quantity_is_refused(quantity: object) -> None:
    item = given(received(10))
    refused(item, counted(quantity), InvalidCommand)  # type: ignore[arg-type]


def test_safety_stock_reduces_available_but_not_on_hand() -> None:
    item = given(received(10))
    events = when(item, safety_stock(4))
    assert names(events) == ["StockItem.SafetyStockSet"]
    assert events[0].quantity == 4
    assert (item.on_hand, item.safety_stock, item.available) == (10, 4, 6)


def test_safety_stock_can_be_cleared() -> None:
    item = given(received(10), safety_stock(4))
    when(item, safety_stock(0))
    assert item.available == 10


@pytest.mark.parametrize("quantity", [-1, 1.5, False])
def test_safety_stock_of_a_negative_or_non_integer_quantity_is_refused(quantity: object) -> None:
    item = given(received(10))
    refused(item, safety_stock(quantity), InvalidCommand)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("past", "available"),
    [
        ([received(10)], 10),
        ([received(10), reserved("R-1", 4)], 6),
        ([received(10), reserved("R-1", 4), safety_stock(3)], 3),
        ([received(10), reserved("R-1", 4), safety_stock(6)], 0),
        ([received(10), reserved("R-1", 4), safety_stock(9)], 0),
        ([received(10), reserved("R-1", 10), adjusted(-6, "damaged")], 0),
        ([safety_stock(5)], 0),
    ],
)
def test_available_is_on_hand_less_reserved_less_safety_stock_never_negative(
    past: list[Command], available: int
) -> None:
    item = given(*past)
    assert item.available == available
    assert item.available == max(0, item.on_hand - item.reserved - item.safety_stock)


# --- reservations ------------------------------------------------------------------------------


def test_reservation_within_available_is_recorded() -> None:
    item = given(received(10))
    events = when(item, lambda i: i.reserve("R-1", "O-1", "web", 4, None, "K-1"))
    assert names(events) == ["StockItem.Reserved"]
    reservation = events[0]
    assert (reservation.reservation_id, reservation.order_id, reservation.channel) == (
        "R-1",
        "O-1",
        "web",
    )
    assert (reservation.quantity, reservation.reference) == (4, "O-1")
    assert (item.on_hand, item.reserved, item.available) == (10, 4, 6)


def test_reservation_keeps_its_expiry() -> None:
    expires = datetime(2030, 1, 1, tzinfo=UTC)
    item = given(received(10))
    events = when(item, lambda i: i.reserve("R-1", "O-1", "web", 1, expires, None))
    assert events[0].expires_at == expires


def test_reservation_of_exactly_what_is_available_is_recorded() -> None:
    item = given(received(10), reserved("R-1", 3), safety_stock(2))
    assert names(when(item, reserved("R-2", 5))) == ["StockItem.Reserved"]
    assert item.available == 0


def test_reservation_beyond_available_is_refused() -> None:
    item = given(received(10), reserved("R-1", 4), safety_stock(3))
    error = refused(item, reserved("R-2", 4), InsufficientStock)
    assert isinstance(error, InsufficientStock)
    assert error.shortfalls == [Shortfall(SKU, LOCATION, requested=4, available=3)]


def test_reservation_when_nothing_was_received_is_refused() -> None:
    item = given()
    error = refused(item, reserved("R-1", 1), InsufficientStock)
    assert isinstance(error, InsufficientStock)
    assert error.shortfalls == [Shortfall(SKU, LOCATION, requested=1, available=0)]


def test_second_reservation_with_the_same_id_is_refused() -> None:
    item = given(received(10), reserved("R-1", 2))
    refused(item, reserved("R-1", 2), InvalidCommand)


def test_release_gives_the_units_back() -> None:
    item = given(received(10), reserved("R-1", 4), reserved("R-2", 1))
    events = when(item, lambda i: i.release("R-1", "expired", "O-R-1", "K-9"))
    assert names(events) == ["StockItem.ReservationReleased"]
    assert (events[0].reservation_id, events[0].quantity, events[0].reason) == ("R-1", 4, "expired")
    assert (item.on_hand, item.reserved, item.available) == (10, 1, 9)
    assert set(item.reservations) == {"R-2"}


def test_fulfilment_lowers_on_hand_and_reserved() -> None:
    item = given(received(10), reserved("R-1", 4))
    events = when(item, fulfilled("R-1"))
    assert names(events) == ["StockItem.ReservationFulfilled"]
    assert (events[0].reservation_id, events[0].quantity) == ("R-1", 4)
    assert (item.on_hand, item.reserved, item.available) == (6, 0, 6)
    assert item.reservations == {}


def test_a_released_reservation_id_can_reserve_again() -> None:
    item = given(received(10), reserved("R-1", 4), released("R-1"))
    assert names(when(item, reserved("R-1", 6))) == ["StockItem.Reserved"]
    assert item.reserved == 6


def test_reserved_for_channel_sums_that_channels_open_reservations() -> None:
    item = given(
        received(10),
        reserved("R-1", 2, channel="web"),
        reserved("R-2", 3, channel="amazon"),
        reserved("R-3", 4, channel="web"),
        released("R-3"),
    )
    assert item.reserved_for_channel("web") == 2
    assert item.reserved_for_channel("amazon") == 3
    assert item.reserved_for_channel("ebay") == 0


# --- returns -----------------------------------------------------------------------------------


def test_restockable_return_comes_back_on_hand() -> None:
    item = given(received(2))
    events = when(item, returned(3, restock=True))
    assert names(events) == ["StockItem.Returned"]
    assert (events[0].quantity, events[0].restock, events[0].reference) == (3, True, "RMA-1")
    assert (item.on_hand, item.available) == (5, 5)


def test_unrestockable_return_is_recorded_without_changing_on_hand() -> None:
    item = given(received(2))
    events = when(item, returned(3, restock=False))
    assert names(events) == ["StockItem.Returned"]
    assert (events[0].quantity, events[0].restock) == (3, False)
    assert (item.on_hand, item.available) == (2, 2)


# --- shortages ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fact",
    [adjusted(-7, "damaged"), adjusted(-7, "lost"), adjusted(-7, "correction"), counted(3)],
    ids=["damaged", "lost", "correction", "count"],
)
def test_fact_leaving_on_hand_below_reserved_detects_a_shortage(fact: Command) -> None:
    item = given(received(10), reserved("R-1", 6))
    events = when(item, fact)
    assert names(events)[1:] == ["StockItem.ShortageDetected"]
    shortage = events[1]
    assert (shortage.on_hand, shortage.reserved, shortage.shortfall) == (3, 6, 3)
    assert shortage.reference == events[0].reference
    assert item.shortfall == 3


@pytest.mark.parametrize(
    "fact",
    [
        adjusted(-4, "damaged"),
        counted(6),
        counted(20),
        adjusted(2, "found"),
        received(1),
        returned(1, restock=True),
        returned(1, restock=False),
        fulfilled("R-1"),
        released("R-1"),
    ],
    ids=[
        "damage-down-to-reserved",
        "count-equal-to-reserved",
        "count-up",
        "found",
        "receipt",
        "restocked-return",
        "unrestocked-return",
        "fulfilment",
        "release",
    ],
)
def test_fact_leaving_on_hand_at_or_above_reserved_detects_no_shortage(fact: Command) -> None:
    item = given(received(10), reserved("R-1", 6))
    events = when(item, fact)
    assert "StockItem.ShortageDetected" not in names(events)
    assert item.shortfall == 0


def test_shortage_getting_worse_is_detected_again() -> None:
    item = given(received(10), reserved("R-1", 6), counted(4))
    events = when(item, adjusted(-1, "damaged"))
    assert names(events) == ["StockItem.Adjusted", "StockItem.ShortageDetected"]
    assert events[1].shortfall == 3


def test_shortage_getting_smaller_is_not_news() -> None:
    item = given(received(10), reserved("R-1", 6), counted(2))
    events = when(item, counted(4))
    assert names(events) == ["StockItem.Counted"]
    assert item.shortfall == 2


def test_shortage_without_reservations_is_never_detected() -> None:
    item = given(received(10))
    assert names(when(item, counted(0))) == ["StockItem.Counted"]


# --- quantity rules ----------------------------------------------------------------------------

BAD_QUANTITIES = [0, -1, 1.0, 2.5, True, False, "3", None]


def _movement(name: str, quantity: object) -> Command:
    q: int = quantity  # type: ignore[assignment]
    commands: dict[str, Command] = {
        "receive": received(q),
        "reserve": reserved("R-9", q),
        "return": returned(q, restock=True),
        "dispatch_transfer": lambda i: i.dispatch_transfer("T-9", "WH-2", q, None),
        "expect_transfer": lambda i: i.expect_transfer("T-9", "WH-2", q, None),
    }
    return commands[name]


@pytest.mark.parametrize("quantity", BAD_QUANTITIES, ids=repr)
@pytest.mark.parametrize(
    "command", ["receive", "reserve", "return", "dispatch_transfer", "expect_transfer"]
)
def test_movement_of_anything_but_a_whole_number_above_zero_is_refused(
    command: str, quantity: object
) -> None:
    item = given(received(10))
    refused(item, _movement(command, quantity), InvalidCommand)

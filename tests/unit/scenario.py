"""Given / when / then for one StockItem: the past is a list of commands whose events are already
collected; the present is one command and the events it records, or the error it raises."""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from typing import Any

import pytest

from domain.errors import StockError
from domain.stock_item import StockItem

SKU = "SKU-1"
LOCATION = "WH-1"

Command = Callable[[StockItem], None]


def given(*past: Command, sku: str = SKU, location: str = LOCATION) -> StockItem:
    """A StockItem after ``past``, with those events collected, as if loaded from the store."""
    item = StockItem(sku, location)
    for command in past:
        command(item)
    item.collect_events()
    return item


def when(item: StockItem, command: Command) -> list[Any]:
    """Run ``command`` and return the events it recorded."""
    command(item)
    return list(item.collect_events())


def names(events: Sequence[Any]) -> list[str]:
    """The events' qualified names, e.g. ``StockItem.Reserved``."""
    return [type(e).__qualname__ for e in events]


def refused(item: StockItem, command: Command, error: type[StockError]) -> StockError:
    """Assert ``command`` raises ``error`` and leaves ``item`` exactly as it was."""
    before = copy.deepcopy(vars(item))
    with pytest.raises(error) as caught:
        command(item)
    assert item.collect_events() == []
    assert vars(item) == before
    return caught.value


def received(quantity: int) -> Command:
    return lambda item: item.receive(quantity, "PO-1", None)


def adjusted(delta: int, reason: str) -> Command:
    return lambda item: item.adjust(delta, reason, "ADJ-1", None)


def counted(quantity: int) -> Command:
    return lambda item: item.count(quantity, "CC-1", None)


def safety_stock(quantity: int) -> Command:
    return lambda item: item.set_safety_stock(quantity, None, None)


def reserved(reservation_id: str, quantity: int, channel: str = "web") -> Command:
    order_id = f"O-{reservation_id}"
    return lambda item: item.reserve(reservation_id, order_id, channel, quantity, None, None)


def released(reservation_id: str) -> Command:
    return lambda item: item.release(reservation_id, "cancelled", None, None)


def fulfilled(reservation_id: str) -> Command:
    return lambda item: item.fulfil(reservation_id, None, None)


def returned(quantity: int, restock: bool) -> Command:
    return lambda item: item.return_stock(quantity, restock, "RMA-1", None)


def dispatched(transfer_id: str, quantity: int, to_location: str = "WH-2") -> Command:
    return lambda item: item.dispatch_transfer(transfer_id, to_location, quantity, None)


def expected(transfer_id: str, quantity: int, from_location: str = "WH-2") -> Command:
    return lambda item: item.expect_transfer(transfer_id, from_location, quantity, None)


def arrived(transfer_id: str) -> Command:
    return lambda item: item.receive_transfer(transfer_id, None)

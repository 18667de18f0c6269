"""Deterministic aggregate ids: the same natural key always names the same aggregate."""

from __future__ import annotations

import pytest

from domain.ids import is_valid_id
from domain.reservation import Reservation
from domain.sku_index import SkuIndex
from domain.stock_item import StockItem
from domain.transfer import Transfer


def test_stock_item_id_depends_only_on_sku_and_location() -> None:
    assert StockItem("SKU-1", "WH-1").id == StockItem("SKU-1", "WH-1").id
    assert StockItem("SKU-1", "WH-1").id == StockItem.create_id("SKU-1", "WH-1")


@pytest.mark.parametrize(
    "other", [("SKU-1", "WH-2"), ("SKU-2", "WH-1"), ("WH-1", "SKU-1"), ("SKU-1W", "H-1")]
)
def test_different_sku_or_location_gives_a_different_stock_item_id(other: tuple[str, str]) -> None:
    assert StockItem.create_id("SKU-1", "WH-1") != StockItem.create_id(*other)


def test_other_aggregates_ids_are_deterministic_and_distinct() -> None:
    ids = [
        StockItem.create_id("X-1", "X-1"),
        SkuIndex.create_id("X-1"),
        Reservation.create_id("X-1"),
        Transfer.create_id("X-1"),
    ]
    assert len(set(ids)) == len(ids)
    assert SkuIndex("X-1").id == ids[1]
    assert Reservation("X-1", "O-1", "web", [], None).id == ids[2]
    assert Transfer("X-1", "SKU-1", "WH-1", "WH-2", 1).id == ids[3]
    assert Reservation.create_id("X-2") != ids[2]
    assert Transfer.create_id("X-2") != ids[3]


@pytest.mark.parametrize("value", ["SKU-1", "a", "A.b_c-9", "x" * 64])
def test_well_formed_ids_are_valid(value: str) -> None:
    assert is_valid_id(value)


@pytest.mark.parametrize(
    "value", ["", "-lead", ".lead", "has space", "a@b", "x" * 65, "é", "SKU-1\n"]
)
def test_malformed_ids_are_invalid(value: str) -> None:
    assert not is_valid_id(value)

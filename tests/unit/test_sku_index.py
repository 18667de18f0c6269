"""SkuIndex: the sorted, unique list of locations that hold a SKU."""

from __future__ import annotations

from domain.sku_index import SkuIndex
from tests.unit.scenario import names


def test_new_index_lists_no_locations() -> None:
    index = SkuIndex("SKU-1")
    assert names(index.collect_events()) == ["SkuIndex.Indexed"]
    assert (index.sku, index.locations) == ("SKU-1", [])


def test_added_location_is_recorded() -> None:
    index = SkuIndex("SKU-1")
    index.collect_events()
    index.add("WH-2")
    events = index.collect_events()
    assert names(events) == ["SkuIndex.LocationAdded"]
    assert events[0].location == "WH-2"


def test_locations_are_kept_sorted() -> None:
    index = SkuIndex("SKU-1")
    for location in ["WH-3", "WH-1", "STORE-9", "WH-2"]:
        index.add(location)
    assert index.locations == ["STORE-9", "WH-1", "WH-2", "WH-3"]


def test_adding_a_known_location_records_nothing() -> None:
    index = SkuIndex("SKU-1")
    index.add("WH-1")
    index.add("WH-2")
    index.collect_events()
    index.add("WH-1")
    assert index.collect_events() == []
    assert index.locations == ["WH-1", "WH-2"]


def test_replayed_index_has_the_same_locations() -> None:
    index = SkuIndex("SKU-1")
    for location in ["WH-2", "WH-1", "WH-2"]:
        index.add(location)
    replayed = None
    for event in index.collect_events():
        replayed = event.mutate(replayed)
    assert replayed == index

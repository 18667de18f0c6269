"""Routing an order's lines to locations before anything is reserved."""

from __future__ import annotations

import pytest

from domain.errors import InsufficientStock, Shortfall
from domain.routing import Availability, Line, route


def test_line_with_a_location_keeps_it_even_where_there_is_more_elsewhere() -> None:
    lines = [Line("A", 2, "WH-2")]
    assert route(lines, {"A": {"WH-1": 10, "WH-2": 0}}) == lines


def test_located_lines_are_not_checked_here() -> None:
    lines = [Line("A", 5, "WH-9")]
    assert route(lines, {}) == lines


@pytest.mark.parametrize(
    ("lines", "available", "expected"),
    [
        pytest.param(
            [Line("A", 2), Line("B", 3)],
            {"A": {"WH-1": 5, "WH-2": 10}, "B": {"WH-1": 5, "WH-2": 2}},
            ["WH-1", "WH-1"],
            id="the-only-location-that-fills-the-whole-order",
        ),
        pytest.param(
            [Line("A", 2), Line("B", 3)],
            {"A": {"WH-1": 5, "WH-2": 10}, "B": {"WH-1": 5, "WH-2": 5}},
            ["WH-2", "WH-2"],
            id="several-fill-it-most-available-over-the-orders-skus-wins",
        ),
        pytest.param(
            [Line("A", 2), Line("B", 3)],
            {"A": {"WH-1": 1, "WH-2": 6, "WH-3": 6}, "B": {"WH-1": 20, "WH-2": 6, "WH-3": 6}},
            ["WH-2", "WH-2"],
            id="sum-tie-goes-to-the-lowest-location-id",
        ),
        pytest.param(
            [Line("A", 2), Line("B", 3)],
            {"A": {"WH-1": 2, "WH-2": 20}, "B": {"WH-1": 3, "WH-3": 30}},
            ["WH-1", "WH-1"],
            id="whole-order-beats-more-available-split",
        ),
        pytest.param(
            [Line("A", 3), Line("A", 3)],
            {"A": {"WH-1": 5, "WH-2": 6}},
            ["WH-2", "WH-2"],
            id="lines-of-one-sku-are-summed",
        ),
        pytest.param(
            [Line("A", 2), Line("B", 3)],
            {"A": {"WH-1": 5, "WH-2": 0}, "B": {"WH-1": 0, "WH-2": 5}},
            ["WH-1", "WH-2"],
            id="no-single-location-so-each-line-where-it-fits",
        ),
        pytest.param(
            [Line("A", 2), Line("B", 3)],
            {"A": {"WH-1": 1, "WH-2": 6, "WH-3": 6}, "B": {"WH-1": 9}},
            ["WH-2", "WH-1"],
            id="line-by-line-most-available-then-lowest-id",
        ),
        pytest.param(
            [Line("A", 3), Line("A", 3)],
            {"A": {"WH-1": 4, "WH-2": 4}},
            ["WH-1", "WH-2"],
            id="line-by-line-counts-what-earlier-lines-took",
        ),
    ],
)
def test_unlocated_lines_are_routed(
    lines: list[Line], available: Availability, expected: list[str]
) -> None:
    routed = route(lines, available)
    assert [line.location for line in routed] == expected
    assert [(line.sku, line.quantity) for line in routed] == [(ln.sku, ln.quantity) for ln in lines]


def test_located_lines_use_up_stock_before_the_others_are_routed() -> None:
    lines = [Line("A", 4, "WH-1"), Line("A", 3), Line("B", 1)]
    available = {"A": {"WH-1": 6, "WH-2": 3}, "B": {"WH-1": 5, "WH-2": 1}}
    assert route(lines, available) == [
        Line("A", 4, "WH-1"),
        Line("A", 3, "WH-2"),
        Line("B", 1, "WH-2"),
    ]


@pytest.mark.parametrize(
    ("available", "expected"),
    [
        pytest.param(
            {"A": {"WH-1": 5, "WH-2": 1}, "C": {"WH-1": 0, "WH-2": 1}},
            ["WH-2", "WH-3", "WH-2"],
            id="whole-order",
        ),
        pytest.param(
            {"A": {"WH-1": 5}, "C": {"WH-2": 1}},
            ["WH-1", "WH-3", "WH-2"],
            id="line-by-line",
        ),
    ],
)
def test_located_lines_keep_their_place_among_routed_ones(
    available: Availability, expected: list[str]
) -> None:
    lines = [Line("A", 1), Line("B", 1, "WH-3"), Line("C", 1)]
    assert [line.location for line in route(lines, available)] == expected


def test_line_no_single_location_can_fill_is_refused() -> None:
    with pytest.raises(InsufficientStock) as caught:
        route([Line("A", 10)], {"A": {"WH-1": 6, "WH-2": 6}})
    assert caught.value.shortfalls == [Shortfall("A", None, requested=10, available=6)]


def test_every_short_line_is_listed() -> None:
    lines = [Line("A", 10), Line("B", 1), Line("C", 2), Line("D", 4)]
    available = {"A": {"WH-1": 6}, "B": {"WH-2": 1}, "C": {"WH-1": 0}}
    with pytest.raises(InsufficientStock) as caught:
        route(lines, available)
    assert caught.value.shortfalls == [
        Shortfall("A", None, requested=10, available=6),
        Shortfall("C", None, requested=2, available=0),
        Shortfall("D", None, requested=4, available=0),
    ]


def test_stock_taken_by_a_located_line_is_not_offered_again() -> None:
    with pytest.raises(InsufficientStock) as caught:
        route([Line("A", 5, "WH-1"), Line("A", 1)], {"A": {"WH-1": 5}})
    assert caught.value.shortfalls == [Shortfall("A", None, requested=1, available=0)]


def test_routing_does_not_change_the_availability_it_was_given() -> None:
    available = {"A": {"WH-1": 5, "WH-2": 5}}
    route([Line("A", 3, "WH-1"), Line("A", 4), Line("A", 2)], available)
    assert available == {"A": {"WH-1": 5, "WH-2": 5}}

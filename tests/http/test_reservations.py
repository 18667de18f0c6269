"""Reservations: all-or-nothing promises, routing of unlocated lines, release, fulfil, expiry."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient

from tests import refs
from tests.http.api import (
    assert_problem,
    command,
    level,
    order,
    ordered_locations,
    receive,
    reserve,
)

RESERVATION_KEYS = {
    "reservation_id",
    "order_id",
    "channel",
    "status",
    "reason",
    "expires_at",
    "lines",
    "position",
}


def routed(reservation: dict[str, Any]) -> dict[str, str]:
    """Where each SKU of a reservation was routed."""
    return {line["sku"]: line["location"] for line in reservation["lines"]}


def test_reservation_at_an_explicit_location(client: TestClient) -> None:
    sku, loc = refs.sku(), refs.location()
    before = receive(client, loc, sku, 10)
    body = order([{"sku": sku, "quantity": 4, "location": loc}], channel="amazon")
    response = client.post("/v1/reservations", json=body)
    assert response.status_code == 201, response.text
    got = response.json()
    assert set(got) >= RESERVATION_KEYS
    assert got["reservation_id"] == body["reservation_id"]
    assert (got["order_id"], got["channel"]) == (body["order_id"], "amazon")
    assert got["status"] == "reserved"
    assert got["lines"] == [{"sku": sku, "location": loc, "quantity": 4}]
    assert type(got["position"]) is int and got["position"] > before["position"]
    now = level(client, loc, sku)
    assert now is not None
    assert (now["on_hand"], now["reserved"], now["available"]) == (10, 4, 6)
    read = client.get(f"/v1/reservations/{body['reservation_id']}")
    assert (read.status_code, read.json()) == (200, got)


def test_reservation_beyond_available_is_refused(client: TestClient) -> None:
    sku, loc = refs.sku(), refs.location()
    receive(client, loc, sku, 5)
    before = command(client, loc, sku, "/safety-stock", {"quantity": 2})
    body = order([{"sku": sku, "quantity": 4, "location": loc}])
    problem = assert_problem(client.post("/v1/reservations", json=body), 409, "insufficient_stock")
    assert [{k: ln[k] for k in ("sku", "requested", "available")} for ln in problem["lines"]] == [
        {"sku": sku, "requested": 4, "available": 3}
    ]
    assert level(client, loc, sku) == before
    assert_problem(client.get(f"/v1/reservations/{body['reservation_id']}"), 404)
    unknown = order([{"sku": refs.sku(), "quantity": 1}])
    problem = assert_problem(client.post("/v1/reservations", json=unknown), 409)
    assert [(ln["requested"], ln["available"]) for ln in problem["lines"]] == [(1, 0)]


def test_unlocated_lines_prefer_a_location_that_fills_the_whole_order(client: TestClient) -> None:
    shoe, sock = refs.sku(), refs.sku()
    big, whole = ordered_locations(2)
    receive(client, big, shoe, 50)  # most shoes, but no socks
    receive(client, whole, shoe, 3)
    receive(client, whole, sock, 5)
    placed = reserve(client, [{"sku": shoe, "quantity": 2}, {"sku": sock, "quantity": 2}])
    assert routed(placed) == {shoe: whole, sock: whole}


def test_among_whole_order_locations_the_most_available_over_the_order_wins(
    client: TestClient,
) -> None:
    shoe, sock = refs.sku(), refs.sku()
    low, high = ordered_locations(2)
    receive(client, low, shoe, 10)  # low: 10 + 3 = 13
    receive(client, low, sock, 3)
    receive(client, high, shoe, 4)  # high: 4 + 11 = 15, though it has fewer shoes
    receive(client, high, sock, 11)
    placed = reserve(client, [{"sku": shoe, "quantity": 1}, {"sku": sock, "quantity": 1}])
    assert routed(placed) == {shoe: high, sock: high}


def test_a_tie_goes_to_the_lowest_location_id(client: TestClient) -> None:
    sku = refs.sku()
    first, second, third = ordered_locations(3)
    for loc in (third, first, second):
        receive(client, loc, sku, 7)
    placed = reserve(client, [{"sku": sku, "quantity": 7}])
    assert routed(placed) == {sku: first}


def test_without_a_whole_order_location_each_line_is_routed_alone(client: TestClient) -> None:
    shoe, sock = refs.sku(), refs.sku()
    first, second, third = ordered_locations(3)
    receive(client, first, shoe, 3)  # first has socks but too few shoes
    receive(client, first, sock, 4)
    receive(client, second, shoe, 6)
    receive(client, third, shoe, 6)  # ties with second: the lower id wins
    receive(client, third, sock, 2)  # third has shoes but too few socks
    placed = reserve(client, [{"sku": shoe, "quantity": 5}, {"sku": sock, "quantity": 3}])
    assert routed(placed) == {shoe: second, sock: first}
    lines = {ln["sku"]: ln["quantity"] for ln in placed["lines"]}
    assert lines == {shoe: 5, sock: 3}


def test_explicit_lines_keep_their_location_while_others_are_routed(client: TestClient) -> None:
    shoe, sock = refs.sku(), refs.sku()
    first, second = ordered_locations(2)
    receive(client, first, shoe, 9)
    receive(client, second, shoe, 1)
    receive(client, second, sock, 9)
    placed = reserve(
        client, [{"sku": shoe, "quantity": 1, "location": second}, {"sku": sock, "quantity": 1}]
    )
    assert routed(placed) == {shoe: second, sock: second}


def test_a_line_no_single_location_can_fill_refuses_the_order(client: TestClient) -> None:
    shoe, sock = refs.sku(), refs.sku()
    first, second = ordered_locations(2)
    receive(client, first, shoe, 3)
    receive(client, second, shoe, 3)
    receive(client, first, sock, 9)
    before = {loc: level(client, loc, shoe) for loc in (first, second)}
    body = order([{"sku": sock, "quantity": 1}, {"sku": shoe, "quantity": 5}])
    problem = assert_problem(client.post("/v1/reservations", json=body), 409, "insufficient_stock")
    short = [(ln["sku"], ln["requested"], ln["available"]) for ln in problem["lines"]]
    assert short == [(shoe, 5, 3)]
    assert {loc: level(client, loc, shoe) for loc in (first, second)} == before
    assert_problem(client.get(f"/v1/reservations/{body['reservation_id']}"), 404)


def test_an_order_with_one_short_line_reserves_nothing(client: TestClient) -> None:
    shoe, sock, hat = refs.sku(), refs.sku(), refs.sku()
    loc = refs.location()
    before = [receive(client, loc, shoe, 10), receive(client, loc, sock, 1)]
    before.append(receive(client, loc, hat, 10))
    body = order(
        [
            {"sku": shoe, "quantity": 2, "location": loc},
            {"sku": sock, "quantity": 5, "location": loc},
            {"sku": hat, "quantity": 2},
        ]
    )
    problem = assert_problem(client.post("/v1/reservations", json=body), 409, "insufficient_stock")
    assert [(ln["sku"], ln["requested"], ln["available"]) for ln in problem["lines"]] == [
        (sock, 5, 1)
    ]
    assert [level(client, loc, sku) for sku in (shoe, sock, hat)] == before
    assert_problem(client.get(f"/v1/reservations/{body['reservation_id']}"), 404)


def test_release_gives_the_units_back(client: TestClient) -> None:
    sku, loc = refs.sku(), refs.location()
    receive(client, loc, sku, 5)
    placed = reserve(client, [{"sku": sku, "quantity": 3}])
    url = f"/v1/reservations/{placed['reservation_id']}"
    response = client.post(f"{url}/release", json={"reason": "cancelled"})
    assert response.status_code == 200, response.text
    released = response.json()
    assert (released["status"], released["reason"]) == ("released", "cancelled")
    assert released["lines"] == placed["lines"]
    assert released["position"] > placed["position"]
    assert client.get(url).json() == released
    now = level(client, loc, sku)
    assert now is not None and (now["reserved"], now["available"]) == (0, 5)
    again = client.post(f"{url}/release")
    assert again.status_code == 200, again.text
    assert again.json() == released
    assert level(client, loc, sku) == now
    other = reserve(client, [{"sku": sku, "quantity": 1}])
    response = client.post(f"/v1/reservations/{other['reservation_id']}/release")
    assert response.status_code == 200, response.text
    assert (response.json()["status"], response.json()["reason"]) == ("released", "cancelled")


def test_fulfil_ships_the_units(client: TestClient) -> None:
    shoe, sock, loc = refs.sku(), refs.sku(), refs.location()
    receive(client, loc, shoe, 5)
    receive(client, loc, sock, 5)
    placed = reserve(client, [{"sku": shoe, "quantity": 2}, {"sku": sock, "quantity": 1}])
    url = f"/v1/reservations/{placed['reservation_id']}"
    response = client.post(f"{url}/fulfil", json={})
    assert response.status_code == 200, response.text
    fulfilled = response.json()
    assert fulfilled["status"] == "fulfilled" and fulfilled["lines"] == placed["lines"]
    assert fulfilled["position"] > placed["position"]
    assert client.get(url).json() == fulfilled
    shoes, socks = level(client, loc, shoe), level(client, loc, sock)
    assert shoes is not None and socks is not None
    assert (shoes["on_hand"], shoes["reserved"], shoes["available"]) == (3, 0, 3)
    assert (socks["on_hand"], socks["reserved"], socks["available"]) == (4, 0, 4)


def test_a_closed_reservation_cannot_change_again(client: TestClient) -> None:
    sku, loc = refs.sku(), refs.location()
    receive(client, loc, sku, 5)
    for close, then, status in [
        ("release", "fulfil", "released"),
        ("fulfil", "release", "fulfilled"),
    ]:
        placed = reserve(client, [{"sku": sku, "quantity": 2}])
        url = f"/v1/reservations/{placed['reservation_id']}"
        assert client.post(f"{url}/{close}").status_code == 200
        before = level(client, loc, sku)
        assert_problem(client.post(f"{url}/{then}", json={}), 409)
        assert level(client, loc, sku) == before
        assert client.get(url).json()["status"] == status


def test_unknown_reservation_is_404(client: TestClient) -> None:
    url = f"/v1/reservations/{refs.reservation()}"
    assert_problem(client.get(url), 404)
    assert_problem(client.post(f"{url}/release", json={}), 404)
    assert_problem(client.post(f"{url}/fulfil", json={}), 404)
    assert_problem(client.get(url), 404)


def test_an_expired_reservation_is_released_by_the_sweeper(client: TestClient) -> None:
    sku, loc = refs.sku(), refs.location()
    receive(client, loc, sku, 5)
    expires_at = datetime.now(UTC) + timedelta(seconds=1)
    lasting = reserve(client, [{"sku": sku, "quantity": 1}])
    placed = reserve(client, [{"sku": sku, "quantity": 3}], expires_at=expires_at.isoformat())
    assert placed["status"] == "reserved"
    assert datetime.fromisoformat(placed["expires_at"]) == expires_at
    url = f"/v1/reservations/{placed['reservation_id']}"
    deadline = time.monotonic() + 8
    while (got := client.get(url).json())["status"] == "reserved" and time.monotonic() < deadline:
        time.sleep(0.1)
    assert (got["status"], got["reason"]) == ("released", "expired")
    now = level(client, loc, sku)
    assert now is not None and (now["reserved"], now["available"]) == (1, 4)
    assert client.get(f"/v1/reservations/{lasting['reservation_id']}").json() == lasting

"""Reorder points and the replenishment list over HTTP, on both backends: one request per dip
below the reorder point, listed until available rises above it again."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi.testclient import TestClient
from httpx import Response

from tests import refs

PROBLEM = "application/problem+json"
ITEM_KEYS = {"sku", "location", "available", "reorder_point", "reorder_quantity", "requested_at"}


def ok(response: Response) -> dict[str, Any]:
    """The body of a 200 answer."""
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def assert_problem(response: Response, status: int, code: str | None = None) -> dict[str, Any]:
    """An RFC 9457 problem with this status (and code); returns its body."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM), response.headers
    body: dict[str, Any] = response.json()
    assert body["status"] == status and body["title"] and body["detail"], body
    if code is not None:
        assert body["code"] == code, body
    return body


def stock(location: str, sku: str, tail: str = "") -> str:
    """The URL of a SKU-location, or of one of its commands."""
    return f"/v1/stock/{location}/{sku}{tail}"


def receive(client: TestClient, location: str, sku: str, quantity: int) -> int:
    """Receive goods; returns the position."""
    body = {"quantity": quantity, "reference": "PO"}
    position: int = ok(client.post(stock(location, sku, "/receipts"), json=body))["position"]
    return position


def adjust(client: TestClient, location: str, sku: str, delta: int) -> int:
    """Adjust on hand (lost or found); returns the position."""
    body = {"delta": delta, "reason": "lost" if delta < 0 else "found", "reference": "ADJ"}
    position: int = ok(client.post(stock(location, sku, "/adjustments"), json=body))["position"]
    return position


def reorder_point(
    client: TestClient, location: str, sku: str, point: int, quantity: int = 20
) -> dict[str, Any]:
    """Set the reorder point; returns the stock level answered."""
    body = {"reorder_point": point, "reorder_quantity": quantity}
    return ok(client.put(stock(location, sku, "/reorder-point"), json=body))


def listed(
    client: TestClient, position: int, location: str | None = None
) -> dict[tuple[str, str], dict[str, Any]]:
    """The replenishment list once the view has applied ``position``, by (location, SKU)."""
    params: dict[str, Any] = {"min_position": position, "limit": 1000}
    if location is not None:
        params["location"] = location
    page = ok(client.get("/v1/replenishment", params=params))
    assert page["next_after"] is None
    items: list[dict[str, Any]] = page["items"]
    for item in items:
        assert set(item) >= ITEM_KEYS, item
    return {(item["location"], item["sku"]): item for item in items}


def requests(client: TestClient, location: str, sku: str) -> list[dict[str, Any]]:
    """The SKU-location's ReplenishmentRequested events, oldest first."""
    response = client.get(stock(location, sku, "/events"), params={"limit": 1000})
    events: list[dict[str, Any]] = ok(response)["events"]
    return [e for e in events if e["type"] == "ReplenishmentRequested"]


def moment(text: str) -> datetime:
    """An ISO-8601 moment as answered."""
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def test_a_reorder_point_above_available_raises_a_request_at_once(client: TestClient) -> None:
    loc, sku = refs.location(), refs.sku()
    receive(client, loc, sku, 10)
    level = reorder_point(client, loc, sku, 15, 40)
    assert (level["sku"], level["location"], level["available"]) == (sku, loc, 10)
    assert type(level["position"]) is int and level["position"] > 0
    [request] = requests(client, loc, sku)
    assert request["data"] == {"available": 10, "reorder_point": 15, "reorder_quantity": 40}
    item = listed(client, level["position"])[(loc, sku)]
    assert {k: item[k] for k in ITEM_KEYS - {"requested_at"}} == {
        "sku": sku,
        "location": loc,
        "available": 10,
        "reorder_point": 15,
        "reorder_quantity": 40,
    }
    assert moment(item["requested_at"]) == moment(request["occurred_at"])


def test_available_at_the_reorder_point_is_low_enough(client: TestClient) -> None:
    loc, sku, other = refs.location(), refs.sku(), refs.sku()
    receive(client, loc, sku, 10)
    receive(client, loc, other, 10)
    reorder_point(client, loc, sku, 10)
    position = reorder_point(client, loc, other, 9)["position"]
    assert list(listed(client, position)) == [(loc, sku)]
    assert requests(client, loc, other) == []


def test_one_request_per_dip(client: TestClient) -> None:
    loc, sku = refs.location(), refs.sku()
    receive(client, loc, sku, 10)
    position = reorder_point(client, loc, sku, 15)["position"]
    first = listed(client, position)[(loc, sku)]
    # Still low: no second request; the listed row follows available.
    position = adjust(client, loc, sku, -2)
    assert len(requests(client, loc, sku)) == 1
    still = listed(client, position)[(loc, sku)]
    assert still["available"] == 8
    assert still["requested_at"] == first["requested_at"]
    position = reorder_point(client, loc, sku, 12)["position"]
    assert len(requests(client, loc, sku)) == 1
    assert (loc, sku) in listed(client, position)
    # Above the point again: the request is closed and the row disappears.
    position = receive(client, loc, sku, 10)
    assert (loc, sku) not in listed(client, position)
    events = ok(client.get(stock(loc, sku, "/events")))["events"]
    assert events[-1]["type"] == "ReplenishmentCleared"
    # Rising further raises nothing.
    position = receive(client, loc, sku, 5)
    assert (loc, sku) not in listed(client, position)
    assert len(requests(client, loc, sku)) == 1
    # A new dip raises a new request.
    position = adjust(client, loc, sku, -12)
    again = requests(client, loc, sku)
    assert len(again) == 2
    assert again[1]["data"]["available"] == 11
    item = listed(client, position)[(loc, sku)]
    assert item["available"] == 11
    assert moment(item["requested_at"]) == moment(again[1]["occurred_at"])
    assert moment(item["requested_at"]) > moment(first["requested_at"])


def test_lowering_the_reorder_point_below_available_clears_the_request(
    client: TestClient,
) -> None:
    loc, sku = refs.location(), refs.sku()
    receive(client, loc, sku, 10)
    position = reorder_point(client, loc, sku, 10)["position"]
    assert (loc, sku) in listed(client, position)
    position = reorder_point(client, loc, sku, 9)["position"]
    assert (loc, sku) not in listed(client, position)
    assert len(requests(client, loc, sku)) == 1


def test_the_list_shows_the_reorder_point_in_force(client: TestClient) -> None:
    loc, sku = refs.location(), refs.sku()
    receive(client, loc, sku, 10)
    position = reorder_point(client, loc, sku, 15, 20)["position"]
    first = listed(client, position)[(loc, sku)]
    # Still low after the change: the open request stays, with the new point and quantity.
    position = reorder_point(client, loc, sku, 12, 40)["position"]
    assert len(requests(client, loc, sku)) == 1
    item = listed(client, position)[(loc, sku)]
    assert (item["available"], item["reorder_point"], item["reorder_quantity"]) == (10, 12, 40)
    assert item["requested_at"] == first["requested_at"]


def test_a_reservation_can_cross_the_reorder_point(client: TestClient) -> None:
    loc, sku = refs.location(), refs.sku()
    receive(client, loc, sku, 10)
    position = reorder_point(client, loc, sku, 5)["position"]
    assert (loc, sku) not in listed(client, position)
    body = {
        "reservation_id": refs.reservation(),
        "order_id": refs.order(),
        "channel": "shop",
        "lines": [{"sku": sku, "location": loc, "quantity": 6}],
    }
    reserved = client.post("/v1/reservations", json=body)
    assert reserved.status_code == 201, reserved.text
    item = listed(client, reserved.json()["position"])[(loc, sku)]
    assert item["available"] == 4


def test_a_reorder_point_on_a_sku_location_never_seen_raises_a_request(
    client: TestClient,
) -> None:
    loc, sku = refs.location(), refs.sku()
    level = reorder_point(client, loc, sku, 0, 5)
    assert (level["on_hand"], level["available"]) == (0, 0)
    assert listed(client, level["position"])[(loc, sku)]["reorder_quantity"] == 5


def test_the_list_pages_by_location_then_sku_and_filters_by_location(client: TestClient) -> None:
    base = refs.location()
    locations = [f"{base}-a", f"{base}-b"]
    skus = sorted(refs.sku() for _ in range(3))
    position = 0
    for loc in locations:
        for sku in skus:
            receive(client, loc, sku, 1)
            position = reorder_point(client, loc, sku, 2)["position"]
    everything = [(loc, sku) for loc in locations for sku in skus]
    seen: list[tuple[str, str]] = []
    after: str | None = None
    while True:
        params: dict[str, Any] = {"limit": 4, "min_position": position}
        if after is not None:
            params["after"] = after
        page = ok(client.get("/v1/replenishment", params=params))
        seen.extend((item["location"], item["sku"]) for item in page["items"])
        after = page["next_after"]
        if after is None:
            break
        assert after == f"{seen[-1][0]}/{seen[-1][1]}"
    assert seen == everything
    only_b = listed(client, position, location=locations[1])
    assert list(only_b) == [(locations[1], sku) for sku in skus]
    first = ok(client.get("/v1/replenishment", params={"location": locations[0], "limit": 2}))
    assert [i["sku"] for i in first["items"]] == skus[:2]
    assert first["next_after"] == f"{locations[0]}/{skus[1]}"
    rest = ok(
        client.get(
            "/v1/replenishment",
            params={"location": locations[0], "limit": 2, "after": first["next_after"]},
        )
    )
    assert ([i["sku"] for i in rest["items"]], rest["next_after"]) == (skus[2:], None)
    nowhere = ok(client.get("/v1/replenishment", params={"location": f"{base}-c"}))
    assert nowhere["items"] == []


def test_invalid_reorder_points_are_refused(client: TestClient) -> None:
    loc, sku = refs.location(), refs.sku()
    before = receive(client, loc, sku, 10)
    for body in (
        {"reorder_point": -1, "reorder_quantity": 5},
        {"reorder_point": 5, "reorder_quantity": 0},
        {"reorder_point": 5, "reorder_quantity": -2},
        {"reorder_point": 5.5, "reorder_quantity": 5},
        {"reorder_point": "5", "reorder_quantity": 5},
        {"reorder_point": 5},
        {"reorder_quantity": 5},
        {"reorder_point": 5, "reorder_quantity": 5, "urgent": True},
    ):
        refused = client.put(stock(loc, sku, "/reorder-point"), json=body)
        assert_problem(refused, 422, "invalid_request")
    assert requests(client, loc, sku) == []
    assert ok(client.get(stock(loc, sku)))["position"] == before
    refused = client.put(stock("W H", sku, "/reorder-point"), json={"reorder_point": 1})
    assert_problem(refused, 422, "invalid_request")


def test_invalid_list_queries_are_refused(client: TestClient) -> None:
    for params in ({"limit": 0}, {"limit": 1001}, {"location": "W H"}, {"min_position": -1}):
        assert_problem(client.get("/v1/replenishment", params=params), 422, "invalid_request")

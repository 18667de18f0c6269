"""The HTTP contract as the tests speak it: short calls, and the shapes every answer must have."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from httpx import Response

from tests import refs

LEVEL_KEYS = {
    "sku",
    "location",
    "on_hand",
    "reserved",
    "safety_stock",
    "in_transit",
    "available",
    "version",
    "position",
}
PROBLEM = "application/problem+json"


def stock(location: str, sku: str, tail: str = "") -> str:
    """The URL of a SKU-location, or of one of its commands."""
    return f"/v1/stock/{location}/{sku}{tail}"


def assert_level(body: dict[str, Any]) -> None:
    """A stock level: the contract's fields (more may be added), integers, and available
    computed from the others."""
    assert set(body) >= LEVEL_KEYS, body
    for name in LEVEL_KEYS - {"sku", "location"}:
        assert type(body[name]) is int, (name, body)
    expected = max(0, body["on_hand"] - body["reserved"] - body["safety_stock"])
    assert body["available"] == expected, body


def assert_problem(response: Response, status: int, code: str | None = None) -> dict[str, Any]:
    """An RFC 9457 problem with the given status (and code); returns its body."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM), response.headers
    body: dict[str, Any] = response.json()
    assert {"type", "title", "status", "detail"} <= set(body), body
    assert body["status"] == status, body
    assert isinstance(body["detail"], str) and body["detail"], body
    if code is not None:
        assert body["code"] == code, body
    return body


def command(
    client: TestClient,
    location: str,
    sku: str,
    tail: str,
    body: dict[str, Any],
    key: str | None = None,
) -> dict[str, Any]:
    """Run a stock command that must succeed; returns the level it answers."""
    headers = {"Idempotency-Key": key} if key else {}
    method = client.put if tail == "/safety-stock" else client.post
    response = method(stock(location, sku, tail), json=body, headers=headers)
    assert response.status_code == 200, response.text
    level: dict[str, Any] = response.json()
    assert_level(level)
    return level


def receive(client: TestClient, location: str, sku: str, quantity: int) -> dict[str, Any]:
    """Receive goods; returns the new level."""
    return command(client, location, sku, "/receipts", {"quantity": quantity, "reference": "PO"})


def level(client: TestClient, location: str, sku: str) -> dict[str, Any] | None:
    """The current level, or None when the SKU-location was never seen."""
    response = client.get(stock(location, sku))
    if response.status_code == 404:
        assert_problem(response, 404)
        return None
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert_level(body)
    return body


def history(client: TestClient, location: str, sku: str) -> list[dict[str, Any]]:
    """Every event of a SKU-location, oldest first."""
    response = client.get(stock(location, sku, "/events"), params={"limit": 1000})
    assert response.status_code == 200, response.text
    events: list[dict[str, Any]] = response.json()["events"]
    return events


def order(lines: Any, reservation_id: Any = None, **extra: Any) -> dict[str, Any]:
    """A reservation request body (a fresh reservation id unless one is given)."""
    return {
        "reservation_id": refs.reservation() if reservation_id is None else reservation_id,
        "order_id": refs.order(),
        "channel": "shopify",
        "lines": lines,
        **extra,
    }


def reserve(client: TestClient, lines: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    """Reserve an order that must be accepted; returns the reservation."""
    response = client.post("/v1/reservations", json=order(lines, **extra))
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def transfer_body(sku: str, source: str, target: str, quantity: int) -> dict[str, Any]:
    """A transfer request body with a fresh id."""
    return {
        "transfer_id": refs.transfer(),
        "sku": sku,
        "from_location": source,
        "to_location": target,
        "quantity": quantity,
    }


def ordered_locations(count: int) -> list[str]:
    """Fresh location ids that sort in the order given."""
    base = refs.location()
    return [f"{base}-{i}" for i in range(count)]

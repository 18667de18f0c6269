"""Transfers: a promise checked against the source, in transit at the destination until received."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests import refs
from tests.http.api import assert_problem, command, level, receive, transfer_body

TRANSFER_KEYS = {
    "transfer_id",
    "sku",
    "from_location",
    "to_location",
    "quantity",
    "status",
    "position",
}


def test_transfer_is_in_transit_until_received(client: TestClient) -> None:
    sku, source, target = refs.sku(), refs.location(), refs.location()
    before = receive(client, source, sku, 10)
    body = transfer_body(sku, source, target, 4)
    response = client.post("/v1/transfers", json=body)
    assert response.status_code == 201, response.text
    dispatched = response.json()
    assert set(dispatched) >= TRANSFER_KEYS
    assert {k: dispatched[k] for k in body} == body and dispatched["status"] == "in_transit"
    assert dispatched["position"] > before["position"]
    out, due = level(client, source, sku), level(client, target, sku)
    assert out is not None and due is not None
    assert (out["on_hand"], out["available"]) == (6, 6)
    assert (due["on_hand"], due["in_transit"], due["available"]) == (0, 4, 0)
    url = f"/v1/transfers/{body['transfer_id']}"
    assert client.get(url).json() == dispatched

    response = client.post(f"{url}/receive", json={})
    assert response.status_code == 200, response.text
    received = response.json()
    assert {k: received[k] for k in body} == body and received["status"] == "received"
    assert received["position"] > dispatched["position"]
    arrived = level(client, target, sku)
    assert arrived is not None
    assert (arrived["on_hand"], arrived["in_transit"], arrived["available"]) == (4, 0, 4)
    assert level(client, source, sku) == out
    assert client.get(url).json() == received


def test_receiving_a_received_transfer_changes_nothing(client: TestClient) -> None:
    sku, source, target = refs.sku(), refs.location(), refs.location()
    receive(client, source, sku, 3)
    body = transfer_body(sku, source, target, 3)
    assert client.post("/v1/transfers", json=body).status_code == 201
    url = f"/v1/transfers/{body['transfer_id']}/receive"
    first = client.post(url)
    assert first.status_code == 200, first.text
    arrived = level(client, target, sku)
    again = client.post(url)
    assert again.status_code == 200, again.text
    assert again.json() == first.json()
    assert level(client, target, sku) == arrived


def test_transfer_to_the_same_location_is_refused(client: TestClient) -> None:
    sku, loc = refs.sku(), refs.location()
    before = receive(client, loc, sku, 5)
    body = transfer_body(sku, loc, loc, 1)
    assert_problem(client.post("/v1/transfers", json=body), 422)
    assert level(client, loc, sku) == before
    assert_problem(client.get(f"/v1/transfers/{body['transfer_id']}"), 404)


def test_transfer_beyond_available_is_refused(client: TestClient) -> None:
    sku, source, target = refs.sku(), refs.location(), refs.location()
    receive(client, source, sku, 5)
    before = command(client, source, sku, "/safety-stock", {"quantity": 1})
    body = transfer_body(sku, source, target, 5)
    problem = assert_problem(client.post("/v1/transfers", json=body), 409, "insufficient_stock")
    assert [(ln["sku"], ln["requested"], ln["available"]) for ln in problem["lines"]] == [
        (sku, 5, 4)
    ]
    assert level(client, source, sku) == before
    assert level(client, target, sku) is None
    assert_problem(client.get(f"/v1/transfers/{body['transfer_id']}"), 404)


def test_transfer_from_a_never_seen_location_is_refused(client: TestClient) -> None:
    sku, source, target = refs.sku(), refs.location(), refs.location()
    body = transfer_body(sku, source, target, 1)
    assert_problem(client.post("/v1/transfers", json=body), 409, "insufficient_stock")
    assert level(client, source, sku) is None and level(client, target, sku) is None
    assert_problem(client.get(f"/v1/skus/{sku}"), 404)


def test_unknown_transfer_is_404(client: TestClient) -> None:
    url = f"/v1/transfers/{refs.transfer()}"
    assert_problem(client.get(url), 404)
    assert_problem(client.post(f"{url}/receive", json={}), 404)

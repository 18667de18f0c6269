"""Ids and free text (issue 11 §3): an id is at most 64 characters of [A-Za-z0-9._-]; free text
(order ids, references, marketplace identifiers, idempotency keys, filters, cursors) is 1 to 200
characters of anything but control characters. Everything else is a 422 that writes nothing."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi.testclient import TestClient

from tests import refs
from tests.http.api import assert_problem, order, receive, stock, transfer_body
from tests.http.test_limits import log_position

CONTROLS = ["\x00", "\x01", "\t", "\n", "\r", "\x1b", "\x7f", "\x85", "\x9f"]
BAD_TEXTS = ["", "x" * 201, *(f"PO{c}1" for c in CONTROLS)]
GOOD_TEXTS = ["x" * 200, "Bestellung 7 \u2013 Müller ✓", "gid://shopify/InventoryItem/1"]
BAD_IDS = ["a" * 65, "a" * 201, *(f"a{c}b" for c in CONTROLS)]


def refused(response: Any) -> None:
    """A 422 invalid_request problem."""
    assert_problem(response, 422, "invalid_request")


def test_free_text_with_control_characters_or_over_200_is_refused(client: TestClient) -> None:
    loc, sku = refs.location(), refs.sku()
    receive(client, loc, sku, 50)
    before = log_position(client)
    for text in BAD_TEXTS:
        refused(
            client.post(
                "/v1/reservations", json=order([{"sku": sku, "quantity": 1}], order_id=text)
            )
        )
        for tail, body in [
            ("/receipts", {"quantity": 1}),
            ("/adjustments", {"delta": 1, "reason": "found"}),
            ("/counts", {"quantity": 3}),
            ("/returns", {"quantity": 1, "restock": True}),
        ]:
            refused(client.post(stock(loc, sku, tail), json={**body, "reference": text}))
        ids = {"inventory_item_id": text}
        refused(client.put(f"/v1/channels/shop/listings/{sku}", json=ids))
        for name in ("order_id", "reference"):
            refused(client.get("/v1/events", params={name: text}))
    assert log_position(client) == before
    bad = client.post("/v1/reservations", json=order([{"sku": sku, "quantity": 1}], order_id="O\n"))
    assert "order_id: must be text without control characters" in bad.json()["detail"]
    for text in GOOD_TEXTS:
        placed = client.post(
            "/v1/reservations", json=order([{"sku": sku, "quantity": 1}], order_id=text)
        )
        assert placed.status_code == 201 and placed.json()["order_id"] == text, placed.text
        receipt = client.post(stock(loc, sku, "/receipts"), json={"quantity": 1, "reference": text})
        assert receipt.status_code == 200, receipt.text


def test_listing_identifiers_are_named_like_ids_and_at_most_20(client: TestClient) -> None:
    sku = refs.sku()
    url = f"/v1/channels/shop/listings/{sku}"
    assert client.put("/v1/channels/shop", json={"kind": "shopify"}).status_code == 200
    before = log_position(client)
    for name in ["", "item id", "a" * 65, *(f"id{c}" for c in CONTROLS)]:
        refused(client.put(url, json={name: "1"}))
    refused(client.put(url, json={f"id{n}": "1" for n in range(21)}))
    assert log_position(client) == before
    ids = {"inventory_item_id": "gid://shopify/InventoryItem/1", "location_id": "1"}
    listed = client.put(url, json=ids)
    assert listed.status_code == 200 and listed.json()["identifiers"] == ids, listed.text


def test_idempotency_keys_are_free_text(client: TestClient) -> None:
    loc, sku = refs.location(), refs.sku()
    before = log_position(client)
    for key in ["x" * 201, "K\x01", "K\x7f", "K\x85"]:  # what a header can carry at all
        headers = {"Idempotency-Key": key.encode("latin-1")}  # bytes as they come on the wire
        refused(client.post(stock(loc, sku, "/receipts"), json={"quantity": 1}, headers=headers))
    assert log_position(client) == before
    headers = {"Idempotency-Key": "x" * 200}
    assert (
        client.post(stock(loc, sku, "/receipts"), json={"quantity": 1}, headers=headers).status_code
        == 200
    )


def test_ids_over_64_characters_or_with_control_characters_are_refused(client: TestClient) -> None:
    loc, sku = refs.location(), refs.sku()
    receive(client, loc, sku, 5)
    before = log_position(client)
    for bad in BAD_IDS:
        segment = quote(bad, safe="")  # as it travels in a path
        refused(client.post(stock(loc, segment, "/receipts"), json={"quantity": 1}))
        refused(client.post(stock(segment, sku, "/receipts"), json={"quantity": 1}))
        for line in ({"sku": bad, "quantity": 1}, {"sku": sku, "location": bad, "quantity": 1}):
            refused(client.post("/v1/reservations", json=order([line])))
        refused(client.post("/v1/reservations", json=order([{"sku": sku, "quantity": 1}], bad)))
        refused(
            client.post(
                "/v1/transfers", json={**transfer_body(sku, loc, "X", 1), "transfer_id": bad}
            )
        )
        refused(client.put(f"/v1/channels/{segment}", json={"kind": "shopify"}))
        refused(client.put("/v1/channels/shop", json={"kind": "shopify", "locations": [bad]}))
        refused(client.get("/v1/channels/shop/availability", params={"after": bad}))
        refused(client.get("/v1/replenishment", params={"after": f"{loc}/{bad}"}))
    assert log_position(client) == before

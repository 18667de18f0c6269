"""Idempotency: a retry gets the original answer and writes nothing; a key means one request."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from interfaces.http.app import create_app
from interfaces.runtime.bootstrap import build
from interfaces.runtime.settings import Settings
from tests import refs
from tests.http.api import (
    assert_problem,
    command,
    history,
    level,
    order,
    receive,
    reserve,
    stock,
    transfer_body,
)
from tests.tokens import ADMIN


def keyed(key: str) -> dict[str, str]:
    """The idempotency header."""
    return {"Idempotency-Key": key}


def test_same_key_and_body_replays_the_original_answer(client: TestClient) -> None:
    sku, loc, key = refs.sku(), refs.location(), refs.key()
    url, body = stock(loc, sku, "/receipts"), {"quantity": 5, "reference": "PO-1"}
    first = client.post(url, json=body, headers=keyed(key))
    assert first.status_code == 200, first.text
    receive(client, loc, sku, 1)  # later movements do not change the replayed answer
    now = level(client, loc, sku)
    events = history(client, loc, sku)
    replay = client.post(url, json=body, headers=keyed(key))
    assert replay.status_code == 200, replay.text
    assert replay.json() == first.json()
    assert level(client, loc, sku) == now
    assert history(client, loc, sku) == events


def test_every_stock_command_replays_by_key(client: TestClient) -> None:
    sku, loc = refs.sku(), refs.location()
    receive(client, loc, sku, 10)
    commands: list[tuple[str, dict[str, Any]]] = [
        ("/receipts", {"quantity": 2}),
        ("/adjustments", {"delta": -1, "reason": "damaged"}),
        ("/counts", {"quantity": 8}),
        ("/safety-stock", {"quantity": 1}),
        ("/returns", {"quantity": 1, "restock": True}),
    ]
    answers = [(tail, body, refs.key()) for tail, body in commands]
    firsts = [command(client, loc, sku, tail, body, key) for tail, body, key in answers]
    now = level(client, loc, sku)
    for (tail, body, key), first in zip(answers, firsts, strict=True):
        assert command(client, loc, sku, tail, body, key) == first, tail
    assert level(client, loc, sku) == now


def test_same_key_with_another_body_is_refused(client: TestClient) -> None:
    sku, loc, key = refs.sku(), refs.location(), refs.key()
    url = stock(loc, sku, "/receipts")
    assert client.post(url, json={"quantity": 5}, headers=keyed(key)).status_code == 200
    now = level(client, loc, sku)
    refused = client.post(url, json={"quantity": 6}, headers=keyed(key))
    problem = assert_problem(refused, 422, "idempotency_key_reused")
    assert key in problem["detail"] and "different request" in problem["detail"]
    other_place = stock(refs.location(), sku, "/receipts")
    assert_problem(client.post(other_place, json={"quantity": 5}, headers=keyed(key)), 422)
    assert level(client, loc, sku) == now


def test_keys_are_global_across_routes(client: TestClient) -> None:
    sku, loc, key = refs.sku(), refs.location(), refs.key()
    receive(client, loc, sku, 10)
    placed = reserve(client, [{"sku": sku, "quantity": 1}])
    assert command(client, loc, sku, "/receipts", {"quantity": 1}, key)["on_hand"] == 11
    res_url = f"/v1/reservations/{placed['reservation_id']}"
    for method, url, body in [
        (client.post, stock(loc, sku, "/adjustments"), {"delta": 1, "reason": "found"}),
        (client.post, stock(loc, sku, "/counts"), {"quantity": 1}),
        (client.put, stock(loc, sku, "/safety-stock"), {"quantity": 1}),
        (client.post, stock(loc, sku, "/returns"), {"quantity": 1, "restock": True}),
        (client.post, f"{res_url}/release", {}),
    ]:
        now = level(client, loc, sku)
        refused = method(url, json=body, headers=keyed(key))
        assert_problem(refused, 422, "idempotency_key_reused")
        assert level(client, loc, sku) == now, url
        fresh = method(url, json=body, headers=keyed(refs.key()))
        assert fresh.status_code == 200, fresh.text


def test_a_key_used_on_a_closed_reservation_is_refused_elsewhere(client: TestClient) -> None:
    sku, loc, key = refs.sku(), refs.location(), refs.key()
    receive(client, loc, sku, 10)
    placed = reserve(client, [{"sku": sku, "quantity": 2}])
    url = f"/v1/reservations/{placed['reservation_id']}"
    first = client.post(f"{url}/release", json={}, headers=keyed(key))
    assert first.status_code == 200, first.text
    replay = client.post(f"{url}/release", json={}, headers=keyed(key))
    assert (replay.status_code, replay.json()) == (200, first.json())
    now = level(client, loc, sku)
    other = client.post(stock(loc, sku, "/receipts"), json={"quantity": 1}, headers=keyed(key))
    assert_problem(other, 422, "idempotency_key_reused")
    assert level(client, loc, sku) == now


def test_a_refused_command_stores_no_key(client: TestClient) -> None:
    sku, loc, key = refs.sku(), refs.location(), refs.key()
    receive(client, loc, sku, 1)
    url, body = stock(loc, sku, "/adjustments"), {"delta": -3, "reason": "damaged"}
    assert_problem(client.post(url, json=body, headers=keyed(key)), 409, "negative_on_hand")
    assert_problem(client.post(url, json=body, headers=keyed(key)), 409, "negative_on_hand")
    receive(client, loc, sku, 5)
    retried = client.post(url, json=body, headers=keyed(key))
    assert retried.status_code == 200, retried.text
    assert retried.json()["on_hand"] == 3
    replay = client.post(url, json=body, headers=keyed(key))
    assert replay.json() == retried.json()
    reservation = order([{"sku": sku, "quantity": 4}])  # its id is its key
    assert_problem(client.post("/v1/reservations", json=reservation), 409, "insufficient_stock")
    receive(client, loc, sku, 1)
    placed = client.post("/v1/reservations", json=reservation)
    assert placed.status_code == 201, placed.text


def test_reservation_id_is_a_natural_key(client: TestClient) -> None:
    sku, loc = refs.sku(), refs.location()
    receive(client, loc, sku, 10)
    body = order([{"sku": sku, "quantity": 2}])
    first = client.post("/v1/reservations", json=body)
    assert first.status_code == 201, first.text
    now = level(client, loc, sku)
    replay = client.post("/v1/reservations", json=body)
    assert (replay.status_code, replay.json()) == (201, first.json())
    assert level(client, loc, sku) == now
    changed = {**body, "lines": [{"sku": sku, "quantity": 3}]}
    assert_problem(client.post("/v1/reservations", json=changed), 422, "idempotency_key_reused")
    other_order = {**body, "order_id": refs.order()}
    assert_problem(client.post("/v1/reservations", json=other_order), 422)
    assert level(client, loc, sku) == now
    assert client.get(f"/v1/reservations/{body['reservation_id']}").json() == first.json()


def test_transfer_id_is_a_natural_key(client: TestClient) -> None:
    sku, source, target = refs.sku(), refs.location(), refs.location()
    receive(client, source, sku, 10)
    body = transfer_body(sku, source, target, 4)
    first = client.post("/v1/transfers", json=body)
    assert first.status_code == 201, first.text
    out, due = level(client, source, sku), level(client, target, sku)
    replay = client.post("/v1/transfers", json=body)
    assert (replay.status_code, replay.json()) == (201, first.json())
    changed = {**body, "quantity": 5}
    assert_problem(client.post("/v1/transfers", json=changed), 422, "idempotency_key_reused")
    assert (level(client, source, sku), level(client, target, sku)) == (out, due)


def test_natural_keys_and_header_keys_do_not_collide(client: TestClient) -> None:
    sku, loc = refs.sku(), refs.location()
    receive(client, loc, sku, 10)
    body = order([{"sku": sku, "quantity": 1}])
    tr = transfer_body(sku, loc, refs.location(), 1)
    # A client may well name its keys after the resource they act on.
    for key in (f"reservation:{body['reservation_id']}", f"transfer:{tr['transfer_id']}"):
        assert command(client, loc, sku, "/receipts", {"quantity": 1}, key)["on_hand"] > 10
    placed = client.post("/v1/reservations", json=body)
    assert placed.status_code == 201, placed.text
    assert client.post("/v1/transfers", json=tr).status_code == 201
    url = f"/v1/reservations/{body['reservation_id']}/release"
    released = client.post(url, json={}, headers=keyed(f"reservation:{refs.reservation()}"))
    assert released.status_code == 200, released.text


def test_keys_survive_a_restart(client: TestClient, settings: Settings) -> None:
    sku, loc, key = refs.sku(), refs.location(), refs.key()
    url, body = stock(loc, sku, "/receipts"), {"quantity": 5, "reference": "PO-9"}
    first = client.post(url, json=body, headers=keyed(key))
    assert first.status_code == 200, first.text
    receive(client, loc, sku, 2)
    reservation = order([{"sku": sku, "quantity": 1}])
    placed = client.post("/v1/reservations", json=reservation)
    assert placed.status_code == 201, placed.text
    now = level(client, loc, sku)
    client.__exit__(None, None, None)  # stop the first service

    with TestClient(create_app(build(settings)), headers=ADMIN) as again:
        replay = again.post(url, json=body, headers=keyed(key))
        assert (replay.status_code, replay.json()) == (200, first.json())
        other = again.post(url, json={"quantity": 6}, headers=keyed(key))
        assert_problem(other, 422, "idempotency_key_reused")
        res_replay = again.post("/v1/reservations", json=reservation)
        assert (res_replay.status_code, res_replay.json()) == (201, placed.json())
        assert level(again, loc, sku) == now

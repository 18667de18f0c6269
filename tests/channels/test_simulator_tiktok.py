"""The simulated TikTok Shop: the signature over path, query and body, the shop cipher, the
timestamp and the token are checked, and the inventory body's shape."""

from __future__ import annotations

import time
from typing import Any

import httpx

from interfaces.channels.contract import Connection
from interfaces.channels.tiktok import PATH, signed_request
from tests.channels.conftest import Start, connect, delist, listings
from tests.channels.kinds import push, update

BODY = {"skus": [{"id": "2", "inventory": [{"warehouse_id": "W", "quantity": 3}]}]}


def call(connection: Connection, body: Any, when: float | None = None) -> httpx.Response:
    with httpx.Client() as client:
        request = signed_request(
            client,  # type: ignore[arg-type]
            connection,
            PATH.format(product_id="1"),
            int(when or time.time()),
            body,
        )
        return client.send(request)


def test_a_wrong_secret_cipher_token_or_stale_call_is_a_401(simulator: Start) -> None:
    sim = simulator("tiktok")
    assert call(connect("tiktok", sim), BODY).json()["code"] == 0
    for wrong in ({"app_secret": "x"}, {"shop_cipher": "ROW_other"}, {"access_token": "x"}):
        assert call(connect("tiktok", sim, **wrong), BODY).status_code == 401, wrong
    assert call(connect("tiktok", sim), BODY, when=time.time() - 600).status_code == 401


def test_a_body_that_is_not_an_inventory_update_is_a_400(simulator: Start) -> None:
    sim = simulator("tiktok")
    for body in ({"skus": []}, {"skus": [{"id": "2"}]}, {"skus": [{"id": "2", "inventory": [
            {"warehouse_id": "W", "quantity": -1}]}]}):  # fmt: skip
        assert call(connect("tiktok", sim), body).status_code == 400, body


def test_a_delisted_sku_refuses_its_product(simulator: Start) -> None:
    sim = simulator("tiktok")
    kept = update("tiktok", 4)
    other = update("tiktok", 2)
    gone = update("tiktok", 1, product_id=other.listing["product_id"])
    delist(sim, f"{gone.listing['product_id']}/{gone.listing['sku_id']}@7001")
    results = push(connect("tiktok", sim), [kept, other, gone])
    assert [r.status for r in results] == ["applied", "rejected", "rejected"]
    assert list(listings(sim).values()) == [4]

"""The simulated Shopee: the signature, partner, shop, token and timestamp are checked;
per-model failures come back in failure_list."""

from __future__ import annotations

import time

import httpx

from interfaces.channels.shopee import PATH, common_params
from interfaces.channels.simulator import Running
from tests.channels.conftest import Start, connect, delist, listings
from tests.channels.kinds import SECRETS, key, push, update

BODY = {"item_id": 77, "stock_list": [{"model_id": 0, "seller_stock": [{"stock": 3}]}]}


def post(sim: Running, params: dict[str, str], body: object = BODY) -> httpx.Response:
    return httpx.post(sim.url + PATH, params=params, json=body)


def test_a_tampered_or_stale_signature_is_a_401(simulator: Start) -> None:
    sim = simulator("shopee")
    now = int(time.time())
    good = common_params(SECRETS["shopee"], PATH, now)
    assert post(sim, good).status_code == 200
    assert post(sim, {**good, "sign": "0" * 64}).json()["error"] == "error_sign"
    assert post(sim, {**good, "shop_id": "1"}).status_code == 401
    stale = common_params(SECRETS["shopee"], PATH, now - 600)
    assert post(sim, stale).status_code == 401
    unsigned = {name: value for name, value in good.items() if name != "sign"}
    assert post(sim, unsigned).status_code == 401


def test_a_malformed_body_is_a_400(simulator: Start) -> None:
    sim = simulator("shopee")
    params = common_params(SECRETS["shopee"], PATH, int(time.time()))
    answer = post(
        sim,
        params,
        {"item_id": 77, "stock_list": [{"model_id": 0, "seller_stock": [{"stock": -2}]}]},
    )
    assert (answer.status_code, answer.json()["error"]) == (400, "error_param")


def test_a_delisted_model_fails_and_the_others_apply(simulator: Start) -> None:
    sim = simulator("shopee")
    kept = update("shopee", 6)
    gone = update("shopee", 1, item_id=kept.listing["item_id"])
    delist(sim, key("shopee", gone))
    results = push(connect("shopee", sim), [kept, gone])
    assert [(r.status, r.detail) for r in results] == [
        ("applied", ""),
        ("rejected", "model not found"),
    ]
    assert listings(sim) == {key("shopee", kept): 6}

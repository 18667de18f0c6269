"""The simulated WooCommerce: batches over 100 items are refused, bodies are checked against
the copied wc/v3 spec, variations are stored under their parent."""

from __future__ import annotations

import httpx
import pytest

from interfaces.channels.marketplace import Rejected
from interfaces.channels.woocommerce import basic_auth
from tests.channels.conftest import Start, connect, delist, listings, stats
from tests.channels.kinds import key, listing, push, update


def test_a_batch_over_a_hundred_items_is_refused(simulator: Start) -> None:
    sim = simulator("woocommerce")
    with pytest.raises(Rejected, match="413"):
        push(connect("woocommerce", sim), [update("woocommerce", 1) for _ in range(101)])
    assert listings(sim) == {}
    assert stats(sim)["413"] == 1
    assert push(connect("woocommerce", sim), [update("woocommerce", 1) for _ in range(100)])


def test_a_body_the_spec_refuses_is_a_400(simulator: Start) -> None:
    sim = simulator("woocommerce")
    headers = {"Authorization": basic_auth("ck_test", "cs_test")}
    body = {"update": [{"id": 5, "manage_stock": True, "stock_quantity": "many"}]}
    answer = httpx.post(f"{sim.url}/wp-json/wc/v3/products/batch", json=body, headers=headers)
    assert (answer.status_code, answer.json()["code"]) == (400, "rest_invalid_param")


def test_variations_and_a_delisted_product(simulator: Start) -> None:
    sim = simulator("woocommerce")
    variation = update("woocommerce", 4, **listing("woocommerce", variation=True))
    gone = update("woocommerce", 2)
    delist(sim, key("woocommerce", gone))
    results = push(connect("woocommerce", sim), [variation, gone])
    assert [r.status for r in results] == ["applied", "rejected"]
    assert listings(sim) == {key("woocommerce", variation): 4}
    assert "/" in key("woocommerce", variation)

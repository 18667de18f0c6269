"""Every kind that pushes orders: its simulator delivers each change to a subscribed receiver,
signed so that stocksync's own check accepts it and a wrong secret does not; the parser reads
the order back; a refused delivery is retried as that marketplace does; a resend is identical."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest

from interfaces.channels.orders.order import OrderLine
from interfaces.channels.orders.registry import WEBHOOK_KINDS
from interfaces.channels.simulator import Running
from tests.channels.conftest import Start
from tests.channels.kinds import SECRETS
from tests.channels.orders import PUSHED, change, place, sale
from tests.channels.receiver import Receiver

SECRET = "whsec-orders-test"
ATTEMPTS = {"shopify": [500, 500, 200], "woocommerce": [500], "webhook": [500, 500, 200]}


def subscribed(simulator: Start, kind: str, url: str) -> Running:
    sim = simulator(kind, secrets={**SECRETS[kind], "webhook_secret": SECRET}, retry_delay=0.01)
    assert httpx.post(f"{sim.url}/_sim/webhooks", json={"url": url}).status_code == 201
    return sim


def deliveries(sim: Running, settled: int, timeout: float = 10.0) -> list[dict[str, Any]]:
    """GET /_sim/deliveries once `settled` of them have stopped trying."""
    deadline = time.monotonic() + timeout
    while True:
        shown: list[dict[str, Any]] = httpx.get(f"{sim.url}/_sim/deliveries").json()
        done = [d for d in shown if d["delivered"] or d["answers"]]
        if len(done) >= settled or time.monotonic() > deadline:
            return shown
        time.sleep(0.02)


@pytest.mark.parametrize("kind", PUSHED)
def test_each_change_is_delivered_signed_and_reads_back_as_the_order(
    kind: str, simulator: Start, receiver: Receiver
) -> None:
    sim = subscribed(simulator, kind, receiver.url)
    key, sku, ids = sale(kind, 1)
    order_id = place(sim, [{"listing": key, "sku": sku, "quantity": 2}])
    receiver.wait(1)
    assert change(sim, order_id, "cancel").status_code == 200
    hooks = WEBHOOK_KINDS[kind]
    got = receiver.wait(2)
    assert all(hooks.verify(SECRET, request.headers, request.body) for request in got)
    assert not hooks.verify("another-secret", got[0].headers, got[0].body)
    assert not hooks.verify(SECRET, got[0].headers, got[0].body + b" ")
    parsed = [hooks.parse(request.headers, request.body) for request in got]
    orders = [p.order for p in parsed if p.order is not None]
    assert [(o.order_id, o.status) for o in orders] == [
        (order_id, "created"),
        (order_id, "cancelled"),
    ]
    assert orders[0].lines == (OrderLine(sku, ids, 2),)


@pytest.mark.parametrize("kind", PUSHED)
def test_a_refused_delivery_is_retried_as_the_marketplace_does(kind: str, simulator: Start) -> None:
    with Receiver(answers=[500, 500]) as receiver:
        sim = subscribed(simulator, kind, receiver.url)
        key, sku, _ = sale(kind, 2)
        place(sim, [{"listing": key, "sku": sku, "quantity": 1}])
        receiver.wait(len(ATTEMPTS[kind]))
        (delivery,) = deliveries(sim, 1)
        assert delivery["answers"] == ATTEMPTS[kind]
        ids = {r.headers.get("X-Shopify-Webhook-Id") for r in receiver.received}
        assert len(ids) == 1  # a retry is the same delivery


@pytest.mark.parametrize("kind", PUSHED)
def test_a_resend_is_byte_for_byte_the_same_delivery(
    kind: str, simulator: Start, receiver: Receiver
) -> None:
    sim = subscribed(simulator, kind, receiver.url)
    key, sku, _ = sale(kind, 3)
    place(sim, [{"listing": key, "sku": sku, "quantity": 1}])
    receiver.wait(1)
    assert httpx.post(f"{sim.url}/_sim/deliveries/1/redeliver").status_code == 202
    first, second = receiver.wait(2)
    assert (first.body, first.headers[WEBHOOK_KINDS[kind].signature_header]) == (
        second.body,
        second.headers[WEBHOOK_KINDS[kind].signature_header],
    )


def test_a_polled_kind_has_no_webhooks_and_orders_need_stock(simulator: Start) -> None:
    sim = simulator("ebay")
    assert httpx.post(f"{sim.url}/_sim/webhooks", json={"url": "http://x"}).status_code == 404
    httpx.post(  # the listing holds 1 once stocksync set it
        f"{sim.url}/sell/inventory/v1/bulk_update_price_quantity",
        json={"requests": [{"offers": [{"offerId": "9", "availableQuantity": 1}]}]},
        headers={"Authorization": f"Bearer {SECRETS['ebay']['access_token']}"},
    ).raise_for_status()
    line = {"listing": "9", "sku": "S", "quantity": 2}
    assert httpx.post(f"{sim.url}/_sim/orders", json={"lines": [line]}).status_code == 409
    order_id = place(sim, [{**line, "quantity": 1}])
    assert httpx.get(f"{sim.url}/_sim/listings").json()["9"] == 0
    assert change(sim, order_id, "cancel").status_code == 200
    assert httpx.get(f"{sim.url}/_sim/listings").json()["9"] == 1
    assert change(sim, "no-such-order", "fulfil").status_code == 404


def test_woocommerce_stops_delivering_to_a_url_after_five_failed_deliveries(
    simulator: Start,
) -> None:
    with Receiver(answers=[500] * 5) as receiver:
        sim = subscribed(simulator, "woocommerce", receiver.url)
        key, sku, _ = sale("woocommerce", 4)
        for n in range(5):
            place(sim, [{"listing": key, "sku": sku, "quantity": 1}])
            deliveries(sim, n + 1)  # answered (and counted) before the next order
        place(sim, [{"listing": key, "sku": sku, "quantity": 1}])
        assert len(deliveries(sim, 5)) == 5  # the sixth order was not delivered

"""The webhook parsers and signature checks the webhook route will call, as pure functions:
each kind's topics and statuses, what changes nothing, and what is malformed."""

from __future__ import annotations

import json

import pytest

from interfaces.channels.orders.order import MalformedOrder, OrderLine
from interfaces.channels.orders.registry import WEBHOOK_KINDS
from interfaces.channels.orders.webhook import base64_hmac

SHOPIFY, WOO, GENERIC = (WEBHOOK_KINDS[k] for k in ("shopify", "woocommerce", "webhook"))


def raw(body: object) -> bytes:
    return json.dumps(body).encode()


@pytest.mark.parametrize(
    ("topic", "status"),
    [("orders/create", "created"), ("orders/paid", "created"), ("orders/cancelled", "cancelled"),
     ("orders/fulfilled", "fulfilled"), ("orders/updated", None)],
)  # fmt: skip
def test_shopify_topics_say_what_happened(topic: str, status: str | None) -> None:
    body = raw({"id": 7, "updated_at": "2026-01-01T10:00:00-05:00",
                "line_items": [{"sku": "", "variant_id": 44, "quantity": 2}]})  # fmt: skip
    parsed = SHOPIFY.parse({"X-Shopify-Topic": topic, "X-Shopify-Webhook-Id": "w1"}, body)
    assert (parsed.delivery_id, parsed.topic) == ("w1", topic)
    assert (parsed.order.status if parsed.order else None) == status
    if parsed.order:
        assert parsed.order.lines == (OrderLine(None, {"variant_id": "44"}, 2),)
        assert parsed.order.updated_at and parsed.order.updated_at.utcoffset() is not None


@pytest.mark.parametrize(
    ("status", "expected"),
    [("processing", "created"), ("on-hold", "created"), ("cancelled", "cancelled"),
     ("refunded", "cancelled"), ("completed", "fulfilled"), ("pending", None), ("failed", None)],
)  # fmt: skip
def test_woocommerce_statuses_say_what_the_order_is(status: str, expected: str | None) -> None:
    item = {"sku": "W-1", "product_id": 5, "variation_id": 0, "quantity": 1}
    body = raw({"id": 12, "status": status, "date_modified_gmt": "2026-01-01T10:00:00",
                "line_items": [item]})  # fmt: skip
    parsed = WOO.parse({"x-wc-webhook-topic": "order.updated"}, body)
    assert (parsed.order.status if parsed.order else None) == expected
    if parsed.order:
        assert parsed.order.lines == (OrderLine("W-1", {"product_id": "5"}, 1),)


def test_the_woocommerce_ping_and_other_topics_change_nothing() -> None:
    assert WOO.parse({"X-WC-Webhook-Topic": ""}, b"webhook_id=3").order is None
    assert WOO.parse({"X-WC-Webhook-Topic": "product.updated"}, raw({})).order is None


@pytest.mark.parametrize("status", ["created", "cancelled", "fulfilled"])
def test_the_generic_body_names_its_status(status: str) -> None:
    body = raw({"order_id": "A-1", "status": status, "lines": [{"sku": "S", "quantity": 3}]})
    parsed = GENERIC.parse({"X-Stocksync-Delivery": "d1"}, body)
    assert parsed.order and (parsed.order.status, parsed.order.lines) == (
        status,
        (OrderLine("S", {}, 3),),
    )
    assert parsed.delivery_id == "d1"


@pytest.mark.parametrize(
    ("kind", "headers", "body"),
    [("shopify", {"X-Shopify-Topic": "orders/create"}, b"{not json"),
     ("shopify", {"X-Shopify-Topic": "orders/paid"}, raw({"id": 1, "line_items": [{}]})),
     ("woocommerce", {"X-WC-Webhook-Topic": "order.created"}, raw([1])),
     ("webhook", {}, raw({"order_id": "A", "status": "shipped", "lines": []})),
     ("webhook", {}, raw({"order_id": "A", "status": "created", "lines": [{"quantity": 1}]})),
     ("webhook", {}, raw({"order_id": "A", "status": "created",
                          "lines": [{"sku": "S", "quantity": True}]}))],
)  # fmt: skip
def test_a_malformed_body_is_refused(kind: str, headers: dict[str, str], body: bytes) -> None:
    with pytest.raises(MalformedOrder):
        WEBHOOK_KINDS[kind].parse(headers, body)


def test_signatures_are_checked_over_the_raw_body_whatever_the_header_case() -> None:
    body = b'{"order_id":"A"}'
    assert SHOPIFY.verify("s", {"x-shopify-hmac-sha256": base64_hmac("s", body)}, body)
    assert WOO.verify("s", {"X-WC-WEBHOOK-SIGNATURE": base64_hmac("s", body)}, body)
    assert GENERIC.verify("s", {"X-Stocksync-Signature": GENERIC.sign("s", body)}, body)
    assert GENERIC.sign("s", body).startswith("sha256=")
    assert not GENERIC.verify("s", {}, body)
    assert not GENERIC.verify("s", {"X-Stocksync-Signature": GENERIC.sign("s", body)}, body + b"\n")


def test_a_line_without_a_sku_matches_the_listing_recorded_with_its_ids() -> None:
    line = OrderLine(None, {"item_id": "8", "model_id": "9"}, 1)
    assert line.matches({"item_id": "8", "model_id": "9", "location_id": "SG"})
    assert not line.matches({"item_id": "8", "model_id": "10"})
    assert not OrderLine("S", {}, 1).matches({"item_id": "8"})

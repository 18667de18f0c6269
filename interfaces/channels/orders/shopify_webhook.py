"""Shopify order webhooks: `X-Shopify-Hmac-Sha256` is the base64 HMAC-SHA256 of the raw body
with the app's secret; `X-Shopify-Topic` says what happened; `X-Shopify-Webhook-Id` is the same
on every retry of one delivery. The body is Shopify's order JSON."""

from __future__ import annotations

from typing import Any

from interfaces.channels.orders.order import (
    MalformedOrder,
    MarketplaceOrder,
    OrderLine,
    OrderStatus,
    iso,
    load,
    quantity,
    text,
)
from interfaces.channels.orders.webhook import (
    Headers,
    WebhookKind,
    WebhookOrder,
    base64_check,
    base64_hmac,
    lowered,
)

HEADER = "X-Shopify-Hmac-Sha256"
TOPICS: dict[str, OrderStatus] = {
    "orders/create": "created",
    "orders/paid": "created",
    "orders/cancelled": "cancelled",
    "orders/fulfilled": "fulfilled",
}


def parse(headers: Headers, raw: bytes) -> WebhookOrder:
    """The delivery's order; None for other topics (orders/updated, orders/edited...)."""
    given = lowered(headers)
    topic = given.get("x-shopify-topic", "")
    delivery = given.get("x-shopify-webhook-id")
    status = TOPICS.get(topic)
    if status is None:
        return WebhookOrder(delivery, topic, None)
    body = load(raw)
    return WebhookOrder(delivery, topic, order(body, status))


def order(body: dict[str, Any], status: OrderStatus) -> MarketplaceOrder:
    """A Shopify order: `id`, `updated_at`, `line_items[]` with sku, variant_id, quantity."""
    if text(body.get("id")) is None or not isinstance(body.get("line_items"), list):
        raise MalformedOrder("a Shopify order has an id and line_items")
    lines = tuple(_line(item, n) for n, item in enumerate(body["line_items"]))
    updated = iso(body["updated_at"], "updated_at") if body.get("updated_at") else None
    return MarketplaceOrder(str(body["id"]), status, lines, updated)


def _line(item: Any, n: int) -> OrderLine:
    if not isinstance(item, dict):
        raise MalformedOrder(f"line_items/{n} is not an object")
    variant = text(item.get("variant_id"))
    ids = {"variant_id": variant} if variant else {}
    return OrderLine(text(item.get("sku")), ids, quantity(item.get("quantity"), f"line_items/{n}"))


SHOPIFY = WebhookKind(
    signature_header=HEADER, sign=base64_hmac, verify=base64_check(HEADER), parse=parse
)

"""WooCommerce order webhooks: `X-WC-Webhook-Signature` is the base64 HMAC-SHA256 of the raw
body with the webhook's secret; `X-WC-Webhook-Topic` is order.created or order.updated, and the
order's `status` in the body says what it is now."""

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

HEADER = "X-WC-Webhook-Signature"
TOPICS = ("order.created", "order.updated")
# pending, failed, draft and checkout-draft orders are not paid yet: nothing to act on.
STATUSES: dict[str, OrderStatus] = {
    "processing": "created",
    "on-hold": "created",
    "cancelled": "cancelled",
    "refunded": "cancelled",
    "completed": "fulfilled",
}


def parse(headers: Headers, raw: bytes) -> WebhookOrder:
    """The delivery's order; None for other topics (and the ping sent when a webhook is
    created) and for statuses that are not paid orders."""
    given = lowered(headers)
    topic = given.get("x-wc-webhook-topic", "")
    delivery = given.get("x-wc-webhook-delivery-id")
    if topic not in TOPICS:
        return WebhookOrder(delivery, topic, None)
    body = load(raw)
    status = STATUSES.get(str(body.get("status")))
    return WebhookOrder(delivery, topic, order(body, status) if status else None)


def order(body: dict[str, Any], status: OrderStatus) -> MarketplaceOrder:
    """A WooCommerce order: `id`, `date_modified_gmt`, `line_items[]` with sku, product_id,
    variation_id and quantity."""
    if text(body.get("id")) is None or not isinstance(body.get("line_items"), list):
        raise MalformedOrder("a WooCommerce order has an id and line_items")
    lines = tuple(_line(item, n) for n, item in enumerate(body["line_items"]))
    modified = body.get("date_modified_gmt")
    return MarketplaceOrder(
        str(body["id"]), status, lines, iso(modified, "date_modified_gmt") if modified else None
    )


def _line(item: Any, n: int) -> OrderLine:
    if not isinstance(item, dict):
        raise MalformedOrder(f"line_items/{n} is not an object")
    ids = {
        name: value
        for name in ("product_id", "variation_id")
        if (value := text(item.get(name))) is not None
    }
    return OrderLine(text(item.get("sku")), ids, quantity(item.get("quantity"), f"line_items/{n}"))


WOOCOMMERCE = WebhookKind(
    signature_header=HEADER, sign=base64_hmac, verify=base64_check(HEADER), parse=parse
)

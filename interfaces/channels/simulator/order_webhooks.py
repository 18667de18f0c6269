"""How the simulated Shopify, WooCommerce and generic webhook marketplaces tell of an order:
the topic, the body in the marketplace's own order JSON, and the headers, signed with the
client-side functions stocksync checks them with."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

from interfaces.channels.orders import generic_webhook, shopify_webhook, woocommerce_webhook
from interfaces.channels.orders.webhook import base64_hmac
from interfaces.channels.simulator.delivery import Hooks
from interfaces.channels.simulator.orders import OrderStatus, SimLine, SimOrder

SHOPIFY_TOPICS = {
    "created": "orders/create",
    "cancelled": "orders/cancelled",
    "fulfilled": "orders/fulfilled",
}
WOO_STATUSES = {"created": "processing", "cancelled": "cancelled", "fulfilled": "completed"}


def _time(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).isoformat(timespec="seconds")


def _raw(body: dict[str, Any]) -> bytes:
    return json.dumps(body, separators=(",", ":")).encode()


def shopify_variant(line: SimLine) -> int | None:
    """The simulator's convention: variant N holds inventory item N (from the listing key)."""
    if not line.key or "InventoryItem/" not in line.key:
        return None
    return int(line.key.split("@")[0].rsplit("/", 1)[1])


def shopify(order: SimOrder, status: OrderStatus, secret: str) -> tuple[str, bytes, dict[str, str]]:
    """orders/create, orders/cancelled or orders/fulfilled with Shopify's order JSON."""
    topic = SHOPIFY_TOPICS[status]
    items = [
        {
            "id": order.number * 100 + n,
            "variant_id": shopify_variant(line),
            "sku": line.sku,
            "quantity": line.quantity,
            "title": line.sku or "item",
        }
        for n, line in enumerate(order.lines)
    ]
    body = {
        "id": int(order.order_id),
        "name": f"#{order.number}",
        "admin_graphql_api_id": f"gid://shopify/Order/{order.order_id}",
        "created_at": _time(order.created_at),
        "updated_at": _time(order.updated_at),
        "cancelled_at": _time(order.updated_at) if status == "cancelled" else None,
        "financial_status": "paid",
        "fulfillment_status": "fulfilled" if status == "fulfilled" else None,
        "line_items": items,
    }
    raw = _raw(body)
    headers = {
        "Content-Type": "application/json",
        "X-Shopify-Topic": topic,
        shopify_webhook.HEADER: base64_hmac(secret, raw),
        "X-Shopify-Shop-Domain": "stocksync-sim.myshopify.com",
        "X-Shopify-API-Version": "2026-07",
        "X-Shopify-Webhook-Id": str(uuid.uuid4()),
        "X-Shopify-Event-Id": str(uuid.uuid4()),
        "X-Shopify-Triggered-At": _time(order.updated_at),
    }
    return topic, raw, headers


def woocommerce(
    order: SimOrder, status: OrderStatus, secret: str
) -> tuple[str, bytes, dict[str, str]]:
    """order.created, then order.updated with the new status, with WooCommerce's order JSON."""
    topic = "order.created" if status == "created" else "order.updated"
    items = []
    for n, line in enumerate(order.lines):
        product, _, variation = (line.key or "0").partition("/")
        items.append(
            {
                "id": order.number * 100 + n,
                "product_id": int(product),
                "variation_id": int(variation or 0),
                "sku": line.sku or "",
                "quantity": line.quantity,
                "name": line.sku or "item",
            }
        )
    body = {
        "id": int(order.order_id),
        "status": WOO_STATUSES[status],
        "date_created_gmt": _time(order.created_at)[:19],
        "date_modified_gmt": _time(order.updated_at)[:19],
        "line_items": items,
    }
    raw = _raw(body)
    headers = {
        "Content-Type": "application/json",
        "X-WC-Webhook-Source": "http://sim.test/",
        "X-WC-Webhook-Topic": topic,
        "X-WC-Webhook-Resource": "order",
        "X-WC-Webhook-Event": topic.split(".")[1],
        "X-WC-Webhook-ID": "1",
        woocommerce_webhook.HEADER: base64_hmac(secret, raw),
        "X-WC-Webhook-Delivery-ID": uuid.uuid4().hex,
    }
    return topic, raw, headers


def generic(order: SimOrder, status: OrderStatus, secret: str) -> tuple[str, bytes, dict[str, str]]:
    """{order_id, status, lines: [{sku, quantity}], updated_at}, signed sha256=<hex>."""
    lines = [{"sku": line.sku or line.key, "quantity": line.quantity} for line in order.lines]
    body = {
        "order_id": order.order_id,
        "status": status,
        "lines": lines,
        "updated_at": _time(order.updated_at),
    }
    raw = _raw(body)
    headers = {
        "Content-Type": "application/json",
        generic_webhook.HEADER: generic_webhook.sign(secret, raw),
        "X-Stocksync-Delivery": uuid.uuid4().hex,
    }
    return status, raw, headers


# Shopify retries a failed delivery 8 times (over 4 hours there; `retry_delay` doubling here).
# WooCommerce does not retry a delivery: it counts failed deliveries and disables the webhook
# after 5 in a row (`woocommerce_max_webhook_delivery_failures`; WC_Webhook::failed_delivery).
SHOPIFY_HOOKS = Hooks(render=shopify, attempts=9)
WOOCOMMERCE_HOOKS = Hooks(render=woocommerce, attempts=1, disable_after=5)
GENERIC_HOOKS = Hooks(render=generic, attempts=5)

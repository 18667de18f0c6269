"""The generic `webhook` kind's orders: `X-Stocksync-Signature: sha256=<hex HMAC-SHA256 of the
raw body>`, and a body {order_id, status: created|cancelled|fulfilled, lines: [{sku, quantity}]}
(`updated_at`, ISO 8601, optional). `X-Stocksync-Delivery`, when sent, names the delivery."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from interfaces.channels.orders.order import (
    MalformedOrder,
    MarketplaceOrder,
    OrderLine,
    OrderStatus,
    iso,
    load,
    quantity,
)
from interfaces.channels.orders.webhook import Headers, WebhookKind, WebhookOrder, lowered, same

HEADER = "X-Stocksync-Signature"
STATUSES: tuple[OrderStatus, ...] = ("created", "cancelled", "fulfilled")


def sign(secret: str, raw: bytes) -> str:
    """The header value: sha256=<lowercase hex HMAC-SHA256(secret, raw body)>."""
    return "sha256=" + hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()


def verify(secret: str, headers: Headers, raw: bytes) -> bool:
    """Whether the delivery is signed with this secret."""
    return same(sign(secret, raw), lowered(headers).get(HEADER.lower(), ""))


def parse(headers: Headers, raw: bytes) -> WebhookOrder:
    """The delivery's order; every well-formed body is one."""
    body = load(raw)
    status = body.get("status")
    if status not in STATUSES:
        raise MalformedOrder(f"status must be one of {', '.join(STATUSES)}")
    delivery = lowered(headers).get("x-stocksync-delivery")
    return WebhookOrder(delivery, str(status), order(body, status))


def order(body: dict[str, Any], status: OrderStatus) -> MarketplaceOrder:
    """{order_id, lines: [{sku, quantity}]}: every line names its SKU."""
    order_id, lines = body.get("order_id"), body.get("lines")
    if not isinstance(order_id, str) or not order_id or not isinstance(lines, list) or not lines:
        raise MalformedOrder("an order has an order_id and at least one line")
    read = tuple(_line(line, n) for n, line in enumerate(lines))
    updated = iso(body["updated_at"], "updated_at") if body.get("updated_at") else None
    return MarketplaceOrder(order_id, status, read, updated)


def _line(line: Any, n: int) -> OrderLine:
    if not isinstance(line, dict) or not isinstance(line.get("sku"), str) or not line["sku"]:
        raise MalformedOrder(f"lines/{n} must name its sku")
    return OrderLine(line["sku"], {}, quantity(line.get("quantity"), f"lines/{n}"))


GENERIC = WebhookKind(signature_header=HEADER, sign=sign, verify=verify, parse=parse)

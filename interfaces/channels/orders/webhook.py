"""What the future webhook route calls, per channel kind: `verify(secret, headers, raw)` (a
constant-time signature check over the raw body) and `parse(headers, raw)`, which gives the
delivery's id and topic and the order, or no order for a topic or status that changes nothing."""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from interfaces.channels.orders.order import MarketplaceOrder


@dataclass(frozen=True)
class WebhookOrder:
    """One delivery: its id when the marketplace gives one (to drop repeats), its topic, and the
    order (None: a topic or status stocksync does not act on, such as an unpaid order)."""

    delivery_id: str | None
    topic: str
    order: MarketplaceOrder | None


Headers = Mapping[str, str]


@dataclass(frozen=True)
class WebhookKind:
    """A channel kind that pushes its orders: how they are signed, checked and read."""

    signature_header: str
    sign: Callable[[str, bytes], str]
    verify: Callable[[str, Headers, bytes], bool]
    parse: Callable[[Headers, bytes], WebhookOrder]


def lowered(headers: Headers) -> dict[str, str]:
    """Header names in lower case (HTTP header names are case-insensitive)."""
    return {name.lower(): value for name, value in headers.items()}


def base64_hmac(secret: str, raw: bytes) -> str:
    """Base64 of HMAC-SHA256(secret, raw body): Shopify's and WooCommerce's signature."""
    digest = hmac.new(secret.encode(), raw, hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def same(expected: str, given: str) -> bool:
    """A constant-time comparison of two signatures."""
    return hmac.compare_digest(expected.encode(), given.encode())


def base64_check(header: str) -> Callable[[str, Headers, bytes], bool]:
    """The check of a base64 HMAC-SHA256 signature of the raw body sent in `header`."""

    def verify(secret: str, headers: Headers, raw: bytes) -> bool:
        return same(base64_hmac(secret, raw), lowered(headers).get(header.lower(), ""))

    return verify

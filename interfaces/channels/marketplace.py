"""The marketplace kinds by name, and the types the adapter runner works with.

The runner calls `registry[kind].push(client, connection, updates)` with at most
`max_batch` updates, and acts on Throttled / Unavailable (retry after `retry_after`)
and Rejected (give up on the batch).
"""

from __future__ import annotations

from interfaces.channels.amazon import Amazon
from interfaces.channels.contract import (
    Connection,
    Marketplace,
    MarketplaceError,
    Rejected,
    Result,
    Status,
    Throttled,
    Unavailable,
    Update,
)
from interfaces.channels.ebay import Ebay
from interfaces.channels.lazada import Lazada
from interfaces.channels.shopee import Shopee
from interfaces.channels.shopify import Shopify
from interfaces.channels.tiktok import TikTok
from interfaces.channels.webhook import Webhook
from interfaces.channels.woocommerce import WooCommerce

__all__ = [
    "Connection",
    "Marketplace",
    "MarketplaceError",
    "Rejected",
    "Result",
    "Status",
    "Throttled",
    "Unavailable",
    "Update",
    "listing_fields",
    "marketplace",
    "optional_listing_fields",
    "registry",
]

_kinds: list[Marketplace] = [
    Shopify(),
    Amazon(),
    Shopee(),
    WooCommerce(),
    Webhook(),
    Ebay(),
    Lazada(),
    TikTok(),
]
registry: dict[str, Marketplace] = {kind.kind: kind for kind in _kinds}


def marketplace(kind: str) -> Marketplace:
    """The marketplace of a kind; KeyError names the known kinds."""
    try:
        return registry[kind]
    except KeyError:
        raise KeyError(f"unknown marketplace kind {kind!r}; known: {', '.join(registry)}") from None


def listing_fields(kind: str) -> tuple[str, ...]:
    """The marketplace ids a listing of this kind must have."""
    return marketplace(kind).listing_fields


def optional_listing_fields(kind: str) -> tuple[str, ...]:
    """The marketplace ids a listing of this kind may have besides the required ones."""
    return marketplace(kind).optional_listing_fields

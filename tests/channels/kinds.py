"""Per kind: test secrets, fresh listings (unique ids per test) and their simulator keys."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Coroutine
from typing import Any, TypeVar

import httpx

from interfaces.channels.marketplace import Connection, Marketplace, Result, Update, registry
from tests import refs

T = TypeVar("T")

SECRETS: dict[str, dict[str, str]] = {
    "shopify": {"access_token": "shpat_test_token"},
    "amazon": {"access_token": "Atza|test-lwa-token"},
    "shopee": {
        "partner_id": "2001887",
        "partner_key": "shpk-test-partner-key",
        "shop_id": "600123",
        "access_token": "shopee-test-access-token",
    },
    "woocommerce": {"consumer_key": "ck_test", "consumer_secret": "cs_test"},
    "webhook": {"signing_secret": "whsec_test"},
    "ebay": {"access_token": "v^1.1#i^1#test-user-token"},
    "lazada": {"app_key": "100123", "app_secret": "lzd-test-secret", "access_token": "lzd-token"},
    "tiktok": {
        "app_key": "6a1test",
        "app_secret": "tts-test-secret",
        "access_token": "TTP_test_token",
        "shop_cipher": "ROW_test_cipher",
    },
}


def number() -> str:
    """A fresh positive id."""
    return str(random.randint(1, 10**12))


def listing(kind: str, variation: bool = False) -> dict[str, str]:
    """A fresh listing of a kind (a variation, for WooCommerce, when asked)."""
    if kind == "shopify":
        return {"inventory_item_id": number(), "location_id": number()}
    if kind == "amazon":
        return {
            "seller_id": "A2TEST" + number(),
            "marketplace_id": "ATVPDKIKX0DER",
            "product_type": "PRODUCT",
        }
    if kind == "shopee":
        return {"item_id": number(), "model_id": number()}
    if kind == "woocommerce":
        return {"product_id": number(), **({"variation_id": number()} if variation else {})}
    if kind == "ebay":
        return {"offer_id": number()}
    if kind == "lazada":
        return {"item_id": number(), "sku_id": number()}
    if kind == "tiktok":
        return {"product_id": number(), "sku_id": number(), "warehouse_id": "7001"}
    return {}


def key(kind: str, update: Update) -> str:
    """The simulator's listing key for an update."""
    ids = update.listing
    if kind == "shopify":
        item, location = ids["inventory_item_id"], ids["location_id"]
        return f"gid://shopify/InventoryItem/{item}@gid://shopify/Location/{location}"
    if kind == "amazon":
        return f"{ids['seller_id']}/{update.sku}"
    if kind == "shopee":
        return f"{ids['item_id']}/{ids['model_id']}"
    if kind == "woocommerce":
        return "/".join(ids[name] for name in ("product_id", "variation_id") if name in ids)
    if kind == "ebay":
        return ids["offer_id"]
    if kind == "lazada":
        return f"{ids['item_id']}/{ids['sku_id']}"
    if kind == "tiktok":
        return f"{ids['product_id']}/{ids['sku_id']}@{ids['warehouse_id']}"
    return update.sku


def update(
    kind: str, available: int, position: int = 1, last_confirmed: int | None = None, **ids: str
) -> Update:
    """An update of a fresh SKU on a fresh listing (ids override the listing's)."""
    return Update(
        channel="shop",
        sku=refs.sku(),
        available=available,
        position=position,
        listing={**listing(kind), **ids},
        last_confirmed=last_confirmed,
        reference=f"stocksync://events/{position}",
    )


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to completion (tests stay synchronous)."""
    return asyncio.run(coroutine)


def push(
    connection: Connection, updates: list[Update], marketplace: Marketplace | None = None
) -> list[Result]:
    """Push through a kind's real `push`, with a real httpx client."""

    async def go() -> list[Result]:
        async with httpx.AsyncClient(timeout=10) as client:
            chosen = marketplace or registry[connection.kind]
            return await chosen.push(client, connection, updates)

    return run(go())

"""Per marketplace kind: the secrets a simulator and an adapter share, the marketplace ids of a
listing, and the key the simulator shows that listing under (see interfaces/channels/simulator)."""

from __future__ import annotations

from dataclasses import dataclass

KINDS = ("shopify", "amazon", "shopee", "woocommerce", "webhook", "ebay", "lazada", "tiktok")
SECRETS: dict[str, dict[str, str]] = {
    "shopify": {"access_token": "shpat-e2e-0001"},
    "amazon": {"access_token": "Atza|e2e-0001"},
    "shopee": {
        "partner_id": "2001",
        "partner_key": "shopee-partner-key-e2e",
        "shop_id": "3001",
        "access_token": "shopee-token-e2e",
    },
    "woocommerce": {"consumer_key": "ck_e2e0001", "consumer_secret": "cs_e2e0001"},
    "webhook": {"signing_secret": "whsec-e2e-0001"},
    "ebay": {"access_token": "v^1.1#e2e-0001"},
    "lazada": {"app_key": "100e2e", "app_secret": "lazada-secret-e2e", "access_token": "lzd-e2e"},
    "tiktok": {
        "app_key": "6e2e",
        "app_secret": "tiktok-secret-e2e",
        "access_token": "TTP_e2e",
        "shop_cipher": "ROW_e2e",
    },
}
WEBHOOK_PATH = "/hooks/stock"


@dataclass(frozen=True)
class Listing:
    """One SKU as a marketplace knows it."""

    sku: str
    ids: dict[str, str]
    key: str


def listing(kind: str, sku: str, n: int) -> Listing:
    """The n-th SKU's listing on a marketplace of `kind` (ids unique per n)."""
    if kind == "shopify":
        item, location = f"gid://shopify/InventoryItem/{1000 + n}", "gid://shopify/Location/1"
        return Listing(
            sku, {"inventory_item_id": item, "location_id": location}, f"{item}@{location}"
        )
    if kind == "amazon":
        ids = {
            "seller_id": "A2E2ESELLER",
            "marketplace_id": "ATVPDKIKX0DER",
            "product_type": "SHIRT",
        }
        return Listing(sku, ids, f"A2E2ESELLER/{sku}")
    if kind == "shopee":
        # Two models per item: one update_stock request per item, carrying its models.
        item, model = str(800000 + n // 2), str(5000 + n)
        return Listing(sku, {"item_id": item, "model_id": model}, f"{item}/{model}")
    if kind == "woocommerce":
        return Listing(sku, {"product_id": str(300 + n)}, str(300 + n))
    if kind == "webhook":
        return Listing(sku, {}, sku)
    return regional(kind, sku, n)


def regional(kind: str, sku: str, n: int) -> Listing:
    """eBay, Lazada and TikTok Shop listings (two SKUs per TikTok product: one call each)."""
    if kind == "ebay":
        return Listing(sku, {"offer_id": str(9000 + n)}, str(9000 + n))
    if kind == "lazada":
        item, sku_id = str(600 + n), str(7000 + n)
        return Listing(sku, {"item_id": item, "sku_id": sku_id}, f"{item}/{sku_id}")
    if kind == "tiktok":
        product, sku_id = str(1700 + n // 2), str(1800 + n)
        ids = {"product_id": product, "sku_id": sku_id, "warehouse_id": "W1"}
        return Listing(sku, ids, f"{product}/{sku_id}@W1")
    raise ValueError(f"unknown kind {kind!r}")


def env_names(channel: str, kind: str) -> dict[str, str]:
    """The environment variable that holds each of the channel's secrets: {name: VARIABLE}."""
    prefix = "".join(ch if ch.isalnum() else "_" for ch in channel).upper()
    return {name: f"{prefix}_{name.upper()}" for name in SECRETS[kind]}


def env_values(channel: str, kind: str, secrets: dict[str, str] | None = None) -> dict[str, str]:
    """{VARIABLE: value} for the channel's secrets (the kind's defaults unless given)."""
    values = secrets or SECRETS[kind]
    return {variable: values[name] for name, variable in env_names(channel, kind).items()}

"""A channel's connection to its marketplace: where, how fast, and the NAMES of the environment
variables holding its secrets. The secrets themselves never enter the log: events are forever."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from domain.errors import InvalidCommand

ENV_NAME = re.compile(r"^[A-Z_][A-Z0-9_]{0,127}$")
URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$")


def check_connection(connection: Mapping[str, Any]) -> None:
    """A base URL, a positive rate limit and burst, and secrets given as env var names."""
    unknown = set(connection) - {"base_url", "rate_limit", "burst", "secrets"}
    if unknown:
        raise InvalidCommand(f"unknown connection fields: {', '.join(sorted(unknown))}")
    if not URL.match(str(connection.get("base_url", ""))):
        raise InvalidCommand("connection.base_url must be an http(s) URL")
    rate = connection.get("rate_limit")
    if not isinstance(rate, int | float) or isinstance(rate, bool) or rate <= 0:
        raise InvalidCommand("connection.rate_limit must be a number of requests/s above 0")
    burst = connection.get("burst", 1)
    if not isinstance(burst, int) or isinstance(burst, bool) or burst < 1:
        raise InvalidCommand("connection.burst must be a whole number, 1 or more")
    for name, env in dict(connection.get("secrets") or {}).items():
        if not isinstance(env, str) or not ENV_NAME.match(env):
            raise InvalidCommand(
                f"connection.secrets.{name} must name an environment variable (A-Z, 0-9, _), "
                "never hold the secret itself"
            )


# The marketplace's ids a listing needs, per channel kind (optional ones are not listed).
LISTING_FIELDS: dict[str, tuple[str, ...]] = {
    "shopify": ("inventory_item_id", "location_id"),
    "amazon": ("seller_id", "marketplace_id", "product_type"),
    "shopee": ("item_id", "model_id"),
    "woocommerce": ("product_id",),
    "webhook": (),
    "ebay": ("offer_id",),
    "lazada": ("item_id", "sku_id"),
    "tiktok": ("product_id", "sku_id", "warehouse_id"),
}
# variant_id (Shopify), seller_sku (Lazada) and inventory_sku (eBay) are what the marketplace's
# orders name a line by when it carries no SKU; inventory_sku is also eBay's SKU when it differs.
OPTIONAL_LISTING_FIELDS: dict[str, tuple[str, ...]] = {
    "shopify": ("variant_id",),
    "shopee": ("location_id",),
    "woocommerce": ("variation_id",),
    "ebay": ("inventory_sku",),
    "lazada": ("seller_sku",),
}


def check_identifiers(kind: str, identifiers: Mapping[str, str]) -> None:
    """A listing names every id its marketplace needs, and nothing unknown."""
    required = LISTING_FIELDS.get(kind, ())
    allowed = {*required, *OPTIONAL_LISTING_FIELDS.get(kind, ())}
    missing = [name for name in required if not identifiers.get(name)]
    if missing:
        raise InvalidCommand(f"a {kind} listing needs {', '.join(missing)}")
    unknown = sorted(set(identifiers) - allowed)
    if unknown:
        raise InvalidCommand(f"a {kind} listing has no field(s) {', '.join(unknown)}")

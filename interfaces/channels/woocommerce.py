"""WooCommerce REST API v3: `POST /wp-json/wc/v3/products/batch` (variations:
`/products/{product_id}/variations/batch`), {update: [{id, manage_stock, stock_quantity}]},
at most 100 items a request, HTTP Basic auth with the consumer key and secret."""

from __future__ import annotations

import base64
from typing import Any

import httpx

from domain.connection import LISTING_FIELDS, OPTIONAL_LISTING_FIELDS
from interfaces.channels.contract import Connection, Result, Update, missing_fields, partition
from interfaces.channels.exchange import body, exchange

PRODUCTS = "/wp-json/wc/v3/products/batch"
VARIATIONS = "/wp-json/wc/v3/products/{product_id}/variations/batch"


class WooCommerce:
    """Self-hosted stores have no fixed rate limit; the default is a polite one."""

    kind = "woocommerce"
    max_batch = 100
    secret_names = ("consumer_key", "consumer_secret")
    listing_fields = LISTING_FIELDS["woocommerce"]
    optional_listing_fields = OPTIONAL_LISTING_FIELDS.get("woocommerce", ())
    default_rate_limit = 5.0
    default_burst = 5

    async def push(
        self, client: httpx.AsyncClient, connection: Connection, updates: list[Update]
    ) -> list[Result]:
        """One batch for simple products, one per parent product for variations."""
        outcome, paths = partition(
            updates,
            lambda u: missing_fields(u, self.listing_fields) or _not_integers(u),
            batch_path,
        )
        for path, members in paths.items():
            batch = [updates[n] for n in members]
            answer = await self._send(client, connection, path, batch)
            outcome.update(zip(members, batch_results(batch, answer), strict=True))
        return [outcome[n] for n in range(len(updates))]

    async def _send(
        self, client: httpx.AsyncClient, connection: Connection, path: str, batch: list[Update]
    ) -> Any:
        key, secret = (connection.secrets.get(name, "") for name in self.secret_names)
        url = connection.base_url.rstrip("/") + path
        headers = {"Authorization": basic_auth(key, secret)}
        request = client.build_request("POST", url, json=batch_body(batch), headers=headers)
        return body(await exchange(client, request))


def basic_auth(consumer_key: str, consumer_secret: str) -> str:
    """The Authorization header value: Basic base64(key:secret)."""
    return "Basic " + base64.b64encode(f"{consumer_key}:{consumer_secret}".encode()).decode()


def batch_path(update: Update) -> str:
    """Where this update's batch goes: the products batch, or its parent's variations batch."""
    if update.listing.get("variation_id"):
        return VARIATIONS.format(product_id=int(update.listing["product_id"]))
    return PRODUCTS


def item_id(update: Update) -> int:
    """The id WooCommerce knows the item by: the variation's, else the product's."""
    return int(update.listing.get("variation_id") or update.listing["product_id"])


def batch_body(batch: list[Update]) -> dict[str, Any]:
    """{update: [{id, manage_stock: true, stock_quantity}]}."""
    return {
        "update": [
            {"id": item_id(update), "manage_stock": True, "stock_quantity": update.available}
            for update in batch
        ]
    }


def batch_results(batch: list[Update], answer: Any) -> list[Result]:
    """Read {update: [...]}, in request order: an item is a product, or {id, error}."""
    items = answer.get("update") if isinstance(answer, dict) else None
    if not isinstance(items, list) or len(items) != len(batch):
        return [Result(update.sku, "failed", "unexpected batch answer") for update in batch]
    results = []
    for update, item in zip(batch, items, strict=True):
        error = item.get("error") if isinstance(item, dict) else "not an object"
        if error:
            results.append(Result(update.sku, "rejected", _error_detail(error)))
        elif item.get("id") != item_id(update):
            results.append(Result(update.sku, "failed", f"answer for id {item.get('id')}"))
        else:
            results.append(Result(update.sku, "applied"))
    return results


def _not_integers(update: Update) -> Result | None:
    listing = update.listing
    names = [
        name for name in ("product_id", "variation_id") if not listing.get(name, "0").isdigit()
    ]
    if not names:
        return None
    return Result(update.sku, "rejected", f"listing {', '.join(names)} must be whole numbers")


def _error_detail(error: Any) -> str:
    if isinstance(error, dict):
        return f"{error.get('code')}: {error.get('message')}"
    return str(error)

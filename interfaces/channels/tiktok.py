"""TikTok Shop Partner API 202309: `POST /product/202309/products/{product_id}/inventory/update`
with {skus: [{id, inventory: [{warehouse_id, quantity}]}]}, one request per product. Signed:
`sign` = hex HMAC-SHA256(app_secret, app_secret + path + sorted query name+value pairs (without
sign and access_token) + raw body + app_secret); the token goes in `x-tts-access-token`."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Callable, Mapping
from typing import Any

import httpx

from domain.connection import LISTING_FIELDS, OPTIONAL_LISTING_FIELDS
from interfaces.channels.contract import Connection, Result, Update, missing_fields, partition
from interfaces.channels.exchange import body, exchange

PATH = "/product/202309/products/{product_id}/inventory/update"
TOKEN_HEADER = "x-tts-access-token"
UNSIGNED = {"sign", "access_token"}


def sign(app_secret: str, path: str, query: Mapping[str, str], raw: bytes) -> str:
    """The `sign` query parameter (lowercase hex)."""
    pairs = "".join(f"{name}{query[name]}" for name in sorted(query) if name not in UNSIGNED)
    base = f"{app_secret}{path}{pairs}".encode() + raw + app_secret.encode()
    return hmac.new(app_secret.encode(), base, hashlib.sha256).hexdigest()


def signed_request(
    client: httpx.AsyncClient,
    connection: Connection,
    path: str,
    timestamp: int,
    document: Any,
    extra: Mapping[str, str] | None = None,
) -> httpx.Request:
    """A signed POST of a JSON document to a shop-level API path."""
    secrets = connection.secrets
    query = {
        "app_key": secrets.get("app_key", ""),
        "shop_cipher": secrets.get("shop_cipher", ""),
        "timestamp": str(timestamp),
        **(extra or {}),
    }
    raw = json.dumps(document, separators=(",", ":")).encode()
    query["sign"] = sign(secrets.get("app_secret", ""), path, query, raw)
    headers = {TOKEN_HEADER: secrets.get("access_token", ""), "Content-Type": "application/json"}
    url = connection.base_url.rstrip("/") + path
    return client.build_request("POST", url, params=query, content=raw, headers=headers)


class TikTok:
    """The shop_cipher names the shop; it travels as a secret like Shopee's shop_id."""

    kind = "tiktok"
    max_batch = 50
    secret_names = ("app_key", "app_secret", "access_token", "shop_cipher")
    listing_fields = LISTING_FIELDS["tiktok"]
    optional_listing_fields = OPTIONAL_LISTING_FIELDS.get("tiktok", ())
    default_rate_limit = 10.0
    default_burst = 10

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock

    async def push(
        self, client: httpx.AsyncClient, connection: Connection, updates: list[Update]
    ) -> list[Result]:
        """One request per product, carrying all its SKUs."""
        outcome, products = partition(
            updates,
            lambda u: missing_fields(u, self.listing_fields),
            lambda u: u.listing["product_id"],
        )
        for product, members in products.items():
            batch = [updates[n] for n in members]
            path = PATH.format(product_id=product)
            request = signed_request(
                client, connection, path, int(self._clock()), inventory_body(batch)
            )
            answer = body(await exchange(client, request))
            outcome.update(zip(members, inventory_results(batch, answer), strict=True))
        return [outcome[n] for n in range(len(updates))]


def inventory_body(batch: list[Update]) -> dict[str, Any]:
    """{skus: [{id, inventory: [{warehouse_id, quantity}]}]}."""
    return {
        "skus": [
            {
                "id": update.listing["sku_id"],
                "inventory": [
                    {"warehouse_id": update.listing["warehouse_id"], "quantity": update.available}
                ],
            }
            for update in batch
        ]
    }


def inventory_results(batch: list[Update], answer: Any) -> list[Result]:
    """Read {code, message, request_id, data}: code 0 applies every SKU of the request; any
    other code refuses all of them."""
    if not isinstance(answer, dict) or "code" not in answer:
        return [Result(update.sku, "failed", "unexpected answer") for update in batch]
    if answer["code"] == 0:
        return [Result(update.sku, "applied") for update in batch]
    detail = f"{answer['code']}: {answer.get('message', '')}"
    return [Result(update.sku, "rejected", detail) for update in batch]

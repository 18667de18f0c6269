"""Shopee Open Platform v2: `POST /api/v2/product/update_stock`, one item per request with many
models, signed with HMAC-SHA256(partner_key, partner_id + path + timestamp + access_token +
shop_id). The request shape is described in specs/shopee_update_stock.schema.json."""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Callable
from typing import Any

import httpx

from domain.connection import LISTING_FIELDS, OPTIONAL_LISTING_FIELDS
from interfaces.channels.contract import (
    Connection,
    Result,
    Status,
    Update,
    missing_fields,
    partition,
)
from interfaces.channels.exchange import body, exchange

PATH = "/api/v2/product/update_stock"
SERVER_ERRORS = {"error_server", "error_inner", "error_system_busy"}


def sign(
    partner_key: str, partner_id: str, path: str, timestamp: int, token: str, shop: str
) -> str:
    """The `sign` query parameter of a shop-level API call (lowercase hex)."""
    base = f"{partner_id}{path}{timestamp}{token}{shop}"
    return hmac.new(partner_key.encode(), base.encode(), hashlib.sha256).hexdigest()


def common_params(secrets: dict[str, str], path: str, timestamp: int) -> dict[str, str]:
    """partner_id, timestamp, access_token, shop_id and sign: the query of a shop-level call."""
    partner, token, shop = (
        secrets.get(name, "") for name in ("partner_id", "access_token", "shop_id")
    )
    signature = sign(secrets.get("partner_key", ""), partner, path, timestamp, token, shop)
    return {
        "partner_id": partner,
        "timestamp": str(timestamp),
        "access_token": token,
        "shop_id": shop,
        "sign": signature,
    }


class Shopee:
    """partner_id and shop_id travel as secrets too: they are per-connection settings."""

    kind = "shopee"
    max_batch = 50
    secret_names = ("partner_id", "partner_key", "shop_id", "access_token")
    listing_fields = LISTING_FIELDS["shopee"]
    optional_listing_fields = OPTIONAL_LISTING_FIELDS.get("shopee", ())
    default_rate_limit = 10.0
    default_burst = 10

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock

    async def push(
        self, client: httpx.AsyncClient, connection: Connection, updates: list[Update]
    ) -> list[Result]:
        """One request per distinct item_id, carrying all its models."""
        outcome, items = partition(
            updates,
            lambda u: missing_fields(u, self.listing_fields) or _not_integers(u),
            lambda u: int(u.listing["item_id"]),
        )
        for item_id, members in items.items():
            batch = [updates[n] for n in members]
            answer = await self._send(client, connection, item_id, batch)
            outcome.update(zip(members, stock_results(batch, answer), strict=True))
        return [outcome[n] for n in range(len(updates))]

    async def _send(
        self, client: httpx.AsyncClient, connection: Connection, item_id: int, batch: list[Update]
    ) -> Any:
        params = common_params(connection.secrets, PATH, int(self._clock()))
        url = connection.base_url.rstrip("/") + PATH
        request = client.build_request("POST", url, params=params, json=stock_body(item_id, batch))
        return body(await exchange(client, request))


def stock_body(item_id: int, batch: list[Update]) -> dict[str, Any]:
    """{item_id, stock_list: [{model_id, seller_stock: [{location_id?, stock}]}]}."""
    stock_list = []
    for update in batch:
        stock: dict[str, Any] = {"stock": update.available}
        if update.listing.get("location_id"):
            stock = {"location_id": update.listing["location_id"], **stock}
        stock_list.append({"model_id": int(update.listing["model_id"]), "seller_stock": [stock]})
    return {"item_id": item_id, "stock_list": stock_list}


def stock_results(batch: list[Update], answer: Any) -> list[Result]:
    """Read {error, message, response: {success_list, failure_list}} per model."""
    answer = answer if isinstance(answer, dict) else {"error": "error_unreadable"}
    if answer.get("error"):
        status: Status = "failed" if answer["error"] in SERVER_ERRORS else "rejected"
        detail = f"{answer['error']}: {answer.get('message', '')}"
        return [Result(update.sku, status, detail) for update in batch]
    response = answer.get("response") or {}
    succeeded = {entry.get("model_id") for entry in response.get("success_list") or []}
    failed = {e.get("model_id"): e.get("failed_reason") for e in response.get("failure_list") or []}
    results = []
    for update in batch:
        model_id = int(update.listing["model_id"])
        if model_id in failed:
            results.append(Result(update.sku, "rejected", str(failed[model_id])))
        elif model_id in succeeded:
            results.append(Result(update.sku, "applied"))
        else:
            results.append(Result(update.sku, "failed", "model missing from Shopee's answer"))
    return results


def _not_integers(update: Update) -> Result | None:
    names = [name for name in ("item_id", "model_id") if not update.listing[name].isdigit()]
    if not names:
        return None
    return Result(update.sku, "rejected", f"listing {', '.join(names)} must be whole numbers")

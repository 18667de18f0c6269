"""Lazada Open Platform: `POST /product/stock/sellable/update` (UpdateSellableQuantity), an XML
`payload` of up to 50 SKUs that overrides each one's sellable quantity, signed with the app
secret: HMAC-SHA256 over the API path followed by every parameter, sorted by name, as
name+value; uppercase hex. System parameters travel in the query, `payload` in the form body."""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Callable, Mapping
from typing import Any
from xml.etree import ElementTree

import httpx

from domain.connection import LISTING_FIELDS, OPTIONAL_LISTING_FIELDS
from interfaces.channels.contract import (
    Connection,
    Result,
    Throttled,
    Unavailable,
    Update,
    missing_fields,
    partition,
)
from interfaces.channels.exchange import body, exchange

PATH = "/product/stock/sellable/update"
THROTTLED = {"ApiCallLimit", "AppApiCallLimit", "SellerCallLimit"}
SERVER_ERRORS = {"InternalError", "ServiceTimeout", "ServiceUnavailable"}


def sign(app_secret: str, path: str, params: Mapping[str, str]) -> str:
    """The `sign` parameter: uppercase hex HMAC-SHA256 of path + sorted name+value pairs."""
    base = path + "".join(f"{name}{params[name]}" for name in sorted(params) if name != "sign")
    return hmac.new(app_secret.encode(), base.encode(), hashlib.sha256).hexdigest().upper()


def system_params(secrets: Mapping[str, str], timestamp_ms: int) -> dict[str, str]:
    """app_key, access_token, sign_method and timestamp (milliseconds): the signed query."""
    return {
        "app_key": secrets.get("app_key", ""),
        "access_token": secrets.get("access_token", ""),
        "sign_method": "sha256",
        "timestamp": str(timestamp_ms),
    }


def signed_query(
    secrets: Mapping[str, str], path: str, timestamp_ms: int, api: Mapping[str, str]
) -> dict[str, str]:
    """The system parameters with the `sign` over them and the API parameters."""
    query = system_params(secrets, timestamp_ms)
    query["sign"] = sign(secrets.get("app_secret", ""), path, {**query, **api})
    return query


class Lazada:
    """Lazada allows a seller 50 inventory calls a second; the default stays well below."""

    kind = "lazada"
    max_batch = 50
    secret_names = ("app_key", "app_secret", "access_token")
    listing_fields = LISTING_FIELDS["lazada"]
    optional_listing_fields = OPTIONAL_LISTING_FIELDS.get("lazada", ())
    default_rate_limit = 20.0
    default_burst = 20

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock

    async def push(
        self, client: httpx.AsyncClient, connection: Connection, updates: list[Update]
    ) -> list[Result]:
        """One signed call for the whole batch."""
        outcome, calls = partition(
            updates, lambda u: missing_fields(u, self.listing_fields), lambda _: PATH
        )
        for sending in calls.values():
            batch = [updates[n] for n in sending]
            form = {"payload": payload(batch)}
            query = signed_query(connection.secrets, PATH, int(self._clock() * 1000), form)
            url = connection.base_url.rstrip("/") + PATH
            request = client.build_request("POST", url, params=query, data=form)
            answer = body(await exchange(client, request))
            outcome.update(zip(sending, stock_results(batch, answer), strict=True))
        return [outcome[n] for n in range(len(updates))]


def payload(batch: list[Update]) -> str:
    """<Request><Product><Skus><Sku><ItemId/><SkuId/><SellerSku/>?<SellableQuantity/></Sku>..."""
    request = ElementTree.Element("Request")
    skus = ElementTree.SubElement(ElementTree.SubElement(request, "Product"), "Skus")
    for update in batch:
        sku = ElementTree.SubElement(skus, "Sku")
        ElementTree.SubElement(sku, "ItemId").text = update.listing["item_id"]
        ElementTree.SubElement(sku, "SkuId").text = update.listing["sku_id"]
        if update.listing.get("seller_sku"):
            ElementTree.SubElement(sku, "SellerSku").text = update.listing["seller_sku"]
        ElementTree.SubElement(sku, "SellableQuantity").text = str(update.available)
    return ElementTree.tostring(request, encoding="unicode")


def stock_results(batch: list[Update], answer: Any) -> list[Result]:
    """Read {code, message, detail: [{sku_id, message}]}: code "0" applies the whole payload;
    otherwise nothing was applied, and the SKUs `detail` names are refused."""
    answer = answer if isinstance(answer, dict) else {"code": "Unreadable"}
    code = str(answer.get("code", ""))
    if code == "0":
        return [Result(update.sku, "applied") for update in batch]
    message = f"{code}: {answer.get('message', '')}"
    if code in THROTTLED:
        raise Throttled(None, message)
    if code in SERVER_ERRORS:
        raise Unavailable(None, message)
    named = {
        str(entry.get("sku_id")): str(entry.get("message", ""))
        for entry in answer.get("detail") or []
        if isinstance(entry, dict)
    }
    if not named:
        return [Result(update.sku, "rejected", message) for update in batch]
    return [
        Result(u.sku, "rejected", named[u.listing["sku_id"]])
        if u.listing["sku_id"] in named
        else Result(u.sku, "failed", f"not applied: {message}")
        for u in batch
    ]

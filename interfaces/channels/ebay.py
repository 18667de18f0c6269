"""eBay Sell Inventory API v1: `POST /sell/inventory/v1/bulk_update_price_quantity`, up to 25
requests a call, each setting one inventory item's ship-to-home quantity and its offer's
available quantity; an OAuth user token as `Authorization: Bearer`. The request shape is checked
against specs/ebay_sell-inventory-v1_bulk_update_price_quantity.json."""

from __future__ import annotations

from typing import Any

import httpx

from domain.connection import LISTING_FIELDS, OPTIONAL_LISTING_FIELDS
from interfaces.channels.contract import Connection, Result, Update, missing_fields, partition
from interfaces.channels.exchange import body, exchange

PATH = "/sell/inventory/v1/bulk_update_price_quantity"


class Ebay:
    """eBay documents a daily call limit, not a per-second one; the default is a polite rate."""

    kind = "ebay"
    max_batch = 25
    secret_names = ("access_token",)
    listing_fields = LISTING_FIELDS["ebay"]
    optional_listing_fields = OPTIONAL_LISTING_FIELDS.get("ebay", ())
    default_rate_limit = 5.0
    default_burst = 5

    async def push(
        self, client: httpx.AsyncClient, connection: Connection, updates: list[Update]
    ) -> list[Result]:
        """One call for the whole batch; each request is answered by its own status code."""
        outcome, calls = partition(
            updates, lambda u: missing_fields(u, self.listing_fields), lambda _: PATH
        )
        for sending in calls.values():
            batch = [updates[n] for n in sending]
            request = client.build_request(
                "POST",
                connection.base_url.rstrip("/") + PATH,
                json=bulk_body(batch),
                headers={"Authorization": f"Bearer {connection.secrets.get('access_token', '')}"},
            )
            answer = body(await exchange(client, request))
            outcome.update(zip(sending, bulk_results(batch, answer), strict=True))
        return [outcome[n] for n in range(len(updates))]


def inventory_sku(update: Update) -> str:
    """The SKU eBay knows the inventory item by: the listing's, else ours."""
    return update.listing.get("inventory_sku") or update.sku


def bulk_body(batch: list[Update]) -> dict[str, Any]:
    """{requests: [{sku, shipToLocationAvailability: {quantity}, offers: [{offerId,
    availableQuantity}]}]}: the channel's figure is both the item's and the offer's quantity."""
    return {
        "requests": [
            {
                "sku": inventory_sku(update),
                "shipToLocationAvailability": {"quantity": update.available},
                "offers": [
                    {"offerId": update.listing["offer_id"], "availableQuantity": update.available}
                ],
            }
            for update in batch
        ]
    }


def bulk_results(batch: list[Update], answer: Any) -> list[Result]:
    """Read {responses: [{offerId, sku, statusCode, errors}]}: an update is applied when every
    response naming its offer (or, without one, its SKU) says 200."""
    responses = answer.get("responses") if isinstance(answer, dict) else None
    if not isinstance(responses, list):
        return [Result(update.sku, "failed", "unexpected bulk answer") for update in batch]
    return [_result(update, responses) for update in batch]


def _result(update: Update, responses: list[Any]) -> Result:
    offer, sku = update.listing["offer_id"], inventory_sku(update)
    mine = [
        entry
        for entry in responses
        if isinstance(entry, dict)
        and (entry.get("offerId") == offer or ("offerId" not in entry and entry.get("sku") == sku))
    ]
    if not mine:
        return Result(update.sku, "failed", f"offer {offer} missing from eBay's answer")
    codes = [int(entry.get("statusCode") or 0) for entry in mine]
    if all(code == 200 for code in codes):
        return Result(update.sku, "applied")
    detail = "; ".join(_errors(entry) for entry in mine if entry.get("statusCode") != 200)
    if any(code >= 500 or code in (0, 429) for code in codes):
        return Result(update.sku, "failed", detail)
    return Result(update.sku, "rejected", detail)


def _errors(entry: dict[str, Any]) -> str:
    errors = entry.get("errors") or []
    text = ", ".join(
        f"{e.get('errorId')}: {e.get('message')}" for e in errors if isinstance(e, dict)
    )
    return f"HTTP {entry.get('statusCode')} {text}".strip()

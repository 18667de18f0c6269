"""Amazon SP-API Listings Items 2021-08-01: `patchListingsItem`, one SKU per request, a JSON
Patch replacing `/attributes/fulfillment_availability`; LWA token in `x-amz-access-token`."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import httpx

from domain.connection import LISTING_FIELDS, OPTIONAL_LISTING_FIELDS
from interfaces.channels.contract import Connection, Result, Update, missing_fields
from interfaces.channels.exchange import body, exchange

PATH = "/listings/2021-08-01/items/{seller_id}/{sku}"


class Amazon:
    """Default usage plan of patchListingsItem: 5 requests/s, burst 5."""

    kind = "amazon"
    max_batch = 1
    secret_names = ("access_token",)
    listing_fields = LISTING_FIELDS["amazon"]
    optional_listing_fields = OPTIONAL_LISTING_FIELDS.get("amazon", ())

    async def push(
        self, client: httpx.AsyncClient, connection: Connection, updates: list[Update]
    ) -> list[Result]:
        """One PATCH per update (the API takes one SKU per request)."""
        results = []
        for update in updates:
            rejection = missing_fields(update, self.listing_fields)
            results.append(rejection or await self._patch(client, connection, update))
        return results

    async def _patch(
        self, client: httpx.AsyncClient, connection: Connection, update: Update
    ) -> Result:
        path = PATH.format(
            seller_id=quote(update.listing["seller_id"], safe=""), sku=quote(update.sku, safe="")
        )
        request = client.build_request(
            "PATCH",
            connection.base_url.rstrip("/") + path,
            params={"marketplaceIds": update.listing["marketplace_id"]},
            json=patch_request(update),
            headers={"x-amz-access-token": connection.secrets.get("access_token", "")},
        )
        return submission_result(update.sku, body(await exchange(client, request)))


def patch_request(update: Update) -> dict[str, Any]:
    """A ListingsItemPatchRequest setting the merchant-fulfilled quantity."""
    return {
        "productType": update.listing["product_type"],
        "patches": [
            {
                "op": "replace",
                "path": "/attributes/fulfillment_availability",
                "value": [{"fulfillment_channel_code": "DEFAULT", "quantity": update.available}],
            }
        ],
    }


def submission_result(sku: str, answer: Any) -> Result:
    """Read a ListingsItemSubmissionResponse: ACCEPTED is applied, INVALID rejected."""
    if not isinstance(answer, dict):
        return Result(sku, "failed", f"unexpected answer: {answer!r:.200}")
    issues = "; ".join(
        f"{issue.get('severity')} {issue.get('code')}: {issue.get('message')}"
        for issue in answer.get("issues") or []
    )
    status = answer.get("status")
    detail = f"submission {answer.get('submissionId')} {status}" + (f"; {issues}" if issues else "")
    if status == "ACCEPTED":
        return Result(sku, "applied", detail)
    if status == "INVALID":
        return Result(sku, "rejected", detail)
    return Result(sku, "failed", detail)

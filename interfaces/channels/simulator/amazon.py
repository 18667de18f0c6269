"""Simulated Amazon SP-API Listings Items: PATCH /listings/2021-08-01/items/{sellerId}/{sku}.
403 (as the spec lists: there is no 401) on a wrong x-amz-access-token, 400 on a body that is
not a ListingsItemPatchRequest, INVALID on a bad fulfillment_availability value."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from interfaces.channels import specs
from interfaces.channels.simulator.amazon_orders import router as orders_router
from interfaces.channels.simulator.kind import Malformed, SimulatedKind, read_json
from interfaces.channels.simulator.store import Store

ATTRIBUTE = "/attributes/fulfillment_availability"
PATCH_REQUEST = "/definitions/ListingsItemPatchRequest"


def _errors(status: int, code: str, message: str) -> JSONResponse:
    body = {"errors": [{"code": code, "message": message, "details": ""}]}
    return JSONResponse(body, status, headers={"x-amzn-RequestId": str(uuid.uuid4())})


def router(store: Store, secrets: dict[str, str]) -> APIRouter:
    """The patchListingsItem operation; listing key "{sellerId}/{sku}"."""
    api = APIRouter(tags=["amazon"])

    @api.patch("/listings/2021-08-01/items/{seller_id}/{sku:path}")
    async def patch_listings_item(seller_id: str, sku: str, request: Request) -> JSONResponse:
        """Apply fulfillment_availability patches and answer a ListingsItemSubmissionResponse."""
        if request.headers.get("x-amz-access-token") != secrets["access_token"]:
            return _errors(403, "Unauthorized", "Access to requested resource is denied.")
        if not request.query_params.get("marketplaceIds"):
            return _errors(400, "InvalidInput", "Missing required 'marketplaceIds'.")
        try:
            body = await read_json(request)
        except Malformed as exc:
            return _errors(400, "InvalidInput", str(exc))
        wrong = specs.problems(specs.schema_at(specs.AMAZON, PATCH_REQUEST), body)
        if wrong:
            return _errors(400, "InvalidInput", "; ".join(wrong))
        key = f"{seller_id}/{sku}"
        issues = _issues(body, gone=key in store.gone)
        if not issues:
            _apply(store, key, body["patches"])
        return _submission(sku, issues)

    return api


def _issues(body: dict[str, Any], gone: bool) -> list[dict[str, Any]]:
    """Listing-level problems: an unknown SKU or a bad fulfillment_availability value."""
    if gone:
        return [_issue("LISTING_NOT_FOUND", "No listing exists for this SKU.", [])]
    validator = specs.schema("amazon_fulfillment_availability.schema.json")
    return [
        _issue("INVALID_VALUE", message, ["fulfillment_availability"])
        for patch in body["patches"]
        if patch["path"] == ATTRIBUTE and patch["op"] != "delete"
        for message in specs.problems(validator, patch.get("value"))
    ]


def _apply(store: Store, key: str, patches: list[dict[str, Any]]) -> None:
    """Store the DEFAULT (merchant-fulfilled) quantity of each availability patch."""
    for patch in patches:
        if patch["path"] != ATTRIBUTE:
            continue
        for entry in patch.get("value") or []:
            if entry.get("fulfillment_channel_code") == "DEFAULT" and "quantity" in entry:
                store.set(key, int(entry["quantity"]))


def _issue(code: str, message: str, attributes: list[str]) -> dict[str, Any]:
    return {
        "code": code,
        "message": message,
        "severity": "ERROR",
        "attributeNames": attributes,
        "categories": ["INVALID_ATTRIBUTE"],
    }


def _submission(sku: str, issues: list[dict[str, Any]]) -> JSONResponse:
    status = "INVALID" if issues else "ACCEPTED"
    body = {"sku": sku, "status": status, "submissionId": uuid.uuid4().hex, "issues": issues}
    return JSONResponse(body, headers={"x-amzn-RequestId": str(uuid.uuid4())})


AMAZON = SimulatedKind(
    router=router,
    orders=orders_router,
    throttled_body={
        "errors": [{"code": "QuotaExceeded", "message": "You exceeded your quota.", "details": ""}]
    },
)

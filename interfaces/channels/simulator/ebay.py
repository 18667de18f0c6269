"""Simulated eBay Sell Inventory API: POST /sell/inventory/v1/bulk_update_price_quantity. 401 on
a missing or wrong Bearer token; 400 on a body the spec's BulkPriceQuantity refuses, more than
25 requests, an offer twice, or a request with neither offers nor a ship-to-home quantity; per
offer 200, or 404 for a delisted offer (then the call answers 207 Multi-Status)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from interfaces.channels import specs
from interfaces.channels.ebay import PATH
from interfaces.channels.simulator.ebay_errors import bearer_problem, errors
from interfaces.channels.simulator.ebay_orders import router as orders_router
from interfaces.channels.simulator.kind import Malformed, SimulatedKind, read_json
from interfaces.channels.simulator.store import Store

LIMIT = 25
BODY = "/components/schemas/BulkPriceQuantity"


def router(store: Store, secrets: dict[str, str]) -> APIRouter:
    """bulkUpdatePriceQuantity; listing key: the offer id."""
    api = APIRouter(tags=["ebay"])

    @api.post(PATH)
    async def bulk_update_price_quantity(request: Request) -> JSONResponse:
        """Set each offer's available quantity."""
        refused = bearer_problem(request, secrets["access_token"])
        if refused:
            return refused
        if not request.headers.get("content-type", "").startswith("application/json"):
            return errors(400, 25002, "The Content-Type header must be application/json.")
        try:
            body = await read_json(request)
        except Malformed as exc:
            return errors(400, 25002, str(exc))
        problem = _problem(body)
        if problem:
            return errors(400, 25709, f"Invalid value for requests. {problem}")
        answers = [_apply(store, entry) for entry in body["requests"]]
        responses = [answer for group in answers for answer in group]
        failed = any(answer["statusCode"] != 200 for answer in responses)
        return JSONResponse({"responses": responses}, 207 if failed else 200)

    return api


def _problem(body: Any) -> str | None:
    wrong = specs.problems(specs.schema_at(specs.EBAY, BODY), body)
    if wrong or not isinstance(body, dict) or not isinstance(body.get("requests"), list):
        return "; ".join(wrong) or "a body with requests is required"
    requests = body["requests"]
    if not 1 <= len(requests) <= LIMIT:
        return f"between 1 and {LIMIT} requests are allowed"
    offers = [offer.get("offerId") for entry in requests for offer in entry.get("offers") or []]
    if len(offers) != len(set(offers)) or not all(offers):
        return "every offer needs an offerId, and each offer may appear once"
    for entry in requests:
        if not entry.get("offers") and "shipToLocationAvailability" not in entry:
            return "a request needs offers or shipToLocationAvailability"
        if "shipToLocationAvailability" in entry and not entry.get("sku"):
            return "sku is required with shipToLocationAvailability"
        quantities = [o.get("availableQuantity", 0) for o in entry.get("offers") or []]
        quantities.append((entry.get("shipToLocationAvailability") or {}).get("quantity", 0))
        if any(quantity < 0 for quantity in quantities):
            return "quantities cannot be negative"
    return None


def _apply(store: Store, entry: dict[str, Any]) -> list[dict[str, Any]]:
    """One response per offer (only a SKU's, when the request has no offers)."""
    sku = entry.get("sku")
    if not entry.get("offers"):
        return [{"sku": sku, "statusCode": 200}]
    answers = []
    for offer in entry["offers"]:
        offer_id = offer["offerId"]
        if offer_id in store.gone:
            error = {"errorId": 25713, "message": "This Offer is not available."}
            answers.append({"offerId": offer_id, "sku": sku, "statusCode": 404, "errors": [error]})
            continue
        if "availableQuantity" in offer:
            store.set(offer_id, offer["availableQuantity"])
        answers.append({"offerId": offer_id, "sku": sku, "statusCode": 200})
    return answers


EBAY = SimulatedKind(
    router=router,
    throttled_body={
        "errors": [{"errorId": 2001, "domain": "ACCESS", "message": "Too many requests."}]
    },
    orders=orders_router,
)

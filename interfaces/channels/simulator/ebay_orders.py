"""Simulated eBay Fulfillment API: GET /sell/fulfillment/v1/order?filter=lastmodifieddate:[..]
with `limit` (1-200) and `offset`, as eBay serves it (orderId, lastModifiedDate, payment,
fulfillment and cancel status, lineItems with sku and quantity). 401 without the Bearer token,
400 on a filter, limit or offset it cannot read."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from interfaces.channels.orders.ebay import PATH
from interfaces.channels.simulator.ebay_errors import bearer_problem, errors
from interfaces.channels.simulator.orders import SimOrder
from interfaces.channels.simulator.store import Store

FILTER = re.compile(r"^lastmodifieddate:\[(?P<start>[^.\]]+\.\d{3}Z)\.\.(?P<end>[^\]]*)\]$")


def _time(seconds: float) -> str:
    moment = datetime.fromtimestamp(seconds, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _seconds(text: str) -> float:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def _order(order: SimOrder) -> dict[str, Any]:
    state = "CANCELED" if order.status == "cancelled" else "NONE_REQUESTED"
    fulfilled = "FULFILLED" if order.status == "fulfilled" else "NOT_STARTED"
    items = [
        {
            "lineItemId": f"{order.number}{n:04d}",
            "legacyItemId": line.key or "",
            "sku": line.sku or "",
            "quantity": line.quantity,
            "lineItemFulfillmentStatus": fulfilled,
        }
        for n, line in enumerate(order.lines)
    ]
    return {
        "orderId": order.order_id,
        "creationDate": _time(order.created_at),
        "lastModifiedDate": _time(order.updated_at),
        "orderPaymentStatus": "PAID",
        "orderFulfillmentStatus": fulfilled,
        "cancelStatus": {"cancelState": state, "cancelRequests": []},
        "lineItems": items,
    }


def router(store: Store, secrets: dict[str, str]) -> APIRouter:
    """getOrders by last modification date, oldest change first."""
    api = APIRouter(tags=["ebay"])

    @api.get(PATH)
    async def get_orders(request: Request) -> JSONResponse:
        """One page of the orders modified in the filter's range."""
        refused = bearer_problem(request, secrets["access_token"])
        if refused:
            return refused
        query = request.query_params
        match = FILTER.match(query.get("filter", ""))
        limit, offset = query.get("limit", "50"), query.get("offset", "0")
        if not match or not limit.isdigit() or not 1 <= int(limit) <= 200 or not offset.isdigit():
            return errors(400, 30700, "Invalid filter, limit or offset.", domain="API_FULFILLMENT")
        try:
            start = _seconds(match["start"])
            end = _seconds(match["end"]) if match["end"] else None
        except ValueError:
            return errors(400, 30700, "Invalid filter date.", domain="API_FULFILLMENT")
        found = store.orders.updated_between(start, end)
        page = found[int(offset) : int(offset) + int(limit)]
        body: dict[str, Any] = {
            "href": str(request.url),
            "total": len(found),
            "limit": int(limit),
            "offset": int(offset),
            "orders": [_order(o) for o in page],
        }
        if int(offset) + len(page) < len(found):
            body["next"] = f"{PATH}?offset={int(offset) + len(page)}&limit={limit}"
        return JSONResponse(body)

    return api

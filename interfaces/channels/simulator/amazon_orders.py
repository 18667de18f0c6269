"""Simulated Amazon SP-API Orders v0: GET /orders/v0/orders (MarketplaceIds, and
LastUpdatedAfter no later than two minutes ago, or NextToken; MaxResultsPerPage 1-100) and
GET /orders/v0/orders/{orderId}/orderItems. 403 on a wrong x-amz-access-token, 400 InvalidInput
on missing or wrong parameters, 404 for an unknown order."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from interfaces.channels.orders.amazon import ITEMS, LAG, ORDERS
from interfaces.channels.simulator.orders import SimOrder
from interfaces.channels.simulator.store import Store

STATUS = {"created": "Unshipped", "cancelled": "Canceled", "fulfilled": "Shipped"}


def _errors(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"errors": [{"code": code, "message": message, "details": ""}]}, status)


def _time(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _order(order: SimOrder, marketplace: str) -> dict[str, Any]:
    return {
        "AmazonOrderId": order.order_id,
        "PurchaseDate": _time(order.created_at),
        "LastUpdateDate": _time(order.updated_at),
        "OrderStatus": STATUS[order.status],
        "MarketplaceId": marketplace,
        "FulfillmentChannel": "MFN",
        "NumberOfItemsUnshipped": sum(line.quantity for line in order.lines),
    }


def _item(order: SimOrder, n: int) -> dict[str, Any]:
    line = order.lines[n]
    shipped = line.quantity if order.status == "fulfilled" else 0
    return {
        "ASIN": f"B0SIM{abs(hash(line.key or line.sku)) % 10**5:05d}",
        "SellerSKU": line.sku,
        "OrderItemId": f"{order.number}{n:04d}",
        "QuantityOrdered": line.quantity,
        "QuantityShipped": shipped,
    }


def _token(start: float, index: int) -> str:
    return base64.urlsafe_b64encode(json.dumps([start, index]).encode()).decode()


def _window(query: dict[str, str], now: float) -> tuple[float, int] | str:
    """(LastUpdatedAfter in seconds, first index) from the query, or why it is refused."""
    if query.get("NextToken"):
        try:
            start, index = json.loads(base64.urlsafe_b64decode(query["NextToken"]))
            return float(start), int(index)
        except ValueError:
            return "Invalid NextToken."
    try:
        after = datetime.fromisoformat(query["LastUpdatedAfter"].replace("Z", "+00:00"))
    except (KeyError, ValueError):
        return "LastUpdatedAfter (ISO 8601) or NextToken is required."
    if after.tzinfo is None or after.timestamp() > now - LAG.total_seconds():
        return "LastUpdatedAfter must be no later than two minutes before the request."
    return after.timestamp(), 0


def router(store: Store, secrets: dict[str, str]) -> APIRouter:
    """getOrders and getOrderItems."""
    api = APIRouter(tags=["amazon"])

    def refused(request: Request) -> JSONResponse | None:
        if request.headers.get("x-amz-access-token") != secrets["access_token"]:
            return _errors(403, "Unauthorized", "Access to requested resource is denied.")
        return None

    @api.get(ORDERS)
    async def get_orders(request: Request) -> JSONResponse:
        """A page of the orders updated since LastUpdatedAfter, oldest change first."""
        query = dict(request.query_params)
        size = query.get("MaxResultsPerPage", "100")
        if (refusal := refused(request)) is not None:
            return refusal
        if not query.get("MarketplaceIds") or not size.isdigit() or not 1 <= int(size) <= 100:
            return _errors(400, "InvalidInput", "MarketplaceIds and MaxResultsPerPage 1-100.")
        window = _window(query, store.orders.clock())
        if isinstance(window, str):
            return _errors(400, "InvalidInput", window)
        found = store.orders.updated_between(window[0])
        page = found[window[1] : window[1] + int(size)]
        orders = [_order(order, query["MarketplaceIds"].split(",")[0]) for order in page]
        payload: dict[str, Any] = {"Orders": orders}
        if window[1] + int(size) < len(found):
            payload["NextToken"] = _token(window[0], window[1] + int(size))
        return JSONResponse({"payload": payload})

    @api.get(ITEMS)
    async def get_order_items(order_id: str, request: Request) -> JSONResponse:
        """Every item of one order."""
        if (refusal := refused(request)) is not None:
            return refusal
        order = store.orders.orders.get(order_id)
        if order is None:
            return _errors(404, "NotFound", f"Order {order_id} not found.")
        items = [_item(order, n) for n in range(len(order.lines))]
        return JSONResponse({"payload": {"AmazonOrderId": order_id, "OrderItems": items}})

    return api

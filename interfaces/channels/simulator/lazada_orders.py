"""Simulated Lazada order feed: GET /orders/get (update_after, sort_by=updated_at, offset at most
5000, limit 1-100) and GET /order/items/get (order_id), signed like every call. Every unit is its
own order item; items of an open order are "pending", then "canceled" or "shipped"."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from interfaces.channels.orders.lazada import ITEMS, ORDERS
from interfaces.channels.simulator.lazada_auth import answer, auth_problem, parameters
from interfaces.channels.simulator.orders import SimOrder
from interfaces.channels.simulator.store import Store

ITEM_STATUS = {"created": "pending", "cancelled": "canceled", "fulfilled": "shipped"}


def _time(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%d %H:%M:%S +0000")


def _order(order: SimOrder) -> dict[str, Any]:
    return {
        "order_id": int(order.order_id),
        "order_number": int(order.order_id),
        "created_at": _time(order.created_at),
        "updated_at": _time(order.updated_at),
        "statuses": [ITEM_STATUS[order.status]],
        "items_count": sum(line.quantity for line in order.lines),
    }


def _items(order: SimOrder) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for line in order.lines:
        item_id, _, sku_id = (line.key or "0/0").partition("/")
        for _unit in range(line.quantity):
            items.append(
                {
                    "order_item_id": order.number * 1000 + len(items),
                    "order_id": int(order.order_id),
                    "product_id": int(item_id),
                    "sku_id": sku_id,
                    "sku": line.sku or "",
                    "shop_sku": f"{item_id}_SIM",
                    "status": ITEM_STATUS[order.status],
                    "updated_at": _time(order.updated_at),
                }
            )
    return items


def _after(text: str) -> float | None:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment.timestamp() if moment.tzinfo else None


def router(store: Store, secrets: dict[str, str]) -> APIRouter:
    """GetOrders and GetOrderItems."""
    api = APIRouter(tags=["lazada"])

    @api.get(ORDERS)
    async def get_orders(request: Request) -> JSONResponse:
        """Orders updated at or after update_after, oldest change first."""
        params = await parameters(request)
        refused = auth_problem(params, secrets, ORDERS, store.orders.clock())
        if refused:
            return refused
        after = _after(params.get("update_after", ""))
        offset, limit = params.get("offset", "0"), params.get("limit", "100")
        wrong = after is None or not offset.isdigit() or int(offset) > 5000
        if wrong or not limit.isdigit() or not 1 <= int(limit) <= 100:
            return answer("IllegalParameter", "update_after, offset or limit is invalid", 400)
        if params.get("sort_by", "updated_at") != "updated_at":
            return answer("IllegalParameter", "only sort_by=updated_at is simulated", 400)
        found = store.orders.updated_between(after or 0.0)
        page = found[int(offset) : int(offset) + int(limit)]
        data = {"count": len(page), "countTotal": len(found), "orders": [_order(o) for o in page]}
        return answer(data=data)

    @api.get(ITEMS)
    async def get_order_items(request: Request) -> JSONResponse:
        """Every unit of one order."""
        params = await parameters(request)
        refused = auth_problem(params, secrets, ITEMS, store.orders.clock())
        if refused:
            return refused
        order = store.orders.orders.get(params.get("order_id", ""))
        if order is None:
            return answer("IllegalParameter", "order_id does not exist", 400)
        return answer(data=_items(order))

    return api

"""Simulated TikTok Shop order search: POST /order/202309/orders/search, signed like every call,
with page_size (1-100) and page_token in the query, update_time_ge / update_time_lt in the body,
sorted by update_time ascending. Every unit is its own line item."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from interfaces.channels.orders.tiktok import PATH
from interfaces.channels.simulator.kind import Malformed, read_json
from interfaces.channels.simulator.orders import SimOrder
from interfaces.channels.simulator.store import Store
from interfaces.channels.simulator.tiktok_auth import answer, auth_problem

STATUS = {"created": "AWAITING_SHIPMENT", "cancelled": "CANCELLED", "fulfilled": "IN_TRANSIT"}


def _order(order: SimOrder) -> dict[str, Any]:
    items: list[dict[str, Any]] = []
    for line in order.lines:
        product, _, rest = (line.key or "0/0@0").partition("/")
        sku_id = rest.split("@")[0]
        items += [
            {
                "id": f"{order.number}{len(items) + n:04d}",
                "product_id": product,
                "sku_id": sku_id,
                "seller_sku": line.sku or "",
                "display_status": STATUS[order.status],
            }
            for n in range(line.quantity)
        ]
    return {
        "id": order.order_id,
        "status": STATUS[order.status],
        "create_time": int(order.created_at),
        "update_time": int(order.updated_at),
        "line_items": items,
    }


def _page(query: dict[str, str], body: Any) -> tuple[int, int, float, float | None]:
    """(page size, start index, update_time_ge, update_time_lt), or ValueError."""
    size = query.get("page_size", "")
    if not size.isdigit() or not 1 <= int(size) <= 100:
        raise ValueError("page_size must be 1 to 100")
    start = int(query.get("page_token") or 0)
    if not isinstance(body, dict) or not isinstance(body.get("update_time_ge", 0), int):
        raise ValueError("update_time_ge must be Unix seconds")
    end = body.get("update_time_lt")
    return int(size), start, float(body.get("update_time_ge", 0)), end


def router(store: Store, secrets: dict[str, str]) -> APIRouter:
    """Get Order List (order search)."""
    api = APIRouter(tags=["tiktok"])

    @api.post(PATH)
    async def search_orders(request: Request) -> JSONResponse:
        """One page of the orders updated in the body's range."""
        refused = await auth_problem(request, secrets, store.orders.clock())
        if refused:
            return refused
        query = dict(request.query_params)
        if query.get("sort_field", "update_time") != "update_time":
            return answer(36009003, "only sort_field=update_time is simulated", 400)
        try:
            size, start, ge, lt = _page(query, await read_json(request))
        except (Malformed, ValueError) as exc:
            return answer(36009003, f"Invalid parameters: {exc}", 400)
        found = store.orders.updated_between(ge, lt)
        page = found[start : start + size]
        token = str(start + size) if start + size < len(found) else ""
        orders = [_order(order) for order in page]
        return answer(next_page_token=token, total_count=len(found), orders=orders)

    return api

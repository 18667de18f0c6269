"""Simulated Shopee order feed: GET /api/v2/order/get_order_list (time_range_field=update_time,
time_from, time_to at most 15 days apart, page_size 1-100, cursor) and
GET /api/v2/order/get_order_detail (order_sn_list of at most 50, item_list on request), each
signed over its own path. The same 401 as update_stock on a bad signature or credentials."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from interfaces.channels.orders.shopee import DETAIL, LIST, WINDOW
from interfaces.channels.simulator.orders import SimOrder
from interfaces.channels.simulator.shopee_auth import answer, auth_problem
from interfaces.channels.simulator.store import Store

STATUS = {"created": "READY_TO_SHIP", "cancelled": "CANCELLED", "fulfilled": "SHIPPED"}


def _detail(order: SimOrder, items: bool) -> dict[str, Any]:
    detail: dict[str, Any] = {
        "order_sn": order.order_id,
        "order_status": STATUS[order.status],
        "create_time": int(order.created_at),
        "update_time": int(order.updated_at),
    }
    if items:
        detail["item_list"] = []
        for line in order.lines:
            item, _, model = (line.key or "0/0").partition("/")
            detail["item_list"].append(
                {
                    "item_id": int(item),
                    "model_id": int(model or 0),
                    "item_sku": line.sku or "",
                    "model_sku": line.sku or "",
                    "model_quantity_purchased": line.quantity,
                }
            )
    return detail


def _window(query: dict[str, str]) -> tuple[int, int, int, int] | None:
    """(time_from, time_to, page_size, offset) or None when malformed."""
    fields = [query.get(name, "") for name in ("time_from", "time_to", "page_size")]
    cursor = query.get("cursor") or "0"
    if query.get("time_range_field") != "update_time" or not all(f.isdigit() for f in fields):
        return None
    start, end, size = map(int, fields)
    if not cursor.isdigit() or not 0 <= end - start <= WINDOW or not 1 <= size <= 100:
        return None
    return start, end, size, int(cursor)


def router(store: Store, secrets: dict[str, str]) -> APIRouter:
    """get_order_list and get_order_detail."""
    api = APIRouter(tags=["shopee"])

    def refused(request: Request, path: str) -> JSONResponse | None:
        problem = auth_problem(dict(request.query_params), secrets, store.orders.clock(), path)
        if problem:
            return answer("error_sign" if problem == "wrong sign" else "error_auth", problem, 401)
        return None

    @api.get(LIST)
    async def get_order_list(request: Request) -> JSONResponse:
        """Order numbers updated in [time_from, time_to], oldest change first."""
        if (refusal := refused(request, LIST)) is not None:
            return refusal
        window = _window(dict(request.query_params))
        if window is None:
            return answer("error_param", "time range (15 days at most) or page is invalid", 400)
        start, end, size, offset = window
        found = store.orders.updated_between(start, end + 1)
        page = found[offset : offset + size]
        more = offset + size < len(found)
        listed = [{"order_sn": order.order_id} for order in page]
        response = {
            "more": more,
            "next_cursor": str(offset + size) if more else "",
            "order_list": listed,
        }
        return answer(response=response)

    @api.get(DETAIL)
    async def get_order_detail(request: Request) -> JSONResponse:
        """Up to 50 orders by order_sn."""
        if (refusal := refused(request, DETAIL)) is not None:
            return refusal
        numbers = [n for n in request.query_params.get("order_sn_list", "").split(",") if n]
        if not 1 <= len(numbers) <= 50:
            return answer("error_param", "order_sn_list must name 1 to 50 orders", 400)
        items = "item_list" in request.query_params.get("response_optional_fields", "")
        found = [store.orders.orders[n] for n in numbers if n in store.orders.orders]
        return answer(response={"order_list": [_detail(order, items) for order in found]})

    return api

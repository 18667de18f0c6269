"""Shopee Open Platform v2: `GET /api/v2/order/get_order_list` by `update_time` (a window of at
most 15 days, paged by `cursor`), then `GET /api/v2/order/get_order_detail` for up to 50
order_sn at a time with their item_list. Both signed as every shop-level call is."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

import httpx

from interfaces.channels.contract import Connection, Rejected, Throttled, Unavailable
from interfaces.channels.orders.feed import Sleep, fetch
from interfaces.channels.orders.order import (
    MarketplaceOrder,
    OrderLine,
    OrderStatus,
    Polled,
    from_unix,
)
from interfaces.channels.shopee import SERVER_ERRORS, common_params

LIST = "/api/v2/order/get_order_list"
DETAIL = "/api/v2/order/get_order_detail"
WINDOW = 15 * 24 * 3600
DETAIL_BATCH = 50
# UNPAID orders are not sold yet; TO_RETURN ones were shipped and are the seller's business.
STATUSES: dict[str, OrderStatus] = {
    "READY_TO_SHIP": "created",
    "PROCESSED": "created",
    "RETRY_SHIP": "created",
    "IN_CANCEL": "created",
    "SHIPPED": "fulfilled",
    "TO_CONFIRM_RECEIVE": "fulfilled",
    "COMPLETED": "fulfilled",
    "CANCELLED": "cancelled",
}


class ShopeeOrders:
    """Order list, then details."""

    kind = "shopee"
    secret_names = ("partner_id", "partner_key", "shop_id", "access_token")

    def __init__(
        self, clock: Callable[[], float] = time.time, sleep: Sleep = asyncio.sleep, page: int = 100
    ) -> None:
        self._clock, self._sleep, self._page = clock, sleep, page

    async def poll(
        self, client: httpx.AsyncClient, connection: Connection, since: datetime
    ) -> Polled:
        """Orders updated in [since, min(now, since + 15 days)], with their items."""
        start = int(since.timestamp())
        end = min(int(self._clock()), start + WINDOW)
        window = {"time_range_field": "update_time", "time_from": str(start), "time_to": str(end)}
        numbers, page = [], {"cursor": ""}
        while True:
            answer = await self._get(
                client, connection, LIST, {**window, "page_size": str(self._page), **page}
            )
            numbers += [entry["order_sn"] for entry in answer.get("order_list") or []]
            if not answer.get("more"):
                break
            page = {"cursor": str(answer.get("next_cursor", ""))}
        orders, cursor = await self._details(client, connection, numbers, since)
        if not orders and end < int(self._clock()):
            cursor = max(cursor, from_unix(end))  # a whole past window was empty: move on
        return Polled(orders, cursor)

    async def _details(
        self, client: httpx.AsyncClient, connection: Connection, numbers: list[str], since: datetime
    ) -> tuple[list[MarketplaceOrder], datetime]:
        orders, cursor = [], since
        for start in range(0, len(numbers), DETAIL_BATCH):
            chunk = ",".join(numbers[start : start + DETAIL_BATCH])
            query = {"order_sn_list": chunk, "response_optional_fields": "item_list"}
            answer = await self._get(client, connection, DETAIL, query)
            for entry in answer.get("order_list") or []:
                updated = from_unix(int(entry["update_time"]))
                cursor = max(cursor, updated)
                status = STATUSES.get(entry.get("order_status", ""))
                if status:
                    orders.append(
                        MarketplaceOrder(entry["order_sn"], status, _lines(entry), updated)
                    )
        orders.sort(key=lambda order: order.updated_at or since)
        return orders, cursor

    async def _get(
        self, client: httpx.AsyncClient, connection: Connection, path: str, query: dict[str, str]
    ) -> dict[str, Any]:
        url = connection.base_url.rstrip("/") + path

        def build() -> httpx.Request:
            signed = common_params(connection.secrets, path, int(self._clock()))
            return client.build_request("GET", url, params={**signed, **query})

        answer = await fetch(client, build, self._sleep)
        return response_of(answer)


def response_of(answer: Any) -> dict[str, Any]:
    """The `response` of a Shopee answer; its `error` as the error the runner acts on."""
    answer = answer if isinstance(answer, dict) else {"error": "error_unreadable"}
    error = answer.get("error")
    if error:
        detail = f"{error}: {answer.get('message', '')}"
        if error == "error_too_many_request":
            raise Throttled(None, detail)
        raise Unavailable(None, detail) if error in SERVER_ERRORS else Rejected(detail)
    response = answer.get("response")
    return response if isinstance(response, dict) else {}


def _lines(order: dict[str, Any]) -> tuple[OrderLine, ...]:
    return tuple(
        OrderLine(
            item.get("model_sku") or item.get("item_sku") or None,
            {"item_id": str(item["item_id"]), "model_id": str(item.get("model_id", 0))},
            int(item["model_quantity_purchased"]),
        )
        for item in order.get("item_list") or []
    )

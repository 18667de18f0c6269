"""TikTok Shop Partner API 202309: `POST /order/202309/orders/search` with `update_time_ge` in the
body and `page_size`, `page_token`, `sort_field=update_time`, `sort_order=ASC` in the signed
query. Every unit sold is its own line item."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

import httpx

from interfaces.channels.contract import Connection, Rejected
from interfaces.channels.orders.feed import Sleep, fetch
from interfaces.channels.orders.order import (
    MarketplaceOrder,
    OrderStatus,
    Polled,
    from_unix,
    unit_lines,
)
from interfaces.channels.tiktok import signed_request

PATH = "/order/202309/orders/search"
PAGE = 100
# UNPAID orders are not sold yet; ON_HOLD ones are paid (the buyer may still cancel).
STATUSES: dict[str, OrderStatus] = {
    "ON_HOLD": "created",
    "AWAITING_SHIPMENT": "created",
    "PARTIALLY_SHIPPING": "created",
    "AWAITING_COLLECTION": "created",
    "IN_TRANSIT": "fulfilled",
    "DELIVERED": "fulfilled",
    "COMPLETED": "fulfilled",
    "CANCELLED": "cancelled",
}


class TikTokOrders:
    """Order search by update time."""

    kind = "tiktok"
    secret_names = ("app_key", "app_secret", "access_token", "shop_cipher")

    def __init__(
        self, clock: Callable[[], float] = time.time, sleep: Sleep = asyncio.sleep, page: int = PAGE
    ) -> None:
        self._clock, self._sleep, self._page = clock, sleep, page

    async def poll(
        self, client: httpx.AsyncClient, connection: Connection, since: datetime
    ) -> Polled:
        """Every page of orders updated at or after the cursor."""
        document = {"update_time_ge": int(since.timestamp())}
        orders, cursor, token = [], since, ""
        while True:
            query = {"page_size": str(self._page), "sort_field": "update_time", "sort_order": "ASC"}
            if token:
                query["page_token"] = token
            data = await self._search(client, connection, document, query)
            for entry in data.get("orders") or []:
                updated = from_unix(int(entry["update_time"]))
                cursor = max(cursor, updated)
                status = STATUSES.get(entry.get("status", ""))
                if status:
                    orders.append(
                        MarketplaceOrder(str(entry["id"]), status, _lines(entry), updated)
                    )
            token = str(data.get("next_page_token") or "")
            if not token:
                return Polled(orders, cursor)

    async def _search(
        self,
        client: httpx.AsyncClient,
        connection: Connection,
        document: dict[str, Any],
        query: dict[str, str],
    ) -> dict[str, Any]:
        def build() -> httpx.Request:
            now = int(self._clock())
            return signed_request(client, connection, PATH, now, document, query)

        answer = await fetch(client, build, self._sleep)
        if not isinstance(answer, dict) or answer.get("code") != 0:
            raise Rejected(f"order search refused: {answer!r:.300}")
        data = answer.get("data")
        return data if isinstance(data, dict) else {}


def _lines(order: dict[str, Any]) -> tuple[Any, ...]:
    units = [
        (
            item.get("seller_sku") or None,
            {"product_id": str(item["product_id"]), "sku_id": str(item["sku_id"])},
        )
        for item in order.get("line_items") or []
    ]
    return unit_lines(units)

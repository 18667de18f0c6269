"""Lazada Open Platform: `GET /orders/get` by `update_after` (sorted by updated_at, paged by
offset and limit, offset at most 5000), then `GET /order/items/get` per order. Lazada lists every
unit as its own order item, each with its own status; both calls are signed."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import httpx

from interfaces.channels.contract import Connection, Rejected, Throttled
from interfaces.channels.lazada import THROTTLED, signed_query
from interfaces.channels.orders.feed import Sleep, fetch
from interfaces.channels.orders.order import (
    MalformedOrder,
    MarketplaceOrder,
    OrderStatus,
    Polled,
    unit_lines,
)

ORDERS = "/orders/get"
ITEMS = "/order/items/get"
PAGE, MAX_OFFSET = 100, 5000
SHIPPED = {"shipped", "delivered", "failed_delivery", "returned", "lost_by_3pl", "damaged_by_3pl"}


def timestamp(moment: datetime) -> str:
    """ISO 8601 with an offset, as `update_after` takes it."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")


def read_time(value: str) -> datetime:
    """Lazada's "2024-01-02 10:00:00 +0800"."""
    try:
        return datetime.strptime(value, "%Y-%m-%d %H:%M:%S %z")
    except (TypeError, ValueError) as exc:
        raise MalformedOrder(f"not a Lazada time: {value!r}") from exc


def status_of(statuses: set[str]) -> OrderStatus | None:
    """From the item statuses: every unit cancelled, every live unit shipped, or open once paid."""
    live = statuses - {"canceled"}
    if not live:
        return "cancelled" if statuses else None
    if "unpaid" in live:
        return None
    return "fulfilled" if live <= SHIPPED else "created"


class LazadaOrders:
    """GetOrders, then GetOrderItems."""

    kind = "lazada"
    secret_names = ("app_key", "app_secret", "access_token")

    def __init__(
        self, clock: Callable[[], float] = time.time, sleep: Sleep = asyncio.sleep, page: int = PAGE
    ) -> None:
        self._clock, self._sleep, self._page = clock, sleep, page

    async def poll(
        self, client: httpx.AsyncClient, connection: Connection, since: datetime
    ) -> Polled:
        """Every order updated at or after the cursor, oldest change first."""
        orders, cursor, after, offset = [], since, since, 0
        while True:
            query = {
                "update_after": timestamp(after),
                "offset": str(offset),
                "limit": str(self._page),
            }
            query |= {"sort_by": "updated_at", "sort_direction": "ASC"}
            found = (await self._get(client, connection, ORDERS, query)).get("orders") or []
            for entry in found:
                updated = read_time(entry["updated_at"])
                cursor = max(cursor, updated)
                order = await self._order(client, connection, str(entry["order_id"]), updated)
                if order:
                    orders.append(order)
            offset += len(found)
            if len(found) < self._page:
                return Polled(orders, cursor)
            if offset >= MAX_OFFSET:  # Lazada's advice: start again from the last update seen
                after, offset = cursor, 0

    async def _order(
        self, client: httpx.AsyncClient, connection: Connection, order_id: str, updated: datetime
    ) -> MarketplaceOrder | None:
        items = await self._get(client, connection, ITEMS, {"order_id": order_id})
        units = items if isinstance(items, list) else []
        status = status_of({str(item.get("status")) for item in units})
        if status is None:
            return None
        counted = [i for i in units if status == "cancelled" or i.get("status") != "canceled"]
        ids = [(i.get("sku") or None, {"sku_id": str(i["sku_id"])}) for i in counted]
        return MarketplaceOrder(order_id, status, unit_lines(ids), updated)

    async def _get(
        self, client: httpx.AsyncClient, connection: Connection, path: str, query: dict[str, str]
    ) -> Any:
        url = connection.base_url.rstrip("/") + path

        def build() -> httpx.Request:
            signed = signed_query(connection.secrets, path, int(self._clock() * 1000), query)
            return client.build_request("GET", url, params={**signed, **query})

        answer = await fetch(client, build, self._sleep)
        return data_of(answer)


def data_of(answer: Any) -> Any:
    """The `data` of an answer whose code is "0"; otherwise the error the runner acts on."""
    answer = answer if isinstance(answer, dict) else {"code": "Unreadable"}
    code = str(answer.get("code"))
    if code != "0":
        detail = f"{code}: {answer.get('message', '')}"
        raise Throttled(None, detail) if code in THROTTLED else Rejected(detail)
    return answer.get("data") or {}

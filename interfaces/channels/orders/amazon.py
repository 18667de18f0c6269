"""Amazon SP-API Orders v0: `GET /orders/v0/orders` with `LastUpdatedAfter` (no later than two
minutes before the request, as Amazon requires), paged by `NextToken`, then
`GET /orders/v0/orders/{orderId}/orderItems` per order. LWA token in `x-amz-access-token`."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote

import httpx

from interfaces.channels.contract import Connection
from interfaces.channels.orders.feed import Sleep, fetch
from interfaces.channels.orders.order import (
    MarketplaceOrder,
    OrderLine,
    OrderStatus,
    Polled,
    from_unix,
    iso,
)

ORDERS = "/orders/v0/orders"
ITEMS = "/orders/v0/orders/{order_id}/orderItems"
LAG = timedelta(minutes=2)
# Pending, PendingAvailability and Unfulfillable orders are not paid or not the seller's to ship.
STATUSES: dict[str, OrderStatus] = {
    "Unshipped": "created",
    "PartiallyShipped": "created",
    "Shipped": "fulfilled",
    "InvoiceUnconfirmed": "fulfilled",
    "Canceled": "cancelled",
}


def timestamp(moment: datetime) -> str:
    """ISO 8601 in UTC with a Z, as SP-API writes times."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class AmazonOrders:
    """getOrders then getOrderItems; marketplace_id names the marketplace to read."""

    kind = "amazon"
    secret_names = ("access_token", "marketplace_id")

    def __init__(
        self, clock: Callable[[], float] = time.time, sleep: Sleep = asyncio.sleep, page: int = 100
    ) -> None:
        self._clock, self._sleep, self._page = clock, sleep, page

    async def poll(
        self, client: httpx.AsyncClient, connection: Connection, since: datetime
    ) -> Polled:
        """Every page of orders updated since the cursor (or two minutes ago, if later)."""
        after = min(since, from_unix(self._clock()) - LAG)
        marketplace = connection.secrets.get("marketplace_id", "")
        params = {"MarketplaceIds": marketplace, "LastUpdatedAfter": timestamp(after)}
        params["MaxResultsPerPage"] = str(self._page)
        orders, cursor = [], since
        while True:
            payload = (await self._get(client, connection, ORDERS, params)).get("payload") or {}
            for entry in payload.get("Orders") or []:
                updated = iso(entry["LastUpdateDate"], "LastUpdateDate")
                cursor = max(cursor, updated)
                status = STATUSES.get(entry.get("OrderStatus", ""))
                if status:
                    lines = await self._lines(client, connection, entry["AmazonOrderId"])
                    orders.append(MarketplaceOrder(entry["AmazonOrderId"], status, lines, updated))
            if not payload.get("NextToken"):
                return Polled(orders, cursor)
            params = {"MarketplaceIds": marketplace, "NextToken": payload["NextToken"]}

    async def _lines(
        self, client: httpx.AsyncClient, connection: Connection, order_id: str
    ) -> tuple[OrderLine, ...]:
        path, params = ITEMS.format(order_id=quote(order_id, safe="")), dict[str, str]()
        lines: list[OrderLine] = []
        while True:
            payload = (await self._get(client, connection, path, params)).get("payload") or {}
            lines += [
                OrderLine(item.get("SellerSKU") or None, {}, int(item["QuantityOrdered"]))
                for item in payload.get("OrderItems") or []
            ]
            if not payload.get("NextToken"):
                return tuple(lines)
            params = {"NextToken": payload["NextToken"]}

    async def _get(
        self, client: httpx.AsyncClient, connection: Connection, path: str, params: dict[str, str]
    ) -> Any:
        token = connection.secrets.get("access_token", "")
        url = connection.base_url.rstrip("/") + path

        def build() -> httpx.Request:
            return client.build_request(
                "GET", url, params=params, headers={"x-amz-access-token": token}
            )

        answer = await fetch(client, build, self._sleep)
        return answer if isinstance(answer, dict) else {}

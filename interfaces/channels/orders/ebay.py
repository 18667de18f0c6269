"""eBay Sell Fulfillment API v1: `GET /sell/fulfillment/v1/order` with
`filter=lastmodifieddate:[<since>..]`, paged by `limit` and `offset`; an OAuth user token as
`Authorization: Bearer`."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

import httpx

from interfaces.channels.contract import Connection
from interfaces.channels.orders.feed import Sleep, fetch
from interfaces.channels.orders.order import MarketplaceOrder, OrderLine, OrderStatus, Polled, iso

PATH = "/sell/fulfillment/v1/order"
PAGE = 200
PAID = {"PAID", "PARTIALLY_REFUNDED", "FULLY_REFUNDED"}


def timestamp(moment: datetime) -> str:
    """eBay's filter times: ISO 8601 in UTC with milliseconds and a Z."""
    return (
        moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
    )


def status_of(order: dict[str, Any]) -> OrderStatus | None:
    """Cancelled, fulfilled, or created once paid (None: not paid yet)."""
    if (order.get("cancelStatus") or {}).get("cancelState") == "CANCELED":
        return "cancelled"
    if order.get("orderFulfillmentStatus") == "FULFILLED":
        return "fulfilled"
    return "created" if order.get("orderPaymentStatus") in PAID else None


class EbayOrders:
    """getOrders by last modification."""

    kind = "ebay"
    secret_names = ("access_token",)

    def __init__(self, sleep: Sleep = asyncio.sleep, page: int = PAGE) -> None:
        self._sleep, self._page = sleep, page

    async def poll(
        self, client: httpx.AsyncClient, connection: Connection, since: datetime
    ) -> Polled:
        """Every page of orders modified at or after the cursor."""
        query = {"filter": f"lastmodifieddate:[{timestamp(since)}..]", "limit": str(self._page)}
        orders, cursor, offset = [], since, 0
        while True:
            page = await self._get(client, connection, {**query, "offset": str(offset)})
            found = page.get("orders") or []
            for entry in found:
                updated = iso(entry["lastModifiedDate"], "lastModifiedDate")
                cursor = max(cursor, updated)
                status = status_of(entry)
                if status:
                    orders.append(
                        MarketplaceOrder(entry["orderId"], status, _lines(entry), updated)
                    )
            offset += len(found)
            if not found or offset >= int(page.get("total") or 0):
                return Polled(orders, cursor)

    async def _get(
        self, client: httpx.AsyncClient, connection: Connection, query: dict[str, str]
    ) -> Any:
        headers = {"Authorization": f"Bearer {connection.secrets.get('access_token', '')}"}
        url = connection.base_url.rstrip("/") + PATH

        def build() -> httpx.Request:
            return client.build_request("GET", url, params=query, headers=headers)

        answer = await fetch(client, build, self._sleep)
        return answer if isinstance(answer, dict) else {}


def _lines(order: dict[str, Any]) -> tuple[OrderLine, ...]:
    return tuple(
        OrderLine(item.get("sku") or None, {}, int(item["quantity"]))
        for item in order.get("lineItems") or []
    )

"""Orders on simulators for tests: a clock the test drives (shared by a simulator and a poller),
the /_sim order controls, and per kind a sale line and the ids its orders carry."""

from __future__ import annotations

from typing import Any

import httpx

from interfaces.channels.marketplace import Connection
from interfaces.channels.orders.amazon import AmazonOrders
from interfaces.channels.orders.ebay import EbayOrders
from interfaces.channels.orders.feed import OrderFeed
from interfaces.channels.orders.lazada import LazadaOrders
from interfaces.channels.orders.order import Polled
from interfaces.channels.orders.shopee import ShopeeOrders
from interfaces.channels.orders.tiktok import TikTokOrders
from interfaces.channels.simulator import Running
from tests.channels.kinds import SECRETS, run

POLLED = ["amazon", "ebay", "shopee", "lazada", "tiktok"]
PUSHED = ["shopify", "woocommerce", "webhook"]
T0 = 1_767_225_600.0


class Clock:
    """Unix seconds that move only when the test says."""

    def __init__(self, now: float = T0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        """Move time on."""
        self.now += seconds


class Sleeps:
    """An asyncio.sleep stand-in that records the pauses instead of taking them."""

    def __init__(self) -> None:
        self.taken: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.taken.append(seconds)


def feed(kind: str, clock: Clock, sleep: Sleeps | None = None, page: int = 2) -> OrderFeed:
    """A poller of a kind on the test's clock, with small pages."""
    pause = sleep or Sleeps()
    if kind == "ebay":
        return EbayOrders(sleep=pause, page=page)
    chosen = {"amazon": AmazonOrders, "shopee": ShopeeOrders, "lazada": LazadaOrders,
              "tiktok": TikTokOrders}[kind]  # fmt: skip
    return chosen(clock=clock, sleep=pause, page=page)


def sale(kind: str, n: int) -> tuple[str, str, dict[str, str]]:
    """The n-th listing of a kind: its simulator key, its seller SKU, the ids its lines carry."""
    sku, a, b = f"SKU-{n}", str(100 + n), str(200 + n)
    keys = {
        "amazon": (f"A2SELLER/{sku}", {}),
        "ebay": (a, {}),
        "shopee": (f"{a}/{b}", {"item_id": a, "model_id": b}),
        "lazada": (f"{a}/{b}", {"sku_id": b}),
        "tiktok": (f"{a}/{b}@W1", {"product_id": a, "sku_id": b}),
        "shopify": (f"gid://shopify/InventoryItem/{a}@gid://shopify/Location/1", {"variant_id": a}),
        "woocommerce": (f"{a}/{b}", {"product_id": a, "variation_id": b}),
        "webhook": (sku, {}),
    }
    key, ids = keys[kind]
    return key, sku, ids


def place(sim: Running, lines: list[dict[str, Any]]) -> str:
    """POST /_sim/orders; the new order's id."""
    answer = httpx.post(f"{sim.url}/_sim/orders", json={"lines": lines})
    assert answer.status_code == 201, answer.text
    order_id: str = answer.json()["order_id"]
    return order_id


def change(sim: Running, order_id: str, action: str) -> httpx.Response:
    """POST /_sim/orders/{id}/cancel or /fulfil."""
    return httpx.post(f"{sim.url}/_sim/orders/{order_id}/{action}")


def connection(kind: str, sim: Running, **secrets: str) -> Connection:
    """A connection to the simulator with the feed's secrets (some overridden)."""
    extra = {"marketplace_id": "ATVPDKIKX0DER"} if kind == "amazon" else {}
    return Connection(kind, sim.url, 1000.0, 1000, {**SECRETS[kind], **extra, **secrets})


def poll(order_feed: OrderFeed, conn: Connection, since: Any) -> Polled:
    """Run one poll with a real httpx client."""

    async def go() -> Polled:
        async with httpx.AsyncClient(timeout=10) as client:
            return await order_feed.poll(client, conn, since)

    return run(go())

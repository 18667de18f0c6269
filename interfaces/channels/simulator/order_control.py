"""The simulator's order controls under /_sim: place an order as a buyer would, cancel or fulfil
it as the seller would, list them; and, for kinds that push orders, subscribe a URL to their
webhooks, see every delivery and resend one.

    POST /_sim/orders            {"order_id"?, "lines": [{"listing"?, "sku"?, "quantity"}]}
    POST /_sim/orders/{id}/cancel, POST /_sim/orders/{id}/fulfil
    GET  /_sim/orders
    POST /_sim/webhooks          {"url", "secret"?}  (default: the simulator's webhook_secret)
    GET  /_sim/deliveries, POST /_sim/deliveries/{id}/redeliver

A line's `listing` is a key of GET /_sim/listings: the order takes its units from it (409 when it
holds fewer) and a cancellation gives them back."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel, Field

from interfaces.channels.simulator.delivery import Deliverer
from interfaces.channels.simulator.orders import OrderRefused, OrderStatus, SimLine, SimOrder
from interfaces.channels.simulator.store import SoldOut, Store

# Marketplaces whose orders are numbered (their order JSON carries the id as a number).
NUMERIC_IDS = {"shopify", "woocommerce", "lazada"}


class LineIn(BaseModel):
    """One line of a simulated order."""

    listing: str | None = None
    sku: str | None = None
    quantity: int = Field(ge=1)


class OrderIn(BaseModel):
    """A simulated order."""

    order_id: str | None = None
    lines: list[LineIn] = Field(min_length=1)


class SubscriptionIn(BaseModel):
    """Where to deliver order webhooks, and the secret to sign them with."""

    url: str
    secret: str | None = None


def view(order: SimOrder) -> dict[str, Any]:
    """An order as the control routes show it."""
    lines = [{"listing": ln.key, "sku": ln.sku, "quantity": ln.quantity} for ln in order.lines]
    return {
        "order_id": order.order_id,
        "status": order.status,
        "lines": lines,
        "created_at": order.created_at,
        "updated_at": order.updated_at,
    }


def order_router(store: Store, deliverer: Deliverer | None, secret: str | None) -> APIRouter:
    """The routes above; the webhook ones answer 404 for kinds whose orders are polled."""
    api = APIRouter(prefix="/_sim", tags=["simulator"])

    @api.post("/orders", status_code=201)
    async def place(order: OrderIn) -> dict[str, Any]:
        """Place a paid order, taking its units from the listings it names."""
        if order.order_id and store.kind in NUMERIC_IDS and not order.order_id.isdigit():
            raise HTTPException(422, f"{store.kind} order ids are numbers")
        lines = [SimLine(line.listing, line.sku, line.quantity) for line in order.lines]
        taken: list[SimLine] = []
        try:
            for line in lines:
                if line.key:
                    store.take(line.key, line.quantity)
                    taken.append(line)
            return view(store.orders.place(lines, order.order_id))
        except (SoldOut, OrderRefused) as exc:
            for line in taken:
                store.restock(str(line.key), line.quantity)
            raise HTTPException(409, f"order refused: {exc}") from None

    async def change(order_id: str, status: OrderStatus) -> dict[str, Any]:
        try:
            changed = store.orders.change(order_id, status)
        except OrderRefused as exc:
            raise HTTPException(404 if "no order" in str(exc) else 409, str(exc)) from None
        if status == "cancelled":
            for line in changed.lines:
                if line.key:
                    store.restock(line.key, line.quantity)
        return view(changed)

    @api.post("/orders/{order_id}/cancel")
    async def cancel(order_id: str) -> dict[str, Any]:
        """Cancel an open order; its units go back to their listings."""
        return await change(order_id, "cancelled")

    @api.post("/orders/{order_id}/fulfil")
    async def fulfil(order_id: str) -> dict[str, Any]:
        """Ship an open order."""
        return await change(order_id, "fulfilled")

    @api.get("/orders")
    async def orders() -> list[dict[str, Any]]:
        """Every order, oldest first."""
        return [view(order) for order in store.orders.orders.values()]

    def hooks() -> Deliverer:
        if deliverer is None:
            raise HTTPException(404, f"{store.kind} orders are polled, not pushed")
        return deliverer

    @api.post("/webhooks", status_code=201)
    async def subscribe(subscription: SubscriptionIn) -> dict[str, str]:
        """Deliver every later order change to this URL."""
        subscriptions, signing = hooks().subscriptions, subscription.secret or secret
        if not signing:
            raise HTTPException(422, "no secret given and the simulator has no webhook_secret")
        subscriptions.append((subscription.url, signing))
        return {"url": subscription.url}

    @api.get("/deliveries")
    async def deliveries() -> list[dict[str, Any]]:
        """Every delivery and each attempt's answer."""
        return [delivery.view() for delivery in hooks().deliveries]

    @api.post("/deliveries/{delivery_id}/redeliver", status_code=202)
    async def redeliver(delivery_id: int) -> dict[str, int]:
        """Send a delivery once more, byte for byte (a duplicate, as a retry would be)."""
        found = [d for d in hooks().deliveries if d.id == delivery_id]
        if not found:
            raise HTTPException(404, f"no delivery {delivery_id}")
        hooks().redeliver(found[0])
        return {"id": delivery_id}

    return api

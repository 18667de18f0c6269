"""Simulated TikTok Shop: POST /product/202309/products/{product_id}/inventory/update. 401 on a
bad signature, app key, shop cipher, timestamp or token; code 12052700 (HTTP 400) on a body that
is not {skus: [{id, inventory: [{warehouse_id, quantity >= 0}]}]}; code 12019004 for a request
naming a delisted SKU (nothing applied). Listing key "{product_id}/{sku_id}@{warehouse_id}"."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from interfaces.channels.simulator.kind import Malformed, SimulatedKind, read_json
from interfaces.channels.simulator.store import Store
from interfaces.channels.simulator.tiktok_auth import answer, auth_problem
from interfaces.channels.simulator.tiktok_orders import router as orders_router
from interfaces.channels.tiktok import PATH

LIMIT = 100


def _rows(product: str, body: Any) -> list[tuple[str, int]]:
    """(listing key, quantity) per SKU and warehouse; ValueError on a malformed body."""
    skus = body.get("skus") if isinstance(body, dict) else None
    if not isinstance(skus, list) or not 1 <= len(skus) <= LIMIT:
        raise ValueError(f"skus must hold 1 to {LIMIT} SKUs")
    rows = []
    for sku in skus:
        inventory = sku.get("inventory") if isinstance(sku, dict) else None
        if not isinstance(sku.get("id"), str) or not sku["id"] or not isinstance(inventory, list):
            raise ValueError("each SKU needs an id and an inventory list")
        for entry in inventory:
            warehouse, quantity = entry.get("warehouse_id"), entry.get("quantity")
            if not isinstance(warehouse, str) or not isinstance(quantity, int) or quantity < 0:
                raise ValueError("each inventory entry needs a warehouse_id and a quantity >= 0")
            rows.append((f"{product}/{sku['id']}@{warehouse}", quantity))
    return rows


def router(store: Store, secrets: dict[str, str]) -> APIRouter:
    """Update Inventory, one product per call."""
    api = APIRouter(tags=["tiktok"])

    @api.post(PATH)
    async def update_inventory(product_id: str, request: Request) -> JSONResponse:
        """Set each SKU's quantity in each warehouse, or none of them."""
        refused = await auth_problem(request, secrets, store.orders.clock())
        if refused:
            return refused
        try:
            rows = _rows(product_id, await read_json(request))
        except (Malformed, ValueError, AttributeError) as exc:
            return answer(12052700, f"Invalid request body: {exc}", 400)
        gone = [key for key, _ in rows if key in store.gone]
        if gone:
            return answer(12019004, f"SKU not found: {', '.join(gone)}")
        for key, quantity in rows:
            store.set(key, quantity)
        return answer()

    return api


TIKTOK = SimulatedKind(
    router=router,
    throttled_body={"code": 36009004, "message": "Too many requests", "data": {}},
    orders=orders_router,
)

"""Simulated Lazada: POST /product/stock/sellable/update (UpdateSellableQuantity). 401 on a
missing, stale or wrong signature, app key or token; code IllegalParameter on an XML payload
that is not a Request/Product/Skus/Sku list of at most 50 with ItemId, SkuId and a
SellableQuantity of 0 or more. A payload naming a delisted SKU is refused whole, with a `detail`
entry per delisted SKU. Listing key "{ItemId}/{SkuId}"."""

from __future__ import annotations

from xml.etree import ElementTree

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from interfaces.channels.lazada import PATH
from interfaces.channels.simulator.kind import SimulatedKind
from interfaces.channels.simulator.lazada_auth import answer, auth_problem, parameters
from interfaces.channels.simulator.lazada_orders import router as orders_router
from interfaces.channels.simulator.store import Store

LIMIT = 50


class BadPayload(Exception):
    """The payload is not the XML UpdateSellableQuantity takes."""


def read_payload(xml: str) -> list[tuple[str, str, int]]:
    """(ItemId, SkuId, SellableQuantity) per Sku, or BadPayload."""
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError as exc:
        raise BadPayload(f"payload is not XML: {exc}") from exc
    skus = root.findall("./Product/Skus/Sku") if root.tag == "Request" else []
    if not 1 <= len(skus) <= LIMIT:
        raise BadPayload(f"Request/Product/Skus must hold 1 to {LIMIT} Sku")
    rows = []
    for sku in skus:
        fields = [(sku.findtext(name) or "").strip() for name in ("ItemId", "SkuId")]
        quantity = (sku.findtext("SellableQuantity") or "").strip()
        if not all(field.isdigit() for field in fields) or not quantity.isdigit():
            raise BadPayload("each Sku needs a numeric ItemId, SkuId and SellableQuantity >= 0")
        rows.append((fields[0], fields[1], int(quantity)))
    return rows


def router(store: Store, secrets: dict[str, str]) -> APIRouter:
    """UpdateSellableQuantity; the quantity overrides the SKU's sellable stock."""
    api = APIRouter(tags=["lazada"])

    @api.post(PATH)
    async def update_sellable_quantity(request: Request) -> JSONResponse:
        """Set each SKU's sellable quantity, or none of them."""
        params = await parameters(request)
        refused = auth_problem(params, secrets, PATH, store.orders.clock())
        if refused:
            return refused
        try:
            rows = read_payload(params.get("payload", ""))
        except BadPayload as exc:
            return answer("IllegalParameter", str(exc), 400)
        gone = [sku for item, sku, _ in rows if f"{item}/{sku}" in store.gone]
        if gone:
            detail = [{"sku_id": sku, "message": "SKU does not exist"} for sku in gone]
            return answer("208", "Some SKUs cannot be updated", detail=detail)
        for item, sku, quantity in rows:
            store.set(f"{item}/{sku}", quantity)
        return answer()

    return api


LAZADA = SimulatedKind(
    router=router,
    throttled_body={"code": "ApiCallLimit", "type": "ISP", "message": "Too many requests"},
    orders=orders_router,
)

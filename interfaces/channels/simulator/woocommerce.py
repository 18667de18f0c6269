"""Simulated WooCommerce REST API v3: POST /wp-json/wc/v3/products/batch and
/products/{id}/variations/batch. 401 on wrong Basic credentials, 413 past 100 items (as
WooCommerce core answers), 400 on a body the OpenAPI spec refuses, per-item errors for
delisted products."""

from __future__ import annotations

import base64
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from interfaces.channels import specs
from interfaces.channels.simulator.kind import Malformed, SimulatedKind, read_json
from interfaces.channels.simulator.order_webhooks import WOOCOMMERCE_HOOKS
from interfaces.channels.simulator.store import Store

LIMIT = 100
BODY = "/paths/{path}/post/requestBody/content/application~1json/schema"
PRODUCTS = BODY.format(path="~1products~1batch")
VARIATIONS = BODY.format(path="~1products~1{productId}~1variations~1batch")


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"code": code, "message": message, "data": {"status": status}}, status)


def credentials(header: str) -> tuple[str, str] | None:
    """(consumer key, consumer secret) from a Basic Authorization header."""
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        key, sep, secret = base64.b64decode(token, validate=True).decode().partition(":")
    except ValueError:  # binascii.Error, UnicodeDecodeError, non-ASCII input
        return None
    return (key, secret) if sep else None


def router(store: Store, secrets: dict[str, str]) -> APIRouter:
    """Listing keys "{product_id}" and "{product_id}/{variation_id}"."""
    api = APIRouter(tags=["woocommerce"])
    expected = (secrets["consumer_key"], secrets["consumer_secret"])

    async def batch(request: Request, pointer: str, prefix: str) -> JSONResponse:
        if credentials(request.headers.get("authorization", "")) != expected:
            return _error(401, "woocommerce_rest_authentication_error", "Consumer key is invalid.")
        try:
            body = await read_json(request)
        except Malformed as exc:
            return _error(400, "rest_invalid_json", str(exc))
        if isinstance(body, dict) and _count(body) > LIMIT:
            message = f"Unable to accept more than {LIMIT} items for this request."
            return _error(413, "woocommerce_rest_request_entity_too_large", message)
        wrong = specs.problems(specs.schema_at(specs.WOOCOMMERCE, pointer), body)
        if wrong or not isinstance(body, dict):
            return _error(400, "rest_invalid_param", "Invalid parameter(s): " + "; ".join(wrong))
        return JSONResponse(
            {"update": [_update(store, prefix, item) for item in body.get("update") or []]}
        )

    @api.post("/wp-json/wc/v3/products/batch")
    async def batch_products(request: Request) -> JSONResponse:
        """Batch update products (create and delete are not simulated)."""
        return await batch(request, PRODUCTS, "")

    @api.post("/wp-json/wc/v3/products/{product_id}/variations/batch")
    async def batch_variations(product_id: int, request: Request) -> JSONResponse:
        """Batch update one product's variations."""
        return await batch(request, VARIATIONS, f"{product_id}/")

    return api


def _count(body: dict[str, Any]) -> int:
    lists = (body.get(name) for name in ("create", "update", "delete"))
    return sum(len(items) for items in lists if isinstance(items, list))


def _update(store: Store, prefix: str, item: dict[str, Any]) -> dict[str, Any]:
    """One batch item: the product as stored, or {id, error}."""
    key = f"{prefix}{item.get('id')}"
    if not isinstance(item.get("id"), int) or item["id"] <= 0 or key in store.gone:
        error = {
            "code": "woocommerce_rest_product_invalid_id",
            "message": "Invalid ID.",
            "data": {"status": 400},
        }
        return {"id": item.get("id") or 0, "error": error}
    managed = item.get("manage_stock") is True or store.quantity(key) is not None
    if managed and isinstance(item.get("stock_quantity"), int):
        store.set(key, item["stock_quantity"])
    quantity = store.quantity(key)
    status = "instock" if quantity and quantity > 0 else "outofstock"
    return {
        "id": item["id"],
        "manage_stock": managed,
        "stock_quantity": quantity,
        "stock_status": status,
    }


WOOCOMMERCE = SimulatedKind(
    router=router,
    hooks=WOOCOMMERCE_HOOKS,
    throttled_body={"code": "woocommerce_rest_too_many_requests", "message": "Too many requests."},
)

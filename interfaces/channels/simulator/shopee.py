"""Simulated Shopee Open Platform v2: POST /api/v2/product/update_stock. 401 on a missing,
stale (over 5 minutes) or wrong signature, partner, shop or token; 400 on a body that is not
an update_stock request; per-model failures for delisted models."""

from __future__ import annotations

import time
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from interfaces.channels import specs
from interfaces.channels.shopee import PATH
from interfaces.channels.simulator.kind import Malformed, SimulatedKind, read_json
from interfaces.channels.simulator.shopee_auth import answer, auth_problem
from interfaces.channels.simulator.shopee_orders import router as orders_router
from interfaces.channels.simulator.store import Store


def router(store: Store, secrets: dict[str, str]) -> APIRouter:
    """update_stock; listing key "{item_id}/{model_id}", quantity = the sum of seller_stock."""
    api = APIRouter(tags=["shopee"])

    @api.post(PATH)
    async def update_stock(request: Request) -> JSONResponse:
        """Set the seller stock of each model of one item."""
        problem = auth_problem(dict(request.query_params), secrets, time.time())
        if problem:
            code = "error_sign" if problem == "wrong sign" else "error_auth"
            return answer(code, problem, 401)
        try:
            body = await read_json(request)
        except Malformed as exc:
            return answer("error_param", str(exc), 400)
        wrong = specs.problems(specs.schema("shopee_update_stock.schema.json"), body)
        if wrong:
            return answer("error_param", "; ".join(wrong), 400)
        return answer(response=_update(store, body))

    return api


def _update(store: Store, body: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    success, failure = [], []
    for model in body["stock_list"]:
        key = f"{body['item_id']}/{model['model_id']}"
        if key in store.gone:
            failure.append({"model_id": model["model_id"], "failed_reason": "model not found"})
            continue
        store.set(key, sum(int(stock["stock"]) for stock in model["seller_stock"]))
        success.append({"model_id": model["model_id"], "seller_stock": model["seller_stock"]})
    return {"success_list": success, "failure_list": failure}


SHOPEE = SimulatedKind(
    router=router,
    throttled_body={"error": "error_too_many_request", "message": "Too many requests."},
    orders=orders_router,
)

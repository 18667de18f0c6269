"""Simulated webhook receiver: a POST to any path, checked against X-Stocksync-Signature
(5 minutes' tolerance) and the webhook body schema. Listing key: the SKU."""

from __future__ import annotations

import time

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from interfaces.channels import specs
from interfaces.channels.simulator.kind import Malformed, SimulatedKind, read_json
from interfaces.channels.simulator.order_webhooks import GENERIC_HOOKS
from interfaces.channels.simulator.store import Store
from interfaces.channels.webhook import HEADER, verify


def router(store: Store, secrets: dict[str, str]) -> APIRouter:
    """POST / (or any path): store each update's `available` under its SKU."""
    api = APIRouter(tags=["webhook"])

    @api.post("/{path:path}")
    async def receive(path: str, request: Request) -> JSONResponse:
        """Verify the signature over the raw body, then apply the updates."""
        raw = await request.body()
        signed = request.headers.get(HEADER, "")
        if not verify(secrets["signing_secret"], signed, raw, time.time()):
            return JSONResponse({"error": "missing, stale or wrong signature"}, 401)
        try:
            body = await read_json(request)
        except Malformed as exc:
            return JSONResponse({"error": str(exc)}, 400)
        wrong = specs.problems(specs.schema("webhook.schema.json"), body)
        if wrong:
            return JSONResponse({"error": "; ".join(wrong)}, 400)
        for update in body["updates"]:
            store.set(update["sku"], update["available"])
        return JSONResponse({"received": len(body["updates"])})

    return api


WEBHOOK = SimulatedKind(
    router=router, throttled_body={"error": "rate limited"}, hooks=GENERIC_HOOKS
)

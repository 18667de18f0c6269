"""The simulator app for one marketplace kind: its routes, a token bucket in front of them
(429 with Retry-After past the rate limit, checked before auth, as a gateway would), counts of
every answer, and the /_sim routes (neither metered nor counted, like the docs)."""

from __future__ import annotations

import math
import time
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse

from interfaces.channels.bucket import TokenBucket
from interfaces.channels.marketplace import marketplace
from interfaces.channels.simulator.amazon import AMAZON
from interfaces.channels.simulator.control import control_router
from interfaces.channels.simulator.delivery import Deliverer
from interfaces.channels.simulator.ebay import EBAY
from interfaces.channels.simulator.kind import SimulatedKind
from interfaces.channels.simulator.lazada import LAZADA
from interfaces.channels.simulator.order_control import order_router
from interfaces.channels.simulator.shopee import SHOPEE
from interfaces.channels.simulator.shopify import SHOPIFY
from interfaces.channels.simulator.store import Store
from interfaces.channels.simulator.tiktok import TIKTOK
from interfaces.channels.simulator.webhook import WEBHOOK
from interfaces.channels.simulator.woocommerce import WOOCOMMERCE

Middleware = Callable[[Request, Callable[[Request], Awaitable[Response]]], Awaitable[Response]]
UNMETERED = {"/docs", "/docs/oauth2-redirect", "/redoc", "/openapi.json"}
KINDS: dict[str, SimulatedKind] = {
    "shopify": SHOPIFY,
    "amazon": AMAZON,
    "shopee": SHOPEE,
    "woocommerce": WOOCOMMERCE,
    "webhook": WEBHOOK,
    "ebay": EBAY,
    "lazada": LAZADA,
    "tiktok": TIKTOK,
}


def create_app(
    kind: str,
    secrets: dict[str, str],
    rate_limit: float,
    burst: int | None = None,
    clock: Callable[[], float] = time.time,
    retry_delay: float = 1.0,
) -> FastAPI:
    """A simulated marketplace of `kind` that accepts these secrets (by the kind's secret
    names) and `rate_limit` requests/s with `burst` (default: the rate, at least 1). Its orders
    are stamped by `clock`; a failed webhook delivery is retried after `retry_delay` seconds,
    doubling. An optional `webhook_secret` signs order webhooks."""
    simulated = KINDS.get(kind)
    if simulated is None:
        raise ValueError(f"unknown marketplace kind {kind!r}; known: {', '.join(KINDS)}")
    missing = [name for name in marketplace(kind).secret_names if not secrets.get(name)]
    if missing:
        raise ValueError(f"a {kind} simulator needs the secret(s) {', '.join(missing)}")
    store = Store(kind, clock)
    app = FastAPI(title=f"stocksync {kind} marketplace simulator")
    app.include_router(control_router(store))
    deliverer = Deliverer(simulated.hooks, retry_delay) if simulated.hooks else None
    if deliverer:
        store.orders.listeners.append(deliverer.notify)
    app.include_router(order_router(store, deliverer, secrets.get("webhook_secret")))
    app.include_router(simulated.router(store, dict(secrets)))
    if simulated.orders:
        app.include_router(simulated.orders(store, dict(secrets)))
    bucket = TokenBucket(rate_limit, burst or max(1, math.ceil(rate_limit)))
    app.middleware("http")(meter(store, bucket, simulated.throttled_body))
    return app


def meter(store: Store, bucket: TokenBucket, throttled: dict[str, Any]) -> Middleware:
    """Count every marketplace request and its answer; past the bucket, answer 429."""

    async def metered(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        if request.url.path.startswith("/_sim/") or request.url.path in UNMETERED:
            return await call_next(request)
        store.counts["requests"] += 1
        wait = bucket.take()
        if wait > 0:
            headers = {"Retry-After": str(max(1, math.ceil(wait)))}
            response: Response = JSONResponse(throttled, 429, headers=headers)
        else:
            response = await call_next(request)
        store.answered(response.status_code)
        return response

    return metered

"""The FastAPI application factory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI

from interfaces.http import errors, openapi
from interfaces.http.body_limit import BodyLimit
from interfaces.http.deps import single_query_values
from interfaces.http.routes import (
    channels,
    events,
    health,
    nats_credentials,
    replenishment,
    reservations,
    skus,
    stock,
    tokens,
    transfers,
)
from interfaces.runtime.bootstrap import Container

DESCRIPTION = """Every stock movement of a SKU at a location, recorded once as an immutable event.
Promises (reservations, transfers) are checked against what is available; physical facts are
always recorded. Every command answers with `position`, its place in the event log."""


def create_app(container: Container, *, manage: bool = True) -> FastAPI:
    """Build the HTTP app around a container; with ``manage`` the app starts and stops it."""

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if manage:
            container.start()
        try:
            yield
        finally:
            if manage:
                container.stop()

    app = FastAPI(
        title="stocksync",
        version="0.1.0",
        description=DESCRIPTION,
        lifespan=lifespan,
        dependencies=[Depends(single_query_values)],
    )
    app.state.container = container
    errors.install(app)
    openapi.install(app)
    app.add_middleware(BodyLimit)
    for module in (health, stock, skus, reservations, transfers, channels, replenishment):
        app.include_router(module.router)
    app.include_router(events.router)
    app.include_router(tokens.router)
    app.include_router(nats_credentials.router)
    return app

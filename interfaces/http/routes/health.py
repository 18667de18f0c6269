"""Liveness and readiness."""

from __future__ import annotations

import asyncio
from typing import Any

from eventsourcing.persistence import PersistenceError
from fastapi import APIRouter, Request

from interfaces.http.errors import problem
from interfaces.http.schemas import Health
from interfaces.messaging.users import without_credentials
from interfaces.runtime.container import Container

router = APIRouter(tags=["health"])
PROBE_TIMEOUT = 2.5  # seconds: a database that does not answer by then is down


@router.get("/healthz", response_model=Health)
async def healthz(request: Request) -> Any:
    """200 once the service is ready: the store answers and the views are followed; 503 with
    `database_up: false` while the database does not answer."""
    container = request.app.state.container
    try:
        position, views = await asyncio.wait_for(asyncio.to_thread(_read, container), PROBE_TIMEOUT)
        up = True
    except (TimeoutError, PersistenceError):
        position, views, up = None, {}, False
    figures: dict[str, Any] = {
        "database": "postgresql" if container.postgres else "sqlite",
        "database_up": up,
        "log_position": position,
        "nats_url": container.nats_url and without_credentials(container.nats_url),
        "nats_connected": bool(container.messaging and container.messaging.broker.connected),
        "views": views,
    }
    if up:
        return {"status": "ok", **figures}
    # A problem+json, as every 503, with the readiness figures as extension members.
    detail = "the database does not answer"
    response = problem(503, "database_down", "Database down", detail, **figures)
    response.headers["Retry-After"] = "2"
    return response


def _read(container: Container) -> tuple[int, dict[str, int]]:
    # Off the event loop: each figure is a query, and the database may not answer.
    position = container.ledger.recorder.max_notification_id() or 0
    # How far each view has applied the log: a view that stops advancing shows here.
    return position, {name: f.position for name, f in container.followers.items()}

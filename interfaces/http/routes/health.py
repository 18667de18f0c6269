"""Liveness and readiness."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from interfaces.http.schemas import Health
from interfaces.messaging.users import without_credentials

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=Health)
def healthz(request: Request) -> dict[str, Any]:
    """200 once the service is ready: the store is open and the views are followed."""
    container = request.app.state.container
    return {
        "status": "ok",
        "database": "postgresql" if container.postgres else "sqlite",
        "log_position": container.ledger.recorder.max_notification_id() or 0,
        "nats_url": container.nats_url and without_credentials(container.nats_url),
        "nats_connected": bool(container.messaging and container.messaging.broker.connected),
        # How far each view has applied the log: a view that stops advancing shows here.
        "views": {name: f.position for name, f in container.followers.items()},
    }

"""What each simulated kind provides to the app: its routes and its answer past the rate limit."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request

from interfaces.channels.simulator.delivery import Hooks
from interfaces.channels.simulator.store import Store

Routes = Callable[[Store, dict[str, str]], APIRouter]


@dataclass(frozen=True)
class SimulatedKind:
    """A marketplace kind as the simulator plays it: its stock routes, its answer past the rate
    limit, and either an order feed to poll (`orders`) or order webhooks it pushes (`hooks`)."""

    router: Routes
    throttled_body: dict[str, Any]
    orders: Routes | None = None
    hooks: Hooks | None = None


class Malformed(Exception):
    """The request body is not the JSON the endpoint takes."""


async def read_json(request: Request) -> Any:
    """The request's JSON body; Malformed if it is not JSON."""
    try:
        return json.loads(await request.body())
    except ValueError as exc:
        raise Malformed(f"body is not JSON: {exc}") from exc

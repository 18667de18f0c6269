"""Reservations: all-or-nothing promises of stock to orders."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from starlette.responses import Response

from application import views
from application.reservations import Fulfil, Release, Reserve
from domain.routing import Line
from interfaces.http.answer import answer
from interfaces.http.deps import Commands, IdempotencyKey, Ledger, ReservationId
from interfaces.http.schemas import EmptyIn, ReleaseIn, ReservationIn, ReservationOut

router = APIRouter(prefix="/v1/reservations", tags=["reservations"])


@router.post("", response_model=ReservationOut, status_code=201)
async def reserve(body: ReservationIn, executor: Commands) -> Response:
    """Reserve an order's lines; unlocated lines are routed. Every line or none (409).
    The reservation id is the idempotency key: a retry gets the original answer."""
    lines = tuple(Line(ln.sku, ln.quantity, ln.location) for ln in body.lines)
    command = Reserve(body.reservation_id, body.order_id, body.channel, lines, body.expires_at)
    return answer(await executor.run(command), 201)


@router.get("/{reservation_id}", response_model=ReservationOut)
def get_reservation(reservation_id: ReservationId, ledger: Ledger) -> dict[str, Any]:
    """A reservation and its status: reserved, released or fulfilled."""
    res = ledger.reservation(reservation_id)
    return {**views.reservation(res), "position": ledger.position_of(res)}


@router.post("/{reservation_id}/release", response_model=ReservationOut)
async def release(
    reservation_id: ReservationId,
    executor: Commands,
    body: ReleaseIn | None = None,
    key: IdempotencyKey = None,
) -> Response:
    """Release a reservation (cancelled, by default); releasing it again changes nothing."""
    reason = body.reason if body else "cancelled"
    return answer(await executor.run(Release(reservation_id, reason, key=key)))


@router.post("/{reservation_id}/fulfil", response_model=ReservationOut)
async def fulfil(
    reservation_id: ReservationId,
    executor: Commands,
    body: EmptyIn | None = None,
    key: IdempotencyKey = None,
) -> Response:
    """Record that the reservation shipped: on hand and reserved both fall."""
    return answer(await executor.run(Fulfil(reservation_id, key=key)))

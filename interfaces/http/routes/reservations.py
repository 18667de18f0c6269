"""Reservations: all-or-nothing promises of stock to orders."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter

from application import views
from application.service import StockLedger
from domain.grant import READ, RESERVATIONS_WRITE, Grant
from domain.routing import Line
from interfaces.http.auth import channel_checked_by_route
from interfaces.http.deps import IdempotencyKey, Ledger, ReservationId
from interfaces.http.routes.stock import answer
from interfaces.http.schemas import EmptyIn, ReleaseIn, ReservationIn, ReservationOut

router = APIRouter(prefix="/v1/reservations", tags=["reservations"])
# Each route checks the reservation's channel itself: it is in the body or in the reservation.
Reader = Annotated[Grant, channel_checked_by_route(READ)]
Writer = Annotated[Grant, channel_checked_by_route(RESERVATIONS_WRITE)]


@router.post("", response_model=ReservationOut, status_code=201)
async def reserve(body: ReservationIn, ledger: Ledger, grant: Writer) -> dict[str, Any]:
    """Reserve an order's lines; unlocated lines are routed. Every line or none (409).
    The reservation id is the idempotency key: a retry gets the original answer.
    A channel-limited token may reserve only on its channels."""
    grant.require_channel(body.channel)
    lines = [Line(ln.sku, ln.quantity, ln.location) for ln in body.lines]
    outcome = await ledger.call(
        ledger.reserve, body.reservation_id, body.order_id, body.channel, lines, body.expires_at
    )
    return answer(outcome)


@router.get("/{reservation_id}", response_model=ReservationOut)
def get_reservation(reservation_id: ReservationId, ledger: Ledger, grant: Reader) -> dict[str, Any]:
    """A reservation and its status: reserved, released or fulfilled."""
    res = ledger.reservation(reservation_id)
    grant.require_channel(res.channel)
    return {**views.reservation(res), "position": ledger.position_of(res)}


@router.post("/{reservation_id}/release", response_model=ReservationOut)
def release(
    reservation_id: ReservationId,
    ledger: Ledger,
    grant: Writer,
    body: ReleaseIn | None = None,
    key: IdempotencyKey = None,
) -> dict[str, Any]:
    """Release a reservation (cancelled, by default); releasing it again changes nothing."""
    require_own(ledger, grant, reservation_id)
    reason = body.reason if body else "cancelled"
    return answer(ledger.release(reservation_id, reason, key))


@router.post("/{reservation_id}/fulfil", response_model=ReservationOut)
def fulfil(
    reservation_id: ReservationId,
    ledger: Ledger,
    grant: Writer,
    body: EmptyIn | None = None,
    key: IdempotencyKey = None,
) -> dict[str, Any]:
    """Record that the reservation shipped: on hand and reserved both fall."""
    require_own(ledger, grant, reservation_id)
    return answer(ledger.fulfil(reservation_id, key))


def require_own(ledger: StockLedger, grant: Grant, reservation_id: str) -> None:
    """A channel-limited token changes only its channels' reservations (checked before the
    command, so a refusal writes nothing; other tokens skip the extra load)."""
    if grant.limited:
        grant.require_channel(ledger.reservation(reservation_id).channel)

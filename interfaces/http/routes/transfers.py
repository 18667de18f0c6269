"""Transfers between locations."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from application import views
from domain.grant import READ, STOCK_WRITE
from interfaces.http.auth import scope
from interfaces.http.deps import IdempotencyKey, Ledger, TransferId
from interfaces.http.routes.stock import answer
from interfaces.http.schemas import EmptyIn, TransferIn, TransferOut

router = APIRouter(prefix="/v1/transfers", tags=["transfers"])


@router.post("", response_model=TransferOut, status_code=201, dependencies=[scope(STOCK_WRITE)])
def transfer(body: TransferIn, ledger: Ledger) -> dict[str, Any]:
    """Dispatch units from one location to another; checked against the source's available.
    The transfer id is the idempotency key."""
    outcome = ledger.transfer(
        body.transfer_id, body.sku, body.from_location, body.to_location, body.quantity
    )
    return answer(outcome)


@router.get("/{transfer_id}", response_model=TransferOut, dependencies=[scope(READ)])
def get_transfer(transfer_id: TransferId, ledger: Ledger) -> dict[str, Any]:
    """A transfer and its status: in_transit or received."""
    tr = ledger.find_transfer(transfer_id)
    return {**views.transfer(tr), "position": ledger.position_of(tr)}


@router.post(
    "/{transfer_id}/receive", response_model=TransferOut, dependencies=[scope(STOCK_WRITE)]
)
def receive_transfer(
    transfer_id: TransferId, ledger: Ledger, body: EmptyIn | None = None, key: IdempotencyKey = None
) -> dict[str, Any]:
    """Record the transfer's arrival: in transit becomes on hand at the destination."""
    return answer(ledger.receive_transfer(transfer_id, key))

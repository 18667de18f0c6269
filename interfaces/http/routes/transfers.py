"""Transfers between locations."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from starlette.responses import Response

from application import views
from application.transfers import ReceiveTransfer, Transfer
from domain.grant import READ, STOCK_WRITE
from interfaces.http.answer import answer
from interfaces.http.auth import scope
from interfaces.http.deps import Commands, IdempotencyKey, Ledger, TransferId
from interfaces.http.schemas import EmptyIn, TransferIn, TransferOut

router = APIRouter(prefix="/v1/transfers", tags=["transfers"])


@router.post("", response_model=TransferOut, status_code=201, dependencies=[scope(STOCK_WRITE)])
async def transfer(body: TransferIn, executor: Commands) -> Response:
    """Dispatch units from one location to another; checked against the source's available.
    The transfer id is the idempotency key."""
    b = body
    command = Transfer(b.transfer_id, b.sku, b.from_location, b.to_location, b.quantity)
    return answer(await executor.run(command), 201)


@router.get("/{transfer_id}", response_model=TransferOut, dependencies=[scope(READ)])
def get_transfer(transfer_id: TransferId, ledger: Ledger) -> dict[str, Any]:
    """A transfer and its status: in_transit or received."""
    tr = ledger.find_transfer(transfer_id)
    return {**views.transfer(tr), "position": ledger.position_of(tr)}


@router.post(
    "/{transfer_id}/receive", response_model=TransferOut, dependencies=[scope(STOCK_WRITE)]
)
async def receive_transfer(
    transfer_id: TransferId,
    executor: Commands,
    body: EmptyIn | None = None,
    key: IdempotencyKey = None,
) -> Response:
    """Record the transfer's arrival: in transit becomes on hand at the destination."""
    return answer(await executor.run(ReceiveTransfer(transfer_id, key=key)))

"""Stock movements and levels at one SKU-location."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from starlette.responses import Response

from application.movements import Adjust, Count, Receive, Return, SetReorderPoint, SetSafetyStock
from domain.grant import READ, STOCK_WRITE
from interfaces.http.answer import answer
from interfaces.http.auth import scope
from interfaces.http.channel_schemas import ReorderPointIn
from interfaces.http.deps import Commands, IdempotencyKey, Ledger, Location, Sku
from interfaces.http.fields import IsoMoment, WholeNumber
from interfaces.http.schemas import (
    AdjustmentIn,
    CountIn,
    EventsPage,
    ReceiptIn,
    ReturnIn,
    SafetyStockIn,
    StockLevel,
)

router = APIRouter(prefix="/v1/stock/{location}/{sku}", tags=["stock"])
# Versions are 64-bit integers in the event store; a larger one is bad input, not a 500.
MAX_VERSION = 2**63 - 1


@router.post("/receipts", response_model=StockLevel, dependencies=[scope(STOCK_WRITE)])
async def receive(
    location: Location, sku: Sku, body: ReceiptIn, executor: Commands, key: IdempotencyKey = None
) -> Response:
    """Record goods received (PO/ASN); answers the new stock level."""
    return answer(
        await executor.run(Receive(sku, location, body.quantity, body.reference, key=key))
    )


@router.post("/adjustments", response_model=StockLevel, dependencies=[scope(STOCK_WRITE)])
async def adjust(
    location: Location, sku: Sku, body: AdjustmentIn, executor: Commands, key: IdempotencyKey = None
) -> Response:
    """Record damage, loss, a find, a correction or a quality hold/release.
    Refused with 409 `negative_on_hand` if it would take on hand below zero."""
    command = Adjust(sku, location, body.delta, body.reason, body.reference, key=key)
    return answer(await executor.run(command))


@router.post("/counts", response_model=StockLevel, dependencies=[scope(STOCK_WRITE)])
async def count(
    location: Location, sku: Sku, body: CountIn, executor: Commands, key: IdempotencyKey = None
) -> Response:
    """Record an absolute cycle count; the event keeps the delta."""
    return answer(await executor.run(Count(sku, location, body.quantity, body.reference, key=key)))


@router.put("/safety-stock", response_model=StockLevel, dependencies=[scope(STOCK_WRITE)])
async def set_safety_stock(
    location: Location,
    sku: Sku,
    body: SafetyStockIn,
    executor: Commands,
    key: IdempotencyKey = None,
) -> Response:
    """Set the units held back from what is available."""
    return answer(await executor.run(SetSafetyStock(sku, location, body.quantity, key=key)))


@router.post("/returns", response_model=StockLevel, dependencies=[scope(STOCK_WRITE)])
async def return_stock(
    location: Location, sku: Sku, body: ReturnIn, executor: Commands, key: IdempotencyKey = None
) -> Response:
    """Record a customer return; only a restockable one goes back on hand."""
    command = Return(sku, location, body.quantity, body.restock, body.reference, key=key)
    return answer(await executor.run(command))


@router.put("/reorder-point", response_model=StockLevel, dependencies=[scope(STOCK_WRITE)])
async def set_reorder_point(
    location: Location,
    sku: Sku,
    body: ReorderPointIn,
    executor: Commands,
    key: IdempotencyKey = None,
) -> Response:
    """Ask for replenishment whenever available is at or below the reorder point."""
    command = SetReorderPoint(sku, location, body.reorder_point, body.reorder_quantity, key=key)
    return answer(await executor.run(command))


@router.get("", response_model=StockLevel, dependencies=[scope(READ)])
def level(
    location: Location,
    sku: Sku,
    ledger: Ledger,
    as_of: Annotated[
        IsoMoment | None,
        Query(description="ISO-8601 moment (UTC if no offset): the level as it was then"),
    ] = None,
    as_of_version: Annotated[WholeNumber | None, Query(ge=1, le=MAX_VERSION)] = None,
) -> dict[str, Any]:
    """The stock level now, as of a moment, or as of a version; 404 if never seen (by then)."""
    return ledger.stock_level(sku, location, as_of=as_of, as_of_version=as_of_version)


@router.get("/events", response_model=EventsPage, dependencies=[scope(READ)])
def events(
    location: Location,
    sku: Sku,
    ledger: Ledger,
    after: Annotated[
        WholeNumber, Query(ge=0, le=MAX_VERSION, description="version to start after")
    ] = 0,
    limit: Annotated[WholeNumber, Query(ge=1, le=1000)] = 100,
) -> dict[str, Any]:
    """The SKU-location's events, oldest first, paged by version."""
    page, next_after = ledger.stock_events(sku, location, after, limit)
    return {"events": page, "next_after": next_after}

"""Stock movements and levels at one SKU-location."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from application.command import Outcome
from domain.grant import READ, STOCK_WRITE
from interfaces.http.auth import scope
from interfaces.http.channel_schemas import ReorderPointIn
from interfaces.http.deps import IdempotencyKey, Ledger, Location, Sku
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


def answer(outcome: Outcome) -> dict[str, Any]:
    """A command's body with its consistency token."""
    return {**outcome.body, "position": outcome.position}


@router.post("/receipts", response_model=StockLevel, dependencies=[scope(STOCK_WRITE)])
async def receive(
    location: Location, sku: Sku, body: ReceiptIn, ledger: Ledger, key: IdempotencyKey = None
) -> dict[str, Any]:
    """Record goods received (PO/ASN); answers the new stock level."""
    return answer(
        await ledger.call(ledger.receive, sku, location, body.quantity, body.reference, key)
    )


@router.post("/adjustments", response_model=StockLevel, dependencies=[scope(STOCK_WRITE)])
async def adjust(
    location: Location, sku: Sku, body: AdjustmentIn, ledger: Ledger, key: IdempotencyKey = None
) -> dict[str, Any]:
    """Record damage, loss, a find, a correction or a quality hold/release.
    Refused with 409 `negative_on_hand` if it would take on hand below zero."""
    outcome = await ledger.call(
        ledger.adjust, sku, location, body.delta, body.reason, body.reference, key
    )
    return answer(outcome)


@router.post("/counts", response_model=StockLevel, dependencies=[scope(STOCK_WRITE)])
async def count(
    location: Location, sku: Sku, body: CountIn, ledger: Ledger, key: IdempotencyKey = None
) -> dict[str, Any]:
    """Record an absolute cycle count; the event keeps the delta."""
    return answer(
        await ledger.call(ledger.count, sku, location, body.quantity, body.reference, key)
    )


@router.put("/safety-stock", response_model=StockLevel, dependencies=[scope(STOCK_WRITE)])
async def set_safety_stock(
    location: Location, sku: Sku, body: SafetyStockIn, ledger: Ledger, key: IdempotencyKey = None
) -> dict[str, Any]:
    """Set the units held back from what is available."""
    return answer(await ledger.call(ledger.set_safety_stock, sku, location, body.quantity, key))


@router.post("/returns", response_model=StockLevel, dependencies=[scope(STOCK_WRITE)])
async def return_stock(
    location: Location, sku: Sku, body: ReturnIn, ledger: Ledger, key: IdempotencyKey = None
) -> dict[str, Any]:
    """Record a customer return; only a restockable one goes back on hand."""
    outcome = await ledger.call(
        ledger.return_stock, sku, location, body.quantity, body.restock, body.reference, key
    )
    return answer(outcome)


@router.put("/reorder-point", response_model=StockLevel, dependencies=[scope(STOCK_WRITE)])
async def set_reorder_point(
    location: Location, sku: Sku, body: ReorderPointIn, ledger: Ledger, key: IdempotencyKey = None
) -> dict[str, Any]:
    """Ask for replenishment whenever available is at or below the reorder point."""
    outcome = await ledger.call(
        ledger.set_reorder_point, sku, location, body.reorder_point, body.reorder_quantity, key
    )
    return answer(outcome)


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

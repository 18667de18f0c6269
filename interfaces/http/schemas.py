"""Request and response models: the HTTP contract. Never reused as events or rows."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
)

from domain.ids import ID_PATTERN
from interfaces.http.fields import MAX_LINES, Count, Id, IsoAwareMoment, Quantity, Reference, Text

Reason = Literal["damaged", "lost", "found", "correction", "quality_hold", "quality_release"]


def _in_utc(moment: datetime) -> datetime:
    """Refuse a moment that has no UTC equivalent (the views and the sweeper compare in UTC)."""
    try:
        moment.astimezone(UTC)
    except OverflowError as exc:
        raise ValueError("must be a moment between the years 1 and 9999 in UTC") from exc
    return moment


Moment = Annotated[IsoAwareMoment, AfterValidator(_in_utc)]


def _example(**example: Any) -> ConfigDict:
    return ConfigDict(extra="forbid", json_schema_extra={"examples": [example]})


class ReceiptIn(BaseModel):
    model_config = _example(quantity=10, reference="PO-1001")
    quantity: Quantity
    reference: Reference = None


class AdjustmentIn(BaseModel):
    model_config = _example(delta=-2, reason="damaged", reference="DMG-7")
    delta: Annotated[StrictInt, Field(ge=-1_000_000_000, le=1_000_000_000)]
    reason: Reason
    reference: Reference = None


class CountIn(BaseModel):
    model_config = _example(quantity=42, reference="COUNT-2026-11-27")
    quantity: Count
    reference: Reference = None


class SafetyStockIn(BaseModel):
    model_config = _example(quantity=2)
    quantity: Count


class ReturnIn(BaseModel):
    model_config = _example(quantity=1, reference="RMA-88", restock=True)
    quantity: Quantity
    reference: Reference = None
    restock: StrictBool


LEVEL_EXAMPLE: dict[str, Any] = {
    "sku": "SKU-1",
    "location": "WH1",
    "on_hand": 10,
    "reserved": 2,
    "safety_stock": 1,
    "in_transit": 0,
    "available": 7,
    "version": 4,
    "position": 12,
}


class StockLevel(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [LEVEL_EXAMPLE]})
    sku: str
    location: str
    on_hand: int
    reserved: int
    safety_stock: int
    in_transit: int
    available: int
    version: int
    position: int


class Totals(BaseModel):
    on_hand: int
    reserved: int
    safety_stock: int
    in_transit: int
    available: int


class SkuOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "sku": "SKU-1",
                    "totals": {
                        "on_hand": 10,
                        "reserved": 2,
                        "safety_stock": 1,
                        "in_transit": 0,
                        "available": 7,
                    },
                    "locations": [LEVEL_EXAMPLE],
                }
            ]
        }
    )
    sku: str
    as_of: datetime | None = None
    totals: Totals
    locations: list[StockLevel]


class EventOut(BaseModel):
    version: int
    type: str
    occurred_at: datetime
    reference: str | None
    data: dict[str, object]


class EventsPage(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "events": [
                        {
                            "version": 2,
                            "type": "Received",
                            "occurred_at": "2026-11-27T15:00:00+00:00",
                            "reference": "PO-1001",
                            "data": {"quantity": 10},
                        }
                    ],
                    "next_after": None,
                }
            ]
        }
    )
    events: list[EventOut]
    next_after: int | None


class LineIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    sku: Id
    quantity: Quantity
    location: Annotated[str | None, Field(default=None, pattern=ID_PATTERN)] = None


class ReservationIn(BaseModel):
    model_config = _example(
        reservation_id="R-1",
        order_id="O-1",
        channel="shopify",
        lines=[{"sku": "SKU-1", "quantity": 2}],
    )
    reservation_id: Id
    order_id: Text
    channel: Id
    lines: Annotated[list[LineIn], Field(min_length=1, max_length=MAX_LINES)]
    expires_at: Moment | None = None


class ReleaseIn(BaseModel):
    model_config = _example(reason="cancelled")
    reason: Literal["cancelled", "expired"] = "cancelled"


class EmptyIn(BaseModel):
    model_config = _example()


class LineOut(BaseModel):
    sku: str
    location: str
    quantity: int


class ReservationOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "reservation_id": "R-1",
                    "order_id": "O-1",
                    "channel": "shopify",
                    "status": "reserved",
                    "reason": None,
                    "expires_at": None,
                    "lines": [{"sku": "SKU-1", "location": "WH1", "quantity": 2}],
                    "position": 14,
                }
            ]
        }
    )
    reservation_id: str
    order_id: str
    channel: str
    status: Literal["reserved", "released", "fulfilled"]
    reason: str | None
    expires_at: datetime | None
    lines: list[LineOut]
    position: int


class TransferIn(BaseModel):
    model_config = _example(
        transfer_id="T-1", sku="SKU-1", from_location="WH1", to_location="WH2", quantity=3
    )
    transfer_id: Id
    sku: Id
    from_location: Id
    to_location: Id
    quantity: Quantity


class TransferOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "transfer_id": "T-1",
                    "sku": "SKU-1",
                    "from_location": "WH1",
                    "to_location": "WH2",
                    "quantity": 3,
                    "status": "in_transit",
                    "position": 20,
                }
            ]
        }
    )
    transfer_id: str
    sku: str
    from_location: str
    to_location: str
    quantity: int
    status: Literal["in_transit", "received"]
    position: int


class Health(BaseModel):
    model_config = ConfigDict(
        extra="allow",  # readiness details grow with the service; never strip them
        json_schema_extra={
            "examples": [
                {
                    "status": "ok",
                    "database": "sqlite",
                    "log_position": 42,
                    "nats_url": "nats://127.0.0.1:4222",
                    "nats_connected": True,
                    "views": {"inventory": 42, "reservations": 42},
                }
            ]
        },
    )
    status: Literal["ok"]
    database: Literal["sqlite", "postgresql"]
    log_position: int
    nats_url: str | None
    nats_connected: bool
    views: dict[str, int] = {}

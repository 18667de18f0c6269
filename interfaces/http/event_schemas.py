"""Request and response models for the global event log."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
)

from domain.ids import ID_PATTERN
from interfaces.http.fields import IsoMoment, Text, WholeNumber
from projections.event_query import check_period

# Positions are 64-bit integers in the store; a larger one is bad input, not a 500.
MAX_POSITION = 2**63 - 1
EVENT_TYPE = r"^([A-Z][A-Za-z]{0,63}\.)?[A-Z][A-Za-z]{0,63}$"


def _in_utc(moment: datetime) -> datetime:
    """The moment in UTC (UTC when it has no offset); refused when UTC cannot hold it."""
    try:
        return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
    except OverflowError as exc:
        raise ValueError("must be a moment between the years 1 and 9999 in UTC") from exc


Instant = Annotated[IsoMoment, AfterValidator(_in_utc)]
IdFilter = Annotated[str | None, Field(pattern=ID_PATTERN)]
TextFilter = Text | None


class EventsQuery(BaseModel):
    """Filters (all optional, combined with AND) and paging of `GET /v1/events`."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    sku: IdFilter = Field(None, examples=["SKU-1"])
    location: IdFilter = Field(None, examples=["WH1"])
    type: Annotated[str | None, Field(pattern=EVENT_TYPE)] = Field(
        None,
        description="event type, alone ('Received') or with its aggregate ('StockItem.Received')",
        examples=["Reserved"],
    )
    channel: IdFilter = Field(None, examples=["shop"])
    reservation_id: IdFilter = Field(None, examples=["R-1"])
    order_id: TextFilter = Field(None, examples=["O-1"])
    transfer_id: IdFilter = Field(None, examples=["T-1"])
    reference: TextFilter = Field(None, examples=["PO-1001"])
    from_: Instant | None = Field(
        None, alias="from", description="ISO-8601, inclusive (UTC if no offset)"
    )
    to: Instant | None = Field(None, description="ISO-8601, exclusive (UTC if no offset)")
    after: Annotated[
        WholeNumber, Field(ge=0, le=MAX_POSITION, description="position to start after")
    ] = 0
    limit: Annotated[WholeNumber, Field(ge=1, le=1000)] = 100
    min_position: Annotated[
        WholeNumber | None,
        Field(ge=0, description="answer only once the log view has applied this position"),
    ] = None
    wait: Annotated[float, Field(gt=0, le=30, description="seconds to wait for min_position")] = 2.0

    @field_validator("to")
    @classmethod
    def _not_before_from(cls, to: datetime | None, info: ValidationInfo) -> datetime | None:
        check_period(info.data.get("from_"), to)
        return to


class Originator(BaseModel):
    type: str = Field(description="the aggregate's class")
    id: str = Field(description="the aggregate's id")


EVENT_EXAMPLE: dict[str, Any] = {
    "position": 4,
    "originator": {"type": "StockItem", "id": "0b5a3c1e-8f3e-5d0a-9c61-2f4b7d8e9a10"},
    "version": 2,
    "type": "Received",
    "occurred_at": "2026-11-27T15:46:08.976711Z",
    "reference": "PO-1001",
    "idempotency_key": "rcv-PO-1001",
    "data": {"quantity": 20},
}


class LoggedEventOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [EVENT_EXAMPLE]})
    position: int = Field(description="the event's place in the log")
    originator: Originator
    version: int = Field(description="the aggregate's version after this event")
    type: str
    occurred_at: datetime
    reference: str | None
    idempotency_key: str | None
    data: dict[str, Any]


class EventLogPage(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"events": [EVENT_EXAMPLE], "next_after": 4}]}
    )
    events: list[LoggedEventOut]
    next_after: int | None = Field(description="pass as `after` for the next page; null: no more")

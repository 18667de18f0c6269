"""Dependency aliases shared by the routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Path, Query, Request
from fastapi.exceptions import RequestValidationError

from application.service import StockLedger
from domain.ids import ID_PATTERN
from interfaces.http.fields import MAX_TEXT, TEXT_PATTERN, IsoMoment, WholeNumber
from interfaces.runtime.read_side import ReadSide


async def _ledger(request: Request) -> StockLedger:
    # async: resolved on the event loop, without a thread-pool hop per request
    ledger: StockLedger = request.app.state.container.ledger
    return ledger


async def _reads(request: Request) -> ReadSide:
    return ReadSide(request.app.state.container)


async def single_query_values(request: Request) -> None:
    """Refuse a query parameter given more than once: no route takes a list in its query, and
    silently keeping one of two values would answer a question nobody asked."""
    keys = [key for key, _ in request.query_params.multi_items()]
    repeated = sorted({key for key in keys if keys.count(key) > 1})
    if repeated:
        raise RequestValidationError(
            [
                {"loc": ("query", key), "msg": "given more than once", "type": "repeated_query"}
                for key in repeated
            ]
        )


Ledger = Annotated[StockLedger, Depends(_ledger)]
Reads = Annotated[ReadSide, Depends(_reads)]
ChannelName = Annotated[str, Path(pattern=ID_PATTERN, description="channel id", examples=["shop"])]
MinPosition = Annotated[
    WholeNumber | None,
    Query(ge=0, description="answer only once the view has applied this log position"),
]
Sku = Annotated[str, Path(pattern=ID_PATTERN, description="SKU id", examples=["SKU-1"])]
Location = Annotated[str, Path(pattern=ID_PATTERN, description="location id", examples=["WH1"])]
ReservationId = Annotated[str, Path(pattern=ID_PATTERN, examples=["R-1"])]
TransferId = Annotated[str, Path(pattern=ID_PATTERN, examples=["T-1"])]
IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=MAX_TEXT,
        pattern=TEXT_PATTERN,
        description="Retries with the same key and body get the original answer; "
        "the same key with another body is refused (422).",
    ),
]
AsOf = Annotated[
    IsoMoment | None,
    Query(description="ISO-8601 moment (UTC if no offset): the answer as it was then"),
]

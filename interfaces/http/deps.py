"""Dependency aliases shared by the routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Path, Query, Request
from fastapi.exceptions import RequestValidationError

from application.service import StockLedger
from domain.ids import ID_PATTERN
from interfaces.http.fields import MAX_TEXT, TEXT_PATTERN, IsoMoment, WholeNumber
from interfaces.messaging.credentials import CredentialIssuer
from interfaces.messaging.errors import MessagingError
from interfaces.runtime.read_side import ReadSide


async def _ledger(request: Request) -> StockLedger:
    # async: resolved on the event loop, without a thread-pool hop per request
    ledger: StockLedger = request.app.state.container.ledger
    return ledger


async def _reads(request: Request) -> ReadSide:
    return ReadSide(request.app.state.container)


async def _issuer(request: Request) -> CredentialIssuer:
    container = request.app.state.container
    issuer: CredentialIssuer | None = container.credentials
    if issuer is None:
        channel = request.path_params.get("channel", "")
        container.ledger.channel(channel)  # an unknown channel is 404, with NATS or without
        raise MessagingError("this service runs without NATS (NATS_URL unset, no embedded one)")
    return issuer


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
Issuer = Annotated[CredentialIssuer, Depends(_issuer)]
ChannelName = Annotated[str, Path(pattern=ID_PATTERN, description="channel id", examples=["shop"])]
MinPosition = Annotated[
    WholeNumber | None,
    Query(ge=0, description="answer only once the view has applied this log position"),
]
Sku = Annotated[str, Path(pattern=ID_PATTERN, description="SKU id", examples=["SKU-1"])]
Location = Annotated[str, Path(pattern=ID_PATTERN, description="location id", examples=["WH1"])]
ReservationId = Annotated[str, Path(pattern=ID_PATTERN, examples=["R-1"])]
TransferId = Annotated[str, Path(pattern=ID_PATTERN, examples=["T-1"])]
TokenId = Annotated[str, Path(pattern=ID_PATTERN, examples=["3f9c2a61b07d4e85"])]
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

"""Dependency aliases shared by the routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Path, Query, Request
from pydantic import AwareDatetime, NaiveDatetime

from application.service import StockLedger
from domain.ids import ID_PATTERN
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
    issuer: CredentialIssuer | None = request.app.state.container.credentials
    if issuer is None:
        raise MessagingError("this service runs without NATS (NATS_URL unset, no embedded one)")
    return issuer


Ledger = Annotated[StockLedger, Depends(_ledger)]
Reads = Annotated[ReadSide, Depends(_reads)]
Issuer = Annotated[CredentialIssuer, Depends(_issuer)]
ChannelName = Annotated[str, Path(pattern=ID_PATTERN, description="channel id", examples=["shop"])]
MinPosition = Annotated[
    int | None,
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
        max_length=200,
        description="Retries with the same key and body get the original answer; "
        "the same key with another body is refused (422).",
    ),
]
AsOf = Annotated[
    AwareDatetime | NaiveDatetime | None,
    Query(description="ISO-8601 moment (UTC if no offset): the answer as it was then"),
]

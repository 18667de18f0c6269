"""The global event log: every event of every aggregate, in order."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from domain.grant import AUDIT_READ
from interfaces.http.auth import scope
from interfaces.http.deps import Reads
from interfaces.http.event_schemas import EventLogPage, EventsQuery
from projections.event_query import LogFilter

router = APIRouter(prefix="/v1/events", tags=["audit"])


@router.get("", response_model=EventLogPage, dependencies=[scope(AUDIT_READ)])
def events(params: Annotated[EventsQuery, Query()], reads: Reads) -> dict[str, Any]:
    """The whole log in order, paged by position (`after`, `limit`), filtered by SKU,
    location, event type, channel, reservation, order, transfer, reference and time
    (`from` inclusive, `to` exclusive). With `min_position`, the answer waits until the log
    view has applied it (503 with Retry-After if it has not within `wait` seconds)."""
    where = LogFilter(
        sku=params.sku,
        location=params.location,
        channel=params.channel,
        reservation_id=params.reservation_id,
        order_id=params.order_id,
        transfer_id=params.transfer_id,
        type=params.type,
        reference=params.reference,
        since=params.from_,
        until=params.to,
    )
    return reads.events(where, params.after, params.limit, params.min_position, params.wait)

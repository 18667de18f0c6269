"""Replenishment: what is at or below its reorder point."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from domain.grant import READ
from domain.ids import ID_PATTERN
from interfaces.http.auth import scope
from interfaces.http.channel_schemas import ReplenishmentPage
from interfaces.http.deps import MinPosition, Reads
from interfaces.http.fields import LocationSkuCursor, WholeNumber
from interfaces.http.routes.channels import Wait

router = APIRouter(prefix="/v1/replenishment", tags=["replenishment"])


@router.get("", response_model=ReplenishmentPage, dependencies=[scope(READ)])
def replenishment(
    reads: Reads,
    location: Annotated[str | None, Query(pattern=ID_PATTERN)] = None,
    after: LocationSkuCursor = None,
    limit: Annotated[WholeNumber, Query(ge=1, le=1000)] = 100,
    min_position: MinPosition = None,
    wait: Wait = 2.0,
) -> dict[str, Any]:
    """SKU-locations whose available is at or below their reorder point, with the time their
    open request was raised."""
    return reads.replenishment(location, after, limit, min_position, wait)

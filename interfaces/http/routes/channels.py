"""Sales channels, their per-SKU rules, and their availability figures."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from application.channels import channel_view
from interfaces.http.channel_schemas import (
    AvailabilityOut,
    AvailabilityPage,
    ChannelIn,
    ChannelOut,
    ChannelsOut,
    SkuRulesIn,
    SkuRulesOut,
)
from interfaces.http.deps import ChannelName, IdempotencyKey, Ledger, MinPosition, Reads, Sku
from interfaces.http.routes.stock import answer

router = APIRouter(prefix="/v1/channels", tags=["channels"])
Wait = Annotated[float, Query(gt=0, le=30, description="seconds to wait for min_position")]


@router.put("/{channel}", response_model=ChannelOut)
def declare(
    channel: ChannelName, body: ChannelIn, ledger: Ledger, key: IdempotencyKey = None
) -> dict[str, Any]:
    """Declare or reconfigure a channel: its kind, feeding locations (none: all) and rules.
    Every SKU's availability on it is recomputed."""
    rules = body.rules.model_dump()
    return answer(ledger.declare_channel(channel, body.kind, body.locations, rules, key))


@router.get("/{channel}", response_model=ChannelOut)
def get_channel(channel: ChannelName, ledger: Ledger) -> dict[str, Any]:
    """A channel's configuration; 404 if it was never declared."""
    found = ledger.channel(channel)
    return {**channel_view(found), "position": ledger.position_of(found)}


@router.get("", response_model=ChannelsOut)
def list_channels(ledger: Ledger) -> dict[str, Any]:
    """Every declared channel, by name."""
    return {
        "channels": [
            {**channel_view(c), "position": ledger.position_of(c)} for c in ledger.channels()
        ]
    }


@router.put("/{channel}/skus/{sku}", response_model=SkuRulesOut)
def set_sku_rules(
    channel: ChannelName, sku: Sku, body: SkuRulesIn, ledger: Ledger, key: IdempotencyKey = None
) -> dict[str, Any]:
    """Override the channel's rules for one SKU, and set its ring fence (units held for it)."""
    return answer(ledger.set_listing_rules(channel, sku, body.model_dump(), key))


@router.get("/{channel}/availability/{sku}", response_model=AvailabilityOut)
def availability(
    channel: ChannelName, sku: Sku, reads: Reads, min_position: MinPosition = None, wait: Wait = 2.0
) -> dict[str, Any]:
    """The SKU's figure on the channel, with the rule inputs that produced it. With
    `min_position`, waits until the view has applied it (503 + Retry-After if not in time)."""
    return reads.availability(channel, sku, min_position, wait)


@router.get("/{channel}/availability", response_model=AvailabilityPage)
def availability_page(
    channel: ChannelName,
    reads: Reads,
    after: Annotated[str | None, Query(description="the previous page's next_after")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    min_position: MinPosition = None,
    wait: Wait = 2.0,
) -> dict[str, Any]:
    """Every SKU's figure on the channel, in SKU order."""
    return reads.availability_page(channel, after, limit, min_position, wait)

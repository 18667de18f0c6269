"""Sales channels, their per-SKU rules, and their availability figures."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Query

from application.channels import channel_view
from domain.grant import CHANNELS_WRITE, READ, Grant
from interfaces.http.auth import channel_checked_by_route, scope
from interfaces.http.channel_schemas import (
    AvailabilityAsOf,
    AvailabilityOut,
    AvailabilityPage,
    ChannelIn,
    ChannelOut,
    ChannelsOut,
    ListingOut,
    SkuRulesIn,
    SkuRulesOut,
    SyncPage,
)
from interfaces.http.deps import AsOf, ChannelName, IdempotencyKey, Ledger, MinPosition, Reads, Sku
from interfaces.http.fields import Identifiers, SkuCursor, WholeNumber
from interfaces.http.routes.stock import answer

router = APIRouter(prefix="/v1/channels", tags=["channels"])
Wait = Annotated[float, Query(gt=0, le=30, description="seconds to wait for min_position")]


@router.put("/{channel}", response_model=ChannelOut, dependencies=[scope(CHANNELS_WRITE)])
def declare(
    channel: ChannelName, body: ChannelIn, ledger: Ledger, key: IdempotencyKey = None
) -> dict[str, Any]:
    """Declare or reconfigure a channel: its kind, feeding locations (none: all) and rules.
    Every SKU's availability on it is recomputed."""
    rules = body.rules.model_dump()
    connection = body.connection.model_dump() if body.connection else None
    outcome = ledger.declare_channel(channel, body.kind, body.locations, rules, key, connection)
    return answer(outcome)


@router.get("/{channel}", response_model=ChannelOut, dependencies=[scope(READ)])
def get_channel(channel: ChannelName, ledger: Ledger) -> dict[str, Any]:
    """A channel's configuration; 404 if it was never declared."""
    found = ledger.channel(channel)
    return {**channel_view(found), "position": ledger.position_of(found)}


@router.get("", response_model=ChannelsOut)
def list_channels(
    ledger: Ledger, grant: Annotated[Grant, channel_checked_by_route(READ)]
) -> dict[str, Any]:
    """Every declared channel, by name (a channel-limited token sees only its own)."""
    visible = [c for c in ledger.channels() if grant.covers(c.name)]
    return {"channels": [{**channel_view(c), "position": ledger.position_of(c)} for c in visible]}


@router.put(
    "/{channel}/skus/{sku}", response_model=SkuRulesOut, dependencies=[scope(CHANNELS_WRITE)]
)
def set_sku_rules(
    channel: ChannelName, sku: Sku, body: SkuRulesIn, ledger: Ledger, key: IdempotencyKey = None
) -> dict[str, Any]:
    """Override the channel's rules for one SKU, and set its ring fence (units held for it)."""
    return answer(ledger.set_listing_rules(channel, sku, body.model_dump(), key))


@router.get(
    "/{channel}/availability/{sku}",
    response_model=AvailabilityOut | AvailabilityAsOf,
    dependencies=[scope(READ)],
)
def availability(
    channel: ChannelName,
    sku: Sku,
    reads: Reads,
    ledger: Ledger,
    min_position: MinPosition = None,
    wait: Wait = 2.0,
    as_of: AsOf = None,
) -> dict[str, Any]:
    """The SKU's figure on the channel, with the rule inputs that produced it. With
    `min_position`, waits until the view has applied it (503 + Retry-After if not in time).
    With `as_of`, answers from the events: stock, rules and locations as of that moment, with
    the pool per location and each rule step."""
    if as_of is not None:
        return ledger.availability_as_of(channel, sku, as_of)
    return reads.availability(channel, sku, min_position, wait)


@router.get("/{channel}/availability", response_model=AvailabilityPage, dependencies=[scope(READ)])
def availability_page(
    channel: ChannelName,
    reads: Reads,
    after: SkuCursor = None,
    limit: Annotated[WholeNumber, Query(ge=1, le=1000)] = 100,
    min_position: MinPosition = None,
    wait: Wait = 2.0,
) -> dict[str, Any]:
    """Every SKU's figure on the channel, in SKU order."""
    return reads.availability_page(channel, after, limit, min_position, wait)


@router.put(
    "/{channel}/listings/{sku}", response_model=ListingOut, dependencies=[scope(CHANNELS_WRITE)]
)
def set_listing(
    channel: ChannelName,
    sku: Sku,
    body: Annotated[Identifiers, Body()],
    ledger: Ledger,
    key: IdempotencyKey = None,
) -> dict[str, Any]:
    """The marketplace's ids for this SKU (Shopify inventory_item_id + location_id, Amazon
    seller_id + marketplace_id + product_type, Shopee item_id + model_id, WooCommerce
    product_id [+ variation_id])."""
    return answer(ledger.set_listing_identifiers(channel, sku, body, key))


@router.get("/{channel}/sync", response_model=SyncPage, dependencies=[scope(READ)])
def sync(
    channel: ChannelName,
    reads: Reads,
    status: Annotated[Literal["in_sync", "pending", "failed", "drifted"] | None, Query()] = None,
    after: SkuCursor = None,
    limit: Annotated[WholeNumber, Query(ge=1, le=1000)] = 100,
) -> dict[str, Any]:
    """Per SKU: expected figure, last published, last confirmed, status and lag. The status
    filter applies within each page; follow next_after for the rest."""
    return reads.sync(channel, status, after, limit)

"""Request and response models for channels, availability and replenishment."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt

from domain.ids import ID_PATTERN
from interfaces.http.fields import MAX_IDENTIFIERS, Id

Units = Annotated[StrictInt | None, Field(default=None, ge=0, le=1_000_000_000)]
Percent = Annotated[StrictInt | None, Field(default=None, ge=0, le=100)]
Kind = Literal["shopify", "amazon", "shopee", "woocommerce", "webhook", "ebay", "lazada", "tiktok"]


class RulesIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    buffer: Units = None
    percent: Percent = None
    max_listed: Units = None
    zero_below: Units = None


class ConnectionIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "base_url": "https://example.myshopify.com",
                    "rate_limit": 2.0,
                    "burst": 4,
                    "secrets": {"access_token": "SHOP_ACCESS_TOKEN"},
                }
            ]
        },
    )
    base_url: Annotated[str, Field(pattern=r"^https?://[!-~]+$", max_length=500)]
    rate_limit: Annotated[float, Field(gt=0, le=100_000, description="requests per second")]
    burst: Annotated[StrictInt, Field(ge=1, le=100_000)] = 1
    secrets: Annotated[
        dict[Id, Annotated[str, Field(pattern=r"^[A-Z_][A-Z0-9_]{0,127}$")]],
        Field(
            default_factory=dict,
            max_length=MAX_IDENTIFIERS,
            description="secret name -> the NAME of the environment variable holding it",
        ),
    ]


class ChannelIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"kind": "shopify", "locations": ["WH1"], "rules": {"buffer": 2, "percent": 80}}
            ]
        },
    )
    kind: Kind
    locations: Annotated[
        list[Annotated[str, Field(pattern=ID_PATTERN)]],
        Field(default_factory=list, max_length=1000),
    ]
    rules: RulesIn = Field(default_factory=RulesIn)
    connection: ConnectionIn | None = None


class RulesOut(BaseModel):
    buffer: int
    percent: int
    max_listed: int | None
    zero_below: int | None


CHANNEL_EXAMPLE: dict[str, Any] = {
    "channel": "shop",
    "kind": "shopify",
    "locations": ["WH1"],
    "rules": {"buffer": 2, "percent": 80, "max_listed": None, "zero_below": None},
    "position": 3,
}


class ChannelOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [CHANNEL_EXAMPLE]})
    channel: str
    kind: str
    locations: list[str]
    rules: RulesOut
    connection: dict[str, object] | None = None
    position: int


class ChannelsOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"channels": [CHANNEL_EXAMPLE]}]})
    channels: list[ChannelOut]


class SkuRulesIn(RulesIn):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"ring_fence": 5, "max_listed": 20}]}
    )
    ring_fence: Units = None


class SkuRulesOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "channel": "shop",
                    "sku": "SKU-1",
                    "buffer": None,
                    "percent": None,
                    "max_listed": 20,
                    "zero_below": None,
                    "ring_fence": 5,
                    "position": 9,
                }
            ]
        }
    )
    channel: str
    sku: str
    buffer: int | None = None
    percent: int | None = None
    max_listed: int | None = None
    zero_below: int | None = None
    ring_fence: int | None = None
    position: int


AVAILABILITY_EXAMPLE: dict[str, Any] = {
    "channel": "shop",
    "sku": "SKU-1",
    "available": 6,
    "position": 12,
    "pool": 10,
    "fenced": 0,
    "percent": 80,
    "buffer": 2,
    "zero_below": None,
    "max_listed": None,
    "ring_fence": 0,
    "own_reserved": 0,
    "previous": 8,
    "updated_at": "2026-11-27T15:00:00+00:00",
}


class AvailabilityOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [AVAILABILITY_EXAMPLE]})
    channel: str
    sku: Id
    available: int
    position: int
    pool: int
    fenced: int
    percent: int
    buffer: int
    zero_below: int | None
    max_listed: int | None
    ring_fence: int
    own_reserved: int
    previous: int | None
    updated_at: datetime


class AvailabilityPage(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"items": [AVAILABILITY_EXAMPLE], "next_after": None}]}
    )
    items: list[AvailabilityOut]
    next_after: str | None


class ReorderPointIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"reorder_point": 5, "reorder_quantity": 20}]},
    )
    reorder_point: Annotated[StrictInt, Field(ge=0, le=1_000_000_000)]
    reorder_quantity: Annotated[StrictInt, Field(gt=0, le=1_000_000_000)]


class ReplenishmentItem(BaseModel):
    sku: str
    location: str
    available: int
    reorder_point: int
    reorder_quantity: int
    requested_at: datetime
    position: int


class ReplenishmentPage(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "items": [
                        {
                            "sku": "SKU-1",
                            "location": "WH1",
                            "available": 3,
                            "reorder_point": 5,
                            "reorder_quantity": 20,
                            "requested_at": "2026-11-27T15:00:00+00:00",
                            "position": 7,
                        }
                    ],
                    "next_after": None,
                }
            ]
        }
    )
    items: list[ReplenishmentItem]
    next_after: str | None


class ListingOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "channel": "shop",
                    "sku": "SKU-1",
                    "identifiers": {
                        "inventory_item_id": "gid://shopify/InventoryItem/1",
                        "location_id": "gid://shopify/Location/1",
                    },
                    "position": 30,
                }
            ]
        }
    )
    channel: str
    sku: str
    identifiers: dict[str, str]
    position: int


class SyncItem(BaseModel):
    channel: str
    sku: str
    status: Literal["in_sync", "pending", "failed", "drifted"]
    expected: int
    expected_position: int
    published_position: int | None
    published_at: datetime | None
    confirmed_available: int | None
    confirmed_position: int | None
    confirmed_status: str | None
    confirmed_detail: str | None
    confirmed_at: datetime | None
    lag_ms: int


class SyncPage(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "items": [
                        {
                            "channel": "shop",
                            "sku": "SKU-1",
                            "status": "in_sync",
                            "expected": 6,
                            "expected_position": 12,
                            "published_position": 12,
                            "published_at": "2026-11-27T15:00:00+00:00",
                            "confirmed_available": 6,
                            "confirmed_position": 12,
                            "confirmed_status": "applied",
                            "confirmed_detail": None,
                            "confirmed_at": "2026-11-27T15:00:01+00:00",
                            "lag_ms": 840,
                        }
                    ],
                    "next_after": None,
                }
            ]
        }
    )
    items: list[SyncItem]
    next_after: str | None


class Explanation(BaseModel):
    locations: list[str] | Literal["all"]
    pool_by_location: dict[str, int]
    fences_of_other_channels: dict[str, int]
    rules: RulesOut
    steps: dict[str, int]


class AvailabilityAsOf(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "channel": "shop",
                    "sku": "SKU-1",
                    "as_of": "2026-11-27T14:03:00+00:00",
                    "available": 13,
                    "explanation": {
                        "locations": ["WH1"],
                        "pool_by_location": {"WH1": 20},
                        "fences_of_other_channels": {"amazon-eu": 1},
                        "rules": {
                            "buffer": 2,
                            "percent": 80,
                            "max_listed": None,
                            "zero_below": None,
                        },
                        "steps": {
                            "pool": 20,
                            "fenced": 1,
                            "after_fences": 19,
                            "after_percent": 15,
                            "after_buffer": 13,
                            "after_zero_below": 13,
                            "after_max_listed": 13,
                            "available": 13,
                        },
                    },
                }
            ]
        }
    )
    channel: str
    sku: str
    as_of: datetime
    available: int
    explanation: Explanation

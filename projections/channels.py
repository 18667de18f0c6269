"""`channels` and `channel_sku_rules`, part of the inventory view: each channel's kind,
feeding locations and default rules, and each listed SKU's overrides on a channel.

A batch folds its Channel and Listing events into the rows they leave (a row changed twice is
written once); the names of channels and listings, which later events carry only as ids, are
kept in the inventory view's memory.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from domain.availability import RULE_NAMES, Rules
from projections.cursor import ViewCursor
from projections.table import Table

DDL = (
    "CREATE TABLE IF NOT EXISTS channels ("
    "channel TEXT PRIMARY KEY, channel_id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, "
    "locations TEXT NOT NULL, buffer BIGINT NOT NULL, percent BIGINT NOT NULL, "
    "max_listed BIGINT, zero_below BIGINT, position BIGINT NOT NULL, "
    "updated_at TIMESTAMPTZ NOT NULL)",
    "CREATE TABLE IF NOT EXISTS channel_sku_rules ("
    "channel TEXT NOT NULL, sku TEXT NOT NULL, listing_id TEXT NOT NULL UNIQUE, "
    "buffer BIGINT, percent BIGINT, max_listed BIGINT, zero_below BIGINT, ring_fence BIGINT, "
    "position BIGINT NOT NULL, PRIMARY KEY (channel, sku))",
)
CHANNELS = Table(
    "channels",
    ("channel", "channel_id", "kind", "locations", *RULE_NAMES, "position", "updated_at"),
    ("channel",),
    ("updated_at",),
)
RULES = Table(
    "channel_sku_rules",
    ("channel", "sku", "listing_id", *RULE_NAMES, "ring_fence", "position"),
    ("channel", "sku"),
)


class ChannelRows:
    """The channels and listing rules rows a batch leaves, one per channel and per listing."""

    def __init__(self) -> None:
        self.channels: dict[str, tuple[Any, ...]] = {}
        self.rules: dict[tuple[str, str], tuple[Any, ...]] = {}

    def configured(self, name: str, event: Any, position: int) -> None:
        """A channel was declared or configured (its rules: the domain's defaults for unset)."""
        rules = Rules().overridden(event.rules).as_dict()
        self.channels[name] = (
            name,
            event.originator_id.hex,
            event.kind,
            json.dumps(event.locations),
            *(rules[r] for r in RULE_NAMES),
            position,
            event.timestamp,
        )

    def listed(
        self, channel: str, sku: str, listing_id: str, rules: Mapping[str, Any], position: int
    ) -> None:
        """A listing was opened (no overrides yet) or its overrides were set."""
        self.rules[(channel, sku)] = (
            channel,
            sku,
            listing_id,
            *(rules.get(r) for r in RULE_NAMES),
            rules.get("ring_fence"),
            position,
        )

    def write(self, cur: ViewCursor) -> None:
        """Upsert the rows."""
        cur.upsert(CHANNELS, list(self.channels.values()))
        cur.upsert(RULES, list(self.rules.values()))

"""Point-in-time answers, from events only: stock as of T, and a channel's figure as of T with
the rules in force at T, explained step by step. An answer at T is the same however many
events came after T."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any, cast
from uuid import UUID

from application import views
from application.core import LedgerCore
from domain.availability import Rules, channel_figure, effective_fence
from domain.channel import Channel
from domain.channel_index import ChannelIndex
from domain.errors import ChannelNotFound, SkuNotFound
from domain.listing import Listing
from domain.sku_index import SkuIndex
from domain.stock_item import StockItem


class HistoryQueries(LedgerCore):
    """What the ledger said at a moment."""

    def as_of(self, aggregate_id: UUID, moment: datetime) -> Any | None:
        """The aggregate as it was at ``moment`` (None if it did not exist yet)."""
        version = self.version_at(aggregate_id, moment)
        return None if version is None else self.repository.get(aggregate_id, version=version)

    def items_as_of(self, sku: str, moment: datetime) -> list[StockItem]:
        """The SKU's StockItems that existed at ``moment``, as they were then."""
        index = cast(SkuIndex | None, self.as_of(SkuIndex.create_id(sku), moment))
        found = [
            self.as_of(StockItem.create_id(sku, loc), moment)
            for loc in (index.locations if index else [])
        ]
        return [cast(StockItem, item) for item in found if item is not None]

    def sku_levels_as_of(self, sku: str, moment: datetime) -> dict[str, Any]:
        """A SKU's level at every location as of ``moment``, with totals."""
        items = self.items_as_of(sku, moment)
        if not items:
            raise SkuNotFound(f"SKU {sku!r} had no stock events by {moment.isoformat()}")
        levels = [{**views.level(i), "position": self.position_of(i)} for i in items]
        return {
            "sku": sku,
            "as_of": moment.isoformat(),
            "totals": views.totals(levels),
            "locations": levels,
        }

    def availability_as_of(self, channel: str, sku: str, moment: datetime) -> dict[str, Any]:
        """A channel's figure for a SKU as of ``moment``, and why."""
        channels = self._channels_as_of(moment)
        if channel not in channels:
            raise ChannelNotFound(f"no channel {channel!r} at {moment.isoformat()}")
        items = self.items_as_of(sku, moment)
        by_location = {item.location: item.available for item in items}
        overrides = {name: self._overrides_as_of(name, sku, moment) for name in channels}
        fences = {
            name: effective_fence(
                int(o.get("ring_fence") or 0), sum(i.reserved_for_channel(name) for i in items)
            )
            for name, o in overrides.items()
        }
        target = channels[channel]
        rules = target.default_rules.overridden(
            {k: v for k, v in overrides[channel].items() if v is not None}
        )
        figure = channel_figure(channel, target.locations, rules, by_location, fences)
        return {
            "channel": channel,
            "sku": sku,
            "as_of": moment.isoformat(),
            "available": figure.available,
            "explanation": self._explain(target, rules, by_location, fences, figure),
        }

    def _channels_as_of(self, moment: datetime) -> dict[str, Channel]:
        index = cast(ChannelIndex | None, self.as_of(ChannelIndex.create_id(), moment))
        found = {
            name: self.as_of(Channel.create_id(name), moment)
            for name in (index.names if index else [])
        }
        return {name: cast(Channel, c) for name, c in found.items() if c is not None}

    def _overrides_as_of(self, channel: str, sku: str, moment: datetime) -> dict[str, Any]:
        listing = cast(Listing | None, self.as_of(Listing.create_id(channel, sku), moment))
        return dict(listing.rules) if listing else {}

    @staticmethod
    def _explain(
        channel: Channel,
        rules: Rules,
        by_location: dict[str, int],
        fences: dict[str, int],
        figure: Any,
    ) -> dict[str, Any]:
        feeding = set(channel.locations)
        return {
            "locations": list(channel.locations) or "all",
            "pool_by_location": {
                loc: n for loc, n in sorted(by_location.items()) if not feeding or loc in feeding
            },
            "fences_of_other_channels": {
                c: f for c, f in sorted(fences.items()) if c != channel.name and f
            },
            "rules": rules.as_dict(),
            "steps": asdict(figure),
        }

"""Channel commands: declare and configure sales channels, and per-SKU rules on them."""

from __future__ import annotations

from typing import Any, cast

from application.command import Decision, Outcome
from application.ledger import LedgerBase, changed
from domain.availability import Rules
from domain.channel import Channel
from domain.channel_index import ChannelIndex
from domain.errors import ChannelNotFound
from domain.listing import Listing


def channel_view(channel: Channel) -> dict[str, Any]:
    """A channel as clients see it."""
    return {
        "channel": channel.name,
        "kind": channel.kind,
        "locations": list(channel.locations),
        "rules": channel.default_rules.as_dict(),
    }


def listing_view(listing: Listing) -> dict[str, Any]:
    """A SKU's rules on a channel as clients see them."""
    return {"channel": listing.channel, "sku": listing.sku, **listing.rules}


class ChannelCommands(LedgerBase):
    """Every change is an event, so the rules in force at any moment can be replayed."""

    def declare_channel(
        self, name: str, kind: str, locations: list[str], rules: dict[str, Any], key: str | None
    ) -> Outcome:
        """Create or reconfigure a channel; an identical configuration records nothing."""
        locations = sorted(set(locations))
        Channel.check(kind, rules)
        # Stored complete, so that an omitted rule and its default compare equal.
        rules = Rules().overridden({k: v for k, v in rules.items() if v is not None}).as_dict()

        def decide() -> Decision:
            channel = cast(Channel | None, self.find(Channel.create_id(name)))
            if channel is None:
                channel = Channel(name, kind, locations, rules)
                index = self.channel_index()
                index.add(name)
                return Decision(changed(index, channel), channel_view(channel))
            channel.configure(kind, locations, rules)
            if not channel.pending_events:
                return Decision([], channel_view(channel), unchanged=channel)
            return Decision([channel], channel_view(channel))

        args = {"name": name, "kind": kind, "locations": locations, "rules": rules}
        return self.run("declare_channel", args, key, [f"channel:{name}"], decide)

    def set_listing_rules(
        self, name: str, sku: str, rules: dict[str, Any], key: str | None
    ) -> Outcome:
        """Replace a SKU's rule overrides and ring fence on a channel (None: the default)."""
        self.channel(name)
        rules = {k: v for k, v in rules.items() if v is not None}

        def decide() -> Decision:
            found = self.find(Listing.create_id(name, sku))
            listing = cast(Listing, found) if found is not None else Listing(name, sku)
            listing.set_rules(rules)
            if not listing.pending_events:
                return Decision([], listing_view(listing), unchanged=listing)
            return Decision([listing], listing_view(listing))

        args = {"name": name, "sku": sku, "rules": rules}
        return self.run("set_listing_rules", args, key, [f"listing:{name}/{sku}"], decide)

    def channel(self, name: str) -> Channel:
        """The channel, or ChannelNotFound."""
        found = self.find(Channel.create_id(name))
        if found is None:
            raise ChannelNotFound(f"no channel {name!r}")
        return cast(Channel, found)

    def channel_index(self) -> ChannelIndex:
        """The index of declared channels (new if none was ever declared)."""
        found = self.find(ChannelIndex.create_id())
        return cast(ChannelIndex, found) if found is not None else ChannelIndex()

    def channels(self) -> list[Channel]:
        """Every declared channel, by name."""
        return [self.channel(name) for name in self.channel_index().names]

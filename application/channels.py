"""Channel commands: declare and configure sales channels, and per-SKU rules on them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any, cast

from application.command import Decision, Outcome
from application.ledger import LedgerBase, changed
from domain.availability import Rules
from domain.channel import Channel
from domain.channel_index import ChannelIndex
from domain.connection import check_identifiers
from domain.errors import ChannelNotFound
from domain.listing import Listing


def channel_view(channel: Channel) -> dict[str, Any]:
    """A channel as clients see it."""
    return {
        "channel": channel.name,
        "kind": channel.kind,
        "locations": list(channel.locations),
        "rules": channel.default_rules.as_dict(),
        "connection": channel.connection,
    }


def listing_view(listing: Listing) -> dict[str, Any]:
    """A SKU's rules on a channel as clients see them."""
    return {"channel": listing.channel, "sku": listing.sku, **listing.rules}


def identifiers_view(listing: Listing) -> dict[str, Any]:
    """A listing's marketplace ids as clients see them."""
    return {"channel": listing.channel, "sku": listing.sku, "identifiers": listing.identifiers}


@dataclass(frozen=True)
class Confirmation:
    """An adapter's report of one push."""

    available: int
    position: int
    status: str
    detail: str
    confirmed_at: str
    observed: int | None = None


class ChannelCommands(LedgerBase):
    """Every change is an event, so the rules in force at any moment can be replayed."""

    def declare_channel(
        self,
        name: str,
        kind: str,
        locations: list[str],
        rules: dict[str, Any],
        key: str | None,
        connection: dict[str, Any] | None = None,
    ) -> Outcome:
        """Create or reconfigure a channel; an identical configuration records nothing."""
        locations = sorted(set(locations))
        Channel.check(kind, rules)
        # Stored complete, so that an omitted rule and its default compare equal.
        rules = Rules().overridden({k: v for k, v in rules.items() if v is not None}).as_dict()

        def decide() -> Decision:
            channel = cast(Channel | None, self.find(Channel.create_id(name)))
            index = self.channel_index()
            if channel is None:
                channel = Channel(name, kind, locations, rules)
                index.add(name)
            else:
                channel.configure(kind, locations, rules)
            if connection is not None:
                channel.connect(connection)
            if not channel.pending_events:
                return Decision([], channel_view(channel), unchanged=channel)
            return Decision(changed(index, channel), channel_view(channel))

        args = {
            "name": name,
            "kind": kind,
            "locations": locations,
            "rules": rules,
            "connection": connection,
        }
        return self.run("declare_channel", args, key, [f"channel:{name}"], decide)

    def set_listing_rules(
        self, name: str, sku: str, rules: dict[str, Any], key: str | None
    ) -> Outcome:
        """Replace a SKU's rule overrides and ring fence on a channel (None: the default)."""
        self.channel(name)
        rules = {k: v for k, v in rules.items() if v is not None}
        return self._on_listing(
            "set_listing_rules",
            {"rules": rules},
            key,
            name,
            sku,
            lambda listing: listing.set_rules(rules),
            listing_view,
        )

    def set_listing_identifiers(
        self, name: str, sku: str, identifiers: dict[str, str], key: str | None
    ) -> Outcome:
        """Record the marketplace's ids for a SKU on a channel (required fields per kind)."""
        check_identifiers(self.channel(name).kind, identifiers)
        return self._on_listing(
            "set_listing_identifiers",
            {"identifiers": identifiers},
            key,
            name,
            sku,
            lambda listing: listing.identify(identifiers),
            identifiers_view,
        )

    def confirm(self, name: str, sku: str, confirmation: Confirmation, key: str | None) -> Outcome:
        """Record a marketplace's answer to a push (an adapter's confirmation)."""
        c = confirmation
        return self._on_listing(
            "confirm",
            asdict(c),
            key,
            name,
            sku,
            lambda listing: listing.confirm(
                c.available, c.position, c.status, c.detail, c.confirmed_at, c.observed
            ),
            identifiers_view,
        )

    def _on_listing(
        self,
        command: str,
        args: dict[str, Any],
        key: str | None,
        name: str,
        sku: str,
        act: Callable[[Listing], None],
        view: Callable[[Listing], dict[str, Any]],
    ) -> Outcome:
        def decide() -> Decision:
            found = self.find(Listing.create_id(name, sku))
            listing = cast(Listing, found) if found is not None else Listing(name, sku)
            act(listing)
            if not listing.pending_events:
                return Decision([], view(listing), unchanged=listing)
            return Decision([listing], view(listing))

        scoped = {"channel": name, "sku": sku, **args}
        return self.run(command, scoped, key, [f"listing:{name}/{sku}"], decide)

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

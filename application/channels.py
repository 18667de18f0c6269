"""Channel commands: declare and configure sales channels, per-SKU rules and marketplace ids on
them, and adapters' confirmations. Every change is an event, so the rules in force at any
moment can be replayed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from application import views
from application.aggregates import Aggregates
from application.command import Command, Decision, changed, decide
from domain.availability import Rules
from domain.channel import Channel
from domain.connection import check_identifiers
from domain.listing import Listing


@dataclass(frozen=True)
class DeclareChannel(Command):
    """Create or reconfigure a channel; an identical configuration records nothing."""

    name: str
    kind: str
    locations: tuple[str, ...]
    rules: dict[str, Any]
    connection: dict[str, Any] | None = None


@dataclass(frozen=True)
class SetListingRules(Command):
    """Replace a SKU's rule overrides and ring fence on a channel (None: the default)."""

    channel: str
    sku: str
    rules: dict[str, Any]


@dataclass(frozen=True)
class SetListingIdentifiers(Command):
    """Record the marketplace's ids for a SKU on a channel (required fields per kind)."""

    channel: str
    sku: str
    identifiers: dict[str, str]


@dataclass(frozen=True)
class Confirmation:
    """An adapter's report of one push."""

    available: int
    position: int
    status: str
    detail: str
    confirmed_at: str
    observed: int | None = None


@dataclass(frozen=True)
class Confirm(Command):
    """Record a marketplace's answer to a push (an adapter's confirmation)."""

    channel: str
    sku: str
    confirmation: Confirmation


@decide.register
def _declare(command: DeclareChannel, seen: Aggregates) -> Decision:
    Channel.check(command.kind, command.rules)
    locations = sorted(set(command.locations))
    # Stored complete, so that an omitted rule and its default compare equal.
    given = {k: v for k, v in command.rules.items() if v is not None}
    rules = Rules().overridden(given).as_dict()
    channel = seen.find(Channel.create_id(command.name))
    index = seen.channel_index()
    if channel is None:
        channel = Channel(command.name, command.kind, locations, rules)
        index.add(command.name)
    else:
        channel.configure(command.kind, locations, rules)
    if command.connection is not None:
        channel.connect(command.connection)
    if not channel.pending_events:
        return Decision([], views.channel(channel), unchanged=channel)
    return Decision(changed(index, channel), views.channel(channel))


@decide.register
def _set_rules(command: SetListingRules, seen: Aggregates) -> Decision:
    seen.channel(command.channel)
    rules = {k: v for k, v in command.rules.items() if v is not None}
    return _on_listing(
        seen, command.channel, command.sku, lambda lst: lst.set_rules(rules), views.listing
    )


@decide.register
def _identify(command: SetListingIdentifiers, seen: Aggregates) -> Decision:
    check_identifiers(seen.channel(command.channel).kind, command.identifiers)
    identifiers = command.identifiers
    return _on_listing(
        seen, command.channel, command.sku, lambda lst: lst.identify(identifiers), views.identifiers
    )


@decide.register
def _confirm(command: Confirm, seen: Aggregates) -> Decision:
    c = command.confirmation
    return _on_listing(
        seen,
        command.channel,
        command.sku,
        lambda lst: lst.confirm(
            c.available, c.position, c.status, c.detail, c.confirmed_at, c.observed
        ),
        views.identifiers,
    )


def _on_listing(
    seen: Aggregates,
    channel: str,
    sku: str,
    act: Callable[[Listing], None],
    view: Callable[[Listing], dict[str, Any]],
) -> Decision:
    listing = seen.listing(channel, sku)
    act(listing)
    body = view(listing)
    if not listing.pending_events:
        return Decision([], body, unchanged=listing)
    return Decision([listing], body)

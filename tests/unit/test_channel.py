"""Channel and Listing: given these events, when this command, then these events or this error."""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from functools import reduce
from typing import Any

import pytest
from eventsourcing.domain import Aggregate

from domain.availability import Rules
from domain.channel import KINDS, Channel
from domain.errors import InvalidCommand
from domain.listing import Listing
from tests.unit.scenario import names

DEFAULTS: dict[str, Any] = {"buffer": 0, "percent": 100, "max_listed": None, "zero_below": None}


def declared(rules: dict[str, Any] | None = None, locations: list[str] | None = None) -> Channel:
    """A channel as loaded from the store: declared, events collected."""
    channel = Channel("shop", "shopify", locations or ["WH1"], {**DEFAULTS, **(rules or {})})
    channel.collect_events()
    return channel


def opened(rules: dict[str, Any] | None = None) -> Listing:
    """A listing as loaded from the store, with these rules set."""
    listing = Listing("shop", "SKU-1")
    if rules:
        listing.set_rules(rules)
    listing.collect_events()
    return listing


def refused(aggregate: Aggregate, command: Callable[[], None]) -> InvalidCommand:
    """Assert ``command`` raises InvalidCommand and leaves ``aggregate`` as it was."""
    before = copy.deepcopy(vars(aggregate))
    with pytest.raises(InvalidCommand) as caught:
        command()
    assert aggregate.collect_events() == []
    assert vars(aggregate) == before
    return caught.value


def recorded(aggregate: Aggregate) -> list[Any]:
    """The events ``aggregate`` recorded since it was loaded (collected)."""
    return list(aggregate.collect_events())


def replayed(events: Sequence[Any]) -> Any:
    """The aggregate rebuilt from ``events`` alone."""
    return reduce(lambda aggregate, event: event.mutate(aggregate), events, None)


# --- Channel -----------------------------------------------------------------------------------


def test_declaring_a_channel_records_its_kind_locations_and_rules() -> None:
    rules = {**DEFAULTS, "buffer": 2, "percent": 80}
    channel = Channel("shop", "amazon", ["WH1", "WH2"], rules)
    events = recorded(channel)
    assert names(events) == ["Channel.Declared"]
    assert (events[0].name, events[0].kind, events[0].locations, events[0].rules) == (
        "shop",
        "amazon",
        ["WH1", "WH2"],
        rules,
    )
    assert channel.id == Channel.create_id("shop")
    assert channel.default_rules == Rules(buffer=2, percent=80)


def test_a_channels_id_is_derived_from_its_name() -> None:
    assert Channel.create_id("shop") == Channel.create_id("shop")
    assert Channel.create_id("shop") != Channel.create_id("amzn")


@pytest.mark.parametrize("kind", KINDS)
def test_every_known_kind_is_accepted(kind: str) -> None:
    Channel.check(kind, {"buffer": 1})
    channel = declared()
    channel.configure(kind, ["WH1"], dict(channel.rules))
    assert channel.kind == kind


@pytest.mark.parametrize("kind", ["etsy", "Shopify", "", "web hook"])
def test_an_unknown_kind_is_refused(kind: str) -> None:
    with pytest.raises(InvalidCommand, match="kind"):
        Channel.check(kind, {})
    channel = declared()
    refused(channel, lambda: channel.configure(kind, ["WH1"], dict(channel.rules)))


def test_configuring_records_the_new_configuration() -> None:
    channel = declared()
    rules = {**DEFAULTS, "max_listed": 5, "zero_below": 1}
    channel.configure("webhook", ["WH2"], rules)
    events = recorded(channel)
    assert names(events) == ["Channel.Configured"]
    assert (events[0].kind, events[0].locations, events[0].rules) == ("webhook", ["WH2"], rules)
    assert (channel.kind, channel.locations, channel.rules) == ("webhook", ["WH2"], rules)
    assert channel.default_rules == Rules(max_listed=5, zero_below=1)


@pytest.mark.parametrize(
    ("kind", "locations", "rules"),
    [
        pytest.param("amazon", ["WH1"], DEFAULTS, id="kind"),
        pytest.param("shopify", ["WH1", "WH2"], DEFAULTS, id="locations"),
        pytest.param("shopify", [], DEFAULTS, id="no-locations"),
        pytest.param("shopify", ["WH1"], {**DEFAULTS, "buffer": 1}, id="rules"),
    ],
)
def test_any_change_is_configured(kind: str, locations: list[str], rules: dict[str, Any]) -> None:
    channel = declared()
    channel.configure(kind, locations, rules)
    assert names(channel.collect_events()) == ["Channel.Configured"]


def test_an_identical_configuration_records_nothing() -> None:
    channel = declared({"buffer": 2})
    channel.configure("shopify", ["WH1"], {**DEFAULTS, "buffer": 2})
    assert channel.collect_events() == []
    assert channel.version == 1


def test_past_configurations_replay_from_the_events() -> None:
    channel = Channel("shop", "shopify", ["WH1"], {**DEFAULTS, "buffer": 1})
    channel.configure("shopify", ["WH1"], {**DEFAULTS, "buffer": 2})
    channel.configure("amazon", [], {**DEFAULTS, "buffer": 3})
    events = recorded(channel)
    assert [replayed(events[:n]).rules["buffer"] for n in (1, 2, 3)] == [1, 2, 3]
    assert [replayed(events[:n]).kind for n in (1, 2, 3)] == ["shopify", "shopify", "amazon"]
    assert replayed(events).locations == []


INVALID_RULES = [
    pytest.param({"percent": 101}, "at most 100", id="percent-above-100"),
    pytest.param({"percent": -1}, ">= 0", id="negative-percent"),
    pytest.param({"buffer": -1}, ">= 0", id="negative-buffer"),
    pytest.param({"max_listed": -5}, ">= 0", id="negative-max-listed"),
    pytest.param({"zero_below": -1}, ">= 0", id="negative-zero-below"),
    pytest.param({"buffer": 1.5}, "whole number", id="fractional"),
    pytest.param({"buffer": "2"}, "whole number", id="text"),
    pytest.param({"percent": True}, "whole number", id="boolean"),
    pytest.param({"discount": 5}, "unknown rule", id="unknown-rule"),
]


@pytest.mark.parametrize(("rules", "message"), INVALID_RULES)
def test_invalid_channel_rules_are_refused(rules: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidCommand, match=message):
        Channel.check("shopify", rules)
    channel = declared()
    refused(channel, lambda: channel.configure("shopify", ["WH1"], {**DEFAULTS, **rules}))


def test_a_ring_fence_is_not_a_channel_default() -> None:
    with pytest.raises(InvalidCommand, match="ring_fence"):
        Channel.check("shopify", {"ring_fence": 3})
    channel = declared()
    refused(channel, lambda: channel.configure("shopify", ["WH1"], {**DEFAULTS, "ring_fence": 3}))


@pytest.mark.parametrize("rules", [{}, DEFAULTS, {"percent": 0, "buffer": 0}, {"percent": 100}])
def test_rules_at_their_limits_are_accepted(rules: dict[str, Any]) -> None:
    Channel.check("shopify", rules)


# --- Listing -----------------------------------------------------------------------------------


def test_opening_a_listing_has_no_overrides() -> None:
    listing = Listing("shop", "SKU-1")
    events = recorded(listing)
    assert names(events) == ["Listing.Opened"]
    assert (events[0].channel, events[0].sku) == ("shop", "SKU-1")
    assert listing.id == Listing.create_id("shop", "SKU-1")
    assert (listing.rules, listing.ring_fence) == ({}, 0)


def test_a_listings_id_is_derived_from_channel_and_sku() -> None:
    assert Listing.create_id("shop", "SKU-1") != Listing.create_id("amzn", "SKU-1")
    assert Listing.create_id("shop", "SKU-1") != Listing.create_id("shop", "SKU-2")


def test_setting_rules_records_them_with_the_ring_fence() -> None:
    listing = opened()
    listing.set_rules({"ring_fence": 5, "max_listed": 20})
    events = recorded(listing)
    assert names(events) == ["Listing.RulesSet"]
    assert events[0].rules == {"ring_fence": 5, "max_listed": 20}
    assert listing.ring_fence == 5


def test_rules_replace_the_previous_ones_entirely() -> None:
    listing = opened({"ring_fence": 5, "max_listed": 20})
    listing.set_rules({"buffer": 1})
    assert names(listing.collect_events()) == ["Listing.RulesSet"]
    assert listing.rules == {"buffer": 1}
    assert listing.ring_fence == 0


def test_identical_rules_record_nothing() -> None:
    listing = opened({"ring_fence": 5, "percent": 50})
    listing.set_rules({"percent": 50, "ring_fence": 5})
    assert listing.collect_events() == []


def test_clearing_every_override_is_recorded() -> None:
    listing = opened({"buffer": 3})
    listing.set_rules({})
    assert names(listing.collect_events()) == ["Listing.RulesSet"]
    assert listing.rules == {}


def test_a_listings_past_rules_replay_from_the_events() -> None:
    listing = Listing("shop", "SKU-1")
    listing.set_rules({"ring_fence": 2})
    listing.set_rules({"ring_fence": 7, "buffer": 1})
    events = recorded(listing)
    assert [replayed(events[:n]).ring_fence for n in (1, 2, 3)] == [0, 2, 7]


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        *INVALID_RULES,
        pytest.param({"ring_fence": -1}, ">= 0", id="negative-ring-fence"),
        pytest.param({"ring_fence": 2.5}, "whole number", id="fractional-ring-fence"),
    ],
)
def test_invalid_listing_rules_are_refused(rules: dict[str, Any], message: str) -> None:
    listing = opened({"ring_fence": 1})
    error = refused(listing, lambda: listing.set_rules(rules))
    assert message in str(error)

"""A SKU at several locations sold on several channels, under any sequence of commands (rules
and ring fences sometimes out of range): every channel's figure stays within 0 and the pool that
feeds it, and replaying any aggregate's events rebuilds it (test_stock_item_properties.py
covers one StockItem alone)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from eventsourcing.domain import Aggregate
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from domain.availability import RULE_NAMES, channel_figure, effective_fence, fenced_by_others, pool
from domain.channel import Channel
from domain.errors import StockError
from domain.listing import Listing
from domain.stock_item import StockItem

SKU = "SKU-1"
LOCATIONS = ["WH1", "WH2", "WH3"]
CHANNELS = ["shop", "amazon", "b2b"]
locations = st.sampled_from(LOCATIONS)
channels = st.sampled_from(CHANNELS)
quantities = st.integers(min_value=1, max_value=30)
# Mostly valid rule values, sometimes ones the domain must refuse.
values = st.one_of(st.integers(min_value=0, max_value=40), st.sampled_from([-1, 101, 150]))
optional = st.none() | values
rules = st.fixed_dictionaries(
    {"buffer": values, "percent": values, "max_listed": optional, "zero_below": optional}
)
overrides = st.dictionaries(st.sampled_from([*RULE_NAMES, "ring_fence"]), values)


class SkuAcrossChannels(RuleBasedStateMachine):
    """One SKU at three locations, sold on three channels with rules and ring fences."""

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[str, StockItem] = {}
        self.channels: dict[str, Channel] = {}
        self.listings: dict[str, Listing] = {}
        self.events: dict[Any, list[Any]] = {}  # aggregate id -> its events, in order
        self.open: dict[str, StockItem] = {}  # reservation id -> the item holding it
        self.reservations = 0

    def record(self, aggregate: Aggregate) -> None:
        """Keep the events an aggregate just recorded, for replay."""
        self.events.setdefault(aggregate.id, []).extend(aggregate.collect_events())

    def attempt(self, aggregate: Aggregate, command: Callable[[], None]) -> bool:
        """Run a command; a refused one must record nothing."""
        try:
            command()
        except StockError:
            assert aggregate.pending_events == []
            return False
        self.record(aggregate)
        return True

    def item(self, location: str) -> StockItem:
        if location not in self.items:
            self.items[location] = StockItem(SKU, location)
            self.record(self.items[location])
        return self.items[location]

    @rule(location=locations, quantity=quantities)
    def receive(self, location: str, quantity: int) -> None:
        item = self.item(location)
        self.attempt(item, lambda: item.receive(quantity, "PO", None))

    @rule(location=locations, quantity=st.integers(min_value=0, max_value=30))
    def count(self, location: str, quantity: int) -> None:
        item = self.item(location)
        self.attempt(item, lambda: item.count(quantity, "CC", None))

    @rule(location=locations, channel=channels, quantity=quantities)
    def reserve(self, location: str, channel: str, quantity: int) -> None:
        item, self.reservations = self.item(location), self.reservations + 1
        rid = f"R-{self.reservations}"
        if self.attempt(item, lambda: item.reserve(rid, "O", channel, quantity, None, None)):
            self.open[rid] = item

    @precondition(lambda self: self.open)
    @rule(data=st.data(), fulfil=st.booleans())
    def close(self, data: st.DataObject, fulfil: bool) -> None:
        rid = data.draw(st.sampled_from(sorted(self.open)))
        item = self.open.pop(rid)
        if fulfil:
            assert self.attempt(item, lambda: item.fulfil(rid, None, None))
        else:
            assert self.attempt(item, lambda: item.release(rid, "cancelled", None, None))

    @rule(name=channels, feeding=st.sets(locations), wanted=rules)
    def declare(self, name: str, feeding: set[str], wanted: dict[str, Any]) -> None:
        try:
            Channel.check("shopify", wanted)
        except StockError:
            return
        if name not in self.channels:
            self.channels[name] = Channel(name, "shopify", sorted(feeding), wanted)
            self.record(self.channels[name])
        else:
            found = self.channels[name]
            self.attempt(found, lambda: found.configure("shopify", sorted(feeding), wanted))

    @rule(name=channels, wanted=overrides)
    def set_listing_rules(self, name: str, wanted: dict[str, Any]) -> None:
        if name not in self.listings:
            self.listings[name] = Listing(name, SKU)
            self.record(self.listings[name])
        listing = self.listings[name]
        self.attempt(listing, lambda: listing.set_rules(wanted))

    @invariant()
    def every_figure_is_within_zero_and_its_pool(self) -> None:
        available = {location: item.available for location, item in self.items.items()}
        held = {c: sum(i.reserved_for_channel(c) for i in self.items.values()) for c in CHANNELS}
        fences = {c: effective_fence(lst.ring_fence, held[c]) for c, lst in self.listings.items()}
        for name, channel in self.channels.items():
            listing = self.listings.get(name)
            own = {k: v for k, v in (listing.rules if listing else {}).items() if v is not None}
            got = channel_figure(
                name, channel.locations, channel.default_rules.overridden(own), available, fences
            )
            assert got.pool == pool(available, channel.locations) >= 0
            assert 0 <= got.available <= got.pool
            assert got.available <= max(0, got.pool - fenced_by_others(fences, name))

    @invariant()
    def replaying_any_aggregate_rebuilds_it(self) -> None:
        aggregates = [*self.items.values(), *self.channels.values(), *self.listings.values()]
        for aggregate in aggregates:
            replayed = None
            for event in self.events[aggregate.id]:
                replayed = event.mutate(replayed)
            assert replayed == aggregate


SkuAcrossChannels.TestCase.settings = settings(
    max_examples=100,
    stateful_step_count=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_sku_across_channels = SkuAcrossChannels.TestCase

"""Channels on simulators, the expected figures (an oracle of the channel rules), and the
checks that every marketplace and every sync row agree with them."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from interfaces.messaging import streams
from tests.e2e.marketplaces import listing
from tests.e2e.stack import Api, Simulator, Stack, connection, stream


@dataclass
class Channel:
    """A channel as a test declares it: kind, feeding locations, rules, the SKUs it lists and
    (when it pushes anywhere) the simulator of its marketplace."""

    name: str
    kind: str
    locations: list[str]
    rules: dict[str, int]
    skus: list[str] = field(default_factory=list)
    simulator: Simulator | None = None

    @property
    def marketplace(self) -> Simulator:
        """The simulator this channel pushes to."""
        assert self.simulator is not None, f"{self.name} has no marketplace"
        return self.simulator

    def key(self, sku: str) -> str:
        """The simulator's listing key of a SKU."""
        return listing(self.kind, sku, self.skus.index(sku)).key

    def declare(self, api: Api, rate_limit: float = 1000.0, burst: int = 100) -> None:
        """PUT the channel (with its connection if it has a marketplace), then each SKU's ids."""
        conn = connection(self.simulator, self.name, rate_limit, burst) if self.simulator else None
        api.declare_channel(self.name, self.kind, self.locations, self.rules, conn)
        for n, sku in enumerate(self.skus):
            api.identify(self.name, sku, listing(self.kind, sku, n).ids)


def expected(channel: Channel, available: dict[str, int]) -> int:
    """The channel's figure for a SKU available so at each location (no ring fences here):
    the pool of its locations, x percent, - buffer, 0 at or below zero_below, max_listed."""
    locations = set(channel.locations)
    pool = sum(units for loc, units in available.items() if not locations or loc in locations)
    rules = channel.rules
    figure = pool * rules.get("percent", 100) // 100 - rules.get("buffer", 0)
    if "zero_below" in rules and figure <= rules["zero_below"]:
        figure = 0
    if "max_listed" in rules:
        figure = min(figure, rules["max_listed"])
    return max(0, figure)


def marketplace_agrees(channel: Channel, want: dict[str, int]) -> None:
    """The simulator holds `want[sku]` for every SKU (AssertionError otherwise)."""
    held = channel.marketplace.listings()
    got = {sku: held.get(channel.key(sku)) for sku in want}
    assert got == want, f"{channel.name}: marketplace holds {got}, expected {want}"


def in_sync(api: Api, channel: Channel, want: dict[str, int]) -> dict[str, dict[str, Any]]:
    """Every SKU of `want` is in_sync at `want[sku]` in GET /sync (AssertionError otherwise)."""
    rows = api.sync(channel.name)
    got = {sku: (rows[sku]["status"], rows[sku]["expected"]) for sku in want if sku in rows}
    assert got == {sku: ("in_sync", units) for sku, units in want.items()}, (
        f"{channel.name}: sync {got}, expected in_sync at {want}"
    )
    return rows


def start_channels(stack: Stack, api: Api, channels: list[Channel]) -> None:
    """Declare every channel, then start an adapter per channel and wait for them."""
    for channel in channels:
        channel.declare(api)
    adapters = [stack.adapter(channel.name, channel.kind) for channel in channels]
    for adapter in adapters:
        adapter.wait_ready(60.0)


def published(nats_url: str, figures: dict[tuple[str, str], int]) -> Counter[str]:
    """The last availability message on the stream for each (channel, SKU) carries its figure
    (AssertionError otherwise); every Msg-Id on the stream, counted."""
    messages = stream(nats_url, streams.AVAILABILITY.name)
    last = {(m.msg_id or "").rsplit(":", 1)[0]: json.loads(m.data) for m in messages}
    for (channel, sku), figure in figures.items():
        message = last.get(f"{channel}:{sku}", {})
        assert message.get("available") == figure, (channel, sku, figure, message)
    return Counter(m.msg_id or "" for m in messages)

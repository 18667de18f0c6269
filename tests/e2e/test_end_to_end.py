"""The whole path, with real processes: commands over HTTP -> the inventory view and its
outbox -> the reactor -> JetStream -> one adapter per channel -> a simulated marketplace of
every kind -> confirmations -> the sync status."""

from __future__ import annotations

from functools import partial

from tests import refs
from tests.e2e.marketplaces import KINDS
from tests.e2e.processes import eventually
from tests.e2e.scenario import Channel, expected, in_sync, marketplace_agrees, start_channels
from tests.e2e.stack import Stack, ready


def test_every_marketplace_ends_with_the_channel_figure_and_every_pair_is_in_sync(
    stack: Stack,
) -> None:
    wh1, wh2 = refs.location(), refs.location()
    skus = [refs.sku() for _ in range(3)]
    service, api = stack.serve()
    simulators = {kind: stack.simulator(kind) for kind in KINDS}
    ready([service, *(sim.service for sim in simulators.values())])
    rules: dict[str, tuple[list[str], dict[str, int]]] = {
        "shopify": ([wh1], {"percent": 80, "buffer": 2}),
        "amazon": ([], {"max_listed": 10, "zero_below": 1}),
        "shopee": ([], {"buffer": 1}),
        "woocommerce": ([wh2], {}),
        "webhook": ([], {"percent": 50}),
        "ebay": ([wh1], {"buffer": 1}),
        "lazada": ([], {"percent": 50, "buffer": 1}),
        "tiktok": ([wh2], {"zero_below": 2}),
    }
    channels = [
        Channel(f"{kind}-e2e", kind, *rules[kind], skus, simulators[kind]) for kind in KINDS
    ]
    start_channels(stack, api, channels)

    api.receive(wh1, skus[0], 20)
    api.receive(wh2, skus[0], 8)
    api.receive(wh1, skus[1], 5)
    api.receive(wh2, skus[2], 12)
    lines = [
        {"sku": skus[0], "quantity": 3, "location": wh1},
        {"sku": skus[2], "quantity": 2, "location": wh2},
    ]
    last = api.reserve(refs.reservation(), channels[0].name, lines)["position"]

    available = {
        skus[0]: {wh1: 17, wh2: 8},
        skus[1]: {wh1: 5},
        skus[2]: {wh2: 10},
    }
    for channel in channels:
        want = {sku: expected(channel, available[sku]) for sku in skus}
        shown = {sku: api.availability(channel.name, sku, last)["available"] for sku in skus}
        assert shown == want, channel.name
        eventually(partial(marketplace_agrees, channel, want), 30.0, what=channel.name)
        eventually(partial(in_sync, api, channel, want), 30.0, what=channel.name)
    for simulator in simulators.values():
        stats = simulator.stats()
        assert stats["401"] == stats["400"] == stats["429"] == 0, (simulator.kind, stats)

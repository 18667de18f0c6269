"""nats-server down under load: every command is still accepted; once it is back, the reactor
catches up, the adapters push, and every channel converges."""

from __future__ import annotations

import time
from functools import partial

from tests import refs
from tests.e2e.load import Load, receipt, replay
from tests.e2e.processes import eventually
from tests.e2e.scenario import Channel, in_sync, marketplace_agrees, start_channels
from tests.e2e.stack import Stack, ready


def test_commands_succeed_while_nats_is_down_and_every_channel_converges_after(
    stack: Stack,
) -> None:
    wh1, wh2 = refs.location(), refs.location()
    skus = [refs.sku() for _ in range(6)]
    service, api = stack.serve()
    kinds = ("shopify", "woocommerce", "webhook")
    simulators = {kind: stack.simulator(kind) for kind in kinds}
    ready([service, *(sim.service for sim in simulators.values())])
    channels = [
        Channel("shop", "shopify", [wh1], {"percent": 90}, skus, simulators["shopify"]),
        Channel("woo", "woocommerce", [], {"buffer": 1}, skus, simulators["woocommerce"]),
        Channel("hook", "webhook", [wh2], {"max_listed": 12}, skus, simulators["webhook"]),
    ]
    start_channels(stack, api, channels)
    setup = [receipt(api, loc, sku) for sku in skus for loc in (wh1, wh2)]

    load = Load(api.url, skus, [wh1, wh2], pause=0.01).start()
    try:
        load.wait_for(50)
        stack.nats.stop()
        during = len(load.applied)
        time.sleep(4.0)
        print(f"{len(load.applied) - during} commands accepted while nats-server was down")
        stack.nats.restart()
        load.wait_for(len(load.applied) + 50)
    finally:
        load.stop()
    assert not load.failures, load.failures[:5]
    assert len(load.applied) > during

    figures, _ = replay(channels, setup, load.applied)
    for channel in channels:
        want = {sku: figures[(channel.name, sku)] for sku in skus}
        eventually(partial(marketplace_agrees, channel, want), 60.0, what=channel.name)
        eventually(partial(in_sync, api, channel, want), 30.0, what=channel.name)
    assert all(process.running for process in stack.processes.started)  # none crashed

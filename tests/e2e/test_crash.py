"""kill -9 of a separate reactor process mid-stream: the next reactor publishes what the first
left in the outbox, nothing is lost (every pair's newest figure is on the stream, and every
stock event), and JetStream's Msg-Id dedupe lets no copy through. Availability is announced once
per (channel, SKU) per views batch, so the stream holds a subset of the figure's moves."""

from __future__ import annotations

from collections import Counter

from interfaces.messaging import streams
from tests import refs
from tests.e2e.load import Load, receipt, replay
from tests.e2e.processes import eventually
from tests.e2e.scenario import Channel, published
from tests.e2e.stack import Stack, ready, stream


def test_a_killed_reactor_loses_no_change_and_duplicates_none(stack: Stack) -> None:
    wh1, wh2 = refs.location(), refs.location()
    skus = [refs.sku() for _ in range(8)]
    service, api = stack.serve(reactor=False)
    first = stack.reactor("reactor-1")
    ready([service, first])
    channels = [
        Channel("web", "webhook", [wh1], {}),
        Channel("market", "amazon", [], {"max_listed": 15}),
        Channel("outlet", "shopee", [wh2], {"buffer": 2}),
    ]
    for channel in channels:
        channel.declare(api)
    setup = [receipt(api, loc, sku) for sku in skus for loc in (wh1, wh2)]

    load = Load(api.url, skus, [wh1, wh2]).start()
    try:
        load.wait_for(150)
        on_stream = len(stream(stack.nats.url, streams.AVAILABILITY.name))
        first.kill()
        print(
            f"reactor killed after {len(load.applied)} commands, {on_stream} messages on the stream"
        )
        load.wait_for(len(load.applied) + 100)
        stack.reactor("reactor-2").wait_ready(60.0)
        load.wait_for(len(load.applied) + 150)
    finally:
        load.stop()
    assert not load.failures, load.failures[:5]

    figures, moves = replay(channels, setup, load.applied)
    last, loaded_after = max(a.position for a in load.applied), max(a.position for a in setup)
    for (name, sku), figure in figures.items():
        assert api.availability(name, sku, last)["available"] == figure, (name, sku)

    def delivered() -> Counter[str]:
        ids = published(stack.nats.url, figures)  # each pair's last message: its newest figure
        during = {i for i in ids if int(i.rsplit(":", 1)[1]) > loaded_after}
        assert during <= moves, sorted(during - moves)[:10]  # each message: a real move
        return ids

    ids = eventually(delivered, 30.0, what="every change on the stream")
    assert [msg_id for msg_id, n in ids.items() if n > 1] == []
    events = Counter(m.msg_id for m in stream(stack.nats.url, streams.EVENTS.name))
    assert all(events[f"event:{a.position}"] == 1 for a in [*setup, *load.applied])
    assert max(events.values()) == 1

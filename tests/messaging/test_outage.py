"""NATS down: publishing fails fast; NATS back: the broker reconnects and nothing acked is lost."""

from __future__ import annotations

import asyncio
from collections import Counter

import pytest

from interfaces.messaging import streams, subjects
from interfaces.messaging.broker import Broker
from interfaces.messaging.embedded import EmbeddedNats
from interfaces.messaging.errors import PublishFailed
from interfaces.messaging.message import Message

pytestmark = pytest.mark.asyncio


def batch(first: int, count: int) -> list[Message]:
    return [
        Message(subjects.events_subject("WH.1", f"S{n}"), b"{}", f"event:{n}")
        for n in range(first, first + count)
    ]


async def until_connected(broker: Broker, timeout: float) -> None:
    async with asyncio.timeout(timeout):
        while not broker.connected:
            await asyncio.sleep(0.05)


async def test_publishing_resumes_after_a_restart_and_acked_messages_survive(
    broker: Broker, nats_server: EmbeddedNats
) -> None:
    await broker.publish_batch(batch(0, 50), timeout=5.0)
    url = nats_server.url
    await asyncio.to_thread(nats_server.stop)
    with pytest.raises(PublishFailed):
        await broker.publish_batch(batch(50, 50), timeout=1.0)
    assert await asyncio.to_thread(nats_server.restart) == url
    await until_connected(broker, timeout=10.0)
    await broker.publish_batch(batch(50, 50), timeout=5.0)
    stored = await broker.stream_messages(streams.EVENTS.name)
    assert Counter(m.msg_id for m in stored) == {f"event:{n}": 1 for n in range(100)}


async def test_a_batch_whose_connection_drops_fails_at_once_not_at_its_deadline(
    broker: Broker, nats_server: EmbeddedNats
) -> None:
    delivered = asyncio.Event()

    async def never_acks(_: Message) -> None:  # a core subscriber: the ack never comes
        delivered.set()

    await broker.subscribe("quiet.subject", never_acks)
    message = Message("quiet.subject", b"{}", "quiet:1")
    publishing = asyncio.ensure_future(broker.publish_batch([message], timeout=300.0))
    await asyncio.wait_for(delivered.wait(), 10.0)
    await asyncio.to_thread(nats_server.stop, kill=True)
    with pytest.raises(PublishFailed, match="the connection dropped"):
        await asyncio.wait_for(publishing, 60.0)

"""Durable pull consumers: fetch, ack, nak with redelivery, term."""

from __future__ import annotations

from dataclasses import replace

import pytest

from interfaces.messaging import streams, subjects
from interfaces.messaging.broker import Broker, PullConsumer
from interfaces.messaging.message import Message

pytestmark = pytest.mark.asyncio


async def publish(broker: Broker, channel: str, skus: list[str]) -> None:
    batch = [
        Message(subjects.availability_subject(channel, sku), sku.encode(), f"{channel}:{sku}:1")
        for sku in skus
    ]
    await broker.publish_batch(batch, timeout=5.0)


async def adapter(broker: Broker, channel: str) -> PullConsumer:
    return await broker.consumer(streams.adapter_consumer(channel))


async def test_a_consumer_sees_only_its_channel_and_acked_messages_stay_acked(
    broker: Broker,
) -> None:
    await publish(broker, "shop.eu", ["A", "B.2"])
    await publish(broker, "other", ["C"])
    consumer = await adapter(broker, "shop.eu")
    deliveries = await consumer.fetch(10, timeout=2.0)
    assert [d.data for d in deliveries] == [b"A", b"B.2"]
    assert [d.msg_id for d in deliveries] == ["shop.eu:A:1", "shop.eu:B.2:1"]
    assert all(d.num_delivered == 1 for d in deliveries)
    for delivery in deliveries:
        await delivery.ack()
    await consumer.close()
    again = await adapter(broker, "shop.eu")
    assert await again.fetch(10, timeout=0.5) == []


async def test_a_nak_redelivers(broker: Broker) -> None:
    await publish(broker, "web", ["A"])
    consumer = await adapter(broker, "web")
    [first] = await consumer.fetch(1, timeout=2.0)
    await first.in_progress()
    await first.nak(delay=0.2)
    [second] = await consumer.fetch(1, timeout=5.0)
    assert (second.msg_id, second.num_delivered) == ("web:A:1", 2)
    await second.ack()


async def test_a_termed_message_is_not_delivered_again(broker: Broker) -> None:
    await publish(broker, "web", ["poison"])
    spec = replace(streams.adapter_consumer("web"), ack_wait=0.5)
    consumer = await broker.consumer(spec)
    [delivery] = await consumer.fetch(1, timeout=2.0)
    await delivery.term()
    assert await consumer.fetch(1, timeout=1.5) == []


async def test_a_consumer_is_created_or_updated_idempotently(broker: Broker) -> None:
    await adapter(broker, "web")
    spec = replace(streams.adapter_consumer("web"), max_ack_pending=50000)
    consumer = await broker.consumer(spec)
    assert await consumer.fetch(5, timeout=0.3) == []

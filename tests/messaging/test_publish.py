"""Pipelined publishing: every message acked, copies dropped by Nats-Msg-Id."""

from __future__ import annotations

import asyncio
from collections import Counter

import pytest

from interfaces.messaging import streams, subjects
from interfaces.messaging.broker import Broker
from interfaces.messaging.errors import PublishFailed
from interfaces.messaging.message import Message

pytestmark = pytest.mark.asyncio


def availability(sku: str, position: int) -> Message:
    return Message(
        subjects.availability_subject("web.eu", sku),
        b'{"available": 1}',
        subjects.availability_msg_id("web.eu", sku, position),
    )


async def test_the_same_msg_id_twice_is_stored_once(broker: Broker) -> None:
    first, second = availability("A.1", 1), availability("B", 2)
    assert await broker.publish_batch([first, second, first], timeout=5.0) == [False, False, True]
    assert await broker.publish_batch([first], timeout=5.0) == [True]
    stored = await broker.stream_messages(streams.AVAILABILITY.name)
    assert Counter(m.msg_id for m in stored) == {"web.eu:A.1:1": 1, "web.eu:B:2": 1}
    assert stored[0].subject == "stocksync.availability.web%2Eeu.A%2E1"
    assert stored[0].data == b'{"available": 1}'


async def test_a_large_batch_is_acked_in_order(broker: Broker) -> None:
    batch = [availability(f"SKU-{n}", n) for n in range(2000)]
    assert await broker.publish_batch(batch, timeout=20.0) == [False] * 2000
    stored = await broker.stream_messages(streams.AVAILABILITY.name, "stocksync.availability.>")
    assert [m.msg_id for m in stored] == [m.msg_id for m in batch]


async def test_an_empty_batch_publishes_nothing(broker: Broker) -> None:
    assert await broker.publish_batch([], timeout=1.0) == []


async def test_a_single_publish_reports_duplicates(broker: Broker) -> None:
    subject = subjects.confirmations_subject("web")
    assert await broker.publish(subject, b"{}", msg_id="c1") is False
    assert await broker.publish(subject, b"{}", msg_id="c1") is True
    assert await broker.publish(subject, b"{}") is False
    assert (await broker.stream_status(streams.CONFIRMATIONS.name)).messages == 2


async def test_a_core_subscriber_hears_published_messages(broker: Broker) -> None:
    heard: asyncio.Queue[Message] = asyncio.Queue()
    unsubscribe = await broker.subscribe("stocksync.deadletter.>", heard.put)
    await broker.publish(subjects.deadletter_subject("web"), b'{"reason": "x"}', msg_id="d1")
    message = await asyncio.wait_for(heard.get(), timeout=5.0)
    assert (message.subject, message.msg_id) == ("stocksync.deadletter.web", "d1")
    await unsubscribe()


async def test_a_subject_outside_every_stream_fails_the_batch(broker: Broker) -> None:
    with pytest.raises(PublishFailed):
        await broker.publish_batch([Message("elsewhere.x", b"{}", "x")], timeout=2.0)

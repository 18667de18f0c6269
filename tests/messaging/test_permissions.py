"""NATS users against a real nats-server: anonymous clients are refused, and a channel's adapter
may pull only its channel's figures and publish only its channel's confirmations and dead
letters; a rotated password stops working without a restart."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import pytest_asyncio

from interfaces.messaging import streams, subjects
from interfaces.messaging.broker import Broker
from interfaces.messaging.embedded import EmbeddedNats
from interfaces.messaging.errors import LoginRefused, MessagingError, PublishFailed
from interfaces.messaging.host import free_port
from interfaces.messaging.message import Message
from tests.messaging.secured import SERVICE, Users, adapter, connected

pytestmark = pytest.mark.asyncio
CHANNELS = {"shop": "shop-password", "web.eu": "web-password"}


@pytest.fixture
def users() -> Users:
    return Users(dict(CHANNELS))


@pytest.fixture
def server(tmp_path: Path, users: Users) -> Iterator[EmbeddedNats]:
    with EmbeddedNats(tmp_path / "nats", port=free_port(), authorization=users.authorization) as s:
        yield s


@pytest_asyncio.fixture
async def service(server: EmbeddedNats) -> AsyncIterator[Broker]:
    """The service: streams and each channel's adapter consumer created, one figure each."""
    broker = await connected(server.url, SERVICE)
    await broker.ensure_streams()
    for channel in CHANNELS:
        await broker.ensure_consumer(streams.adapter_consumer(channel))
        await broker.publish(subjects.availability_subject(channel, "SKU-1"), channel.encode())
    yield broker
    await broker.close()


@pytest_asyncio.fixture
async def shop(server: EmbeddedNats, service: Broker) -> AsyncIterator[Broker]:
    """The shop channel's adapter."""
    broker = await connected(server.url, adapter("shop", CHANNELS["shop"]))
    yield broker
    await broker.close()


async def test_an_anonymous_client_is_refused(server: EmbeddedNats) -> None:
    with pytest.raises(LoginRefused):
        await connected(server.url, None, timeout=3.0)


async def test_the_adapter_pulls_its_channels_figures_from_its_durable_consumer(
    shop: Broker,
) -> None:
    consumer = await shop.consumer(streams.adapter_consumer("shop"), create=False)
    [delivery] = await consumer.fetch(10, timeout=2.0)
    assert (delivery.subject, delivery.data) == ("stocksync.availability.shop.SKU-1", b"shop")
    await delivery.ack()
    await consumer.close()
    again = await shop.consumer(streams.adapter_consumer("shop"), create=False)
    assert await again.fetch(10, timeout=0.5) == []  # the ack was taken


async def test_the_adapter_cannot_read_another_channels_figures(shop: Broker) -> None:
    other = streams.adapter_consumer("web.eu")
    with pytest.raises(MessagingError):
        await shop.consumer(other, create=False)
    with pytest.raises(MessagingError):
        await shop.consumer(other)  # nor create a consumer of its own over them


async def test_a_live_subscription_gets_only_its_own_channel(shop: Broker, service: Broker) -> None:
    seen: list[str] = []
    own = asyncio.Event()

    async def record(message: Message) -> None:
        seen.append(message.subject)
        if message.subject.startswith("stocksync.availability.shop."):
            own.set()

    await shop.subscribe(subjects.availability_filter("web.eu"), record)
    await shop.subscribe(subjects.availability_filter("shop"), record)
    # One publisher, one subscriber: messages arrive in order, so once the second is in, the
    # first would have been too.
    await service.publish(subjects.availability_subject("web.eu", "SKU-2"), b"web")
    await service.publish(subjects.availability_subject("shop", "SKU-2"), b"shop")
    await asyncio.wait_for(own.wait(), 5.0)
    assert seen == ["stocksync.availability.shop.SKU-2"], seen


async def test_the_adapter_cannot_publish_availability(shop: Broker, service: Broker) -> None:
    with pytest.raises(PublishFailed):
        await shop.publish(subjects.availability_subject("shop", "SKU-1"), b"999", "forged")
    stored = await service.stream_messages(streams.AVAILABILITY.name)
    assert [m.data for m in stored] == [b"shop", b"web.eu"]


async def test_the_adapter_publishes_its_own_confirmations_and_dead_letters_only(
    shop: Broker, service: Broker
) -> None:
    assert await shop.publish(subjects.confirmations_subject("shop"), b"{}", "c-1") is False
    assert await shop.publish(subjects.deadletter_subject("shop"), b"{}", "d-1") is False
    with pytest.raises(PublishFailed):
        await shop.publish(subjects.confirmations_subject("web.eu"), b"{}", "c-2")
    confirmations = await service.stream_messages(streams.CONFIRMATIONS.name)
    assert [m.msg_id for m in confirmations] == ["c-1"]


async def test_a_rotated_password_stops_working_without_a_restart(
    server: EmbeddedNats, users: Users, shop: Broker, service: Broker
) -> None:
    users.rotate("shop", "new-password")
    server.reload()
    with pytest.raises(LoginRefused):
        await connected(server.url, adapter("shop", CHANNELS["shop"]), timeout=3.0)
    fresh = await connected(server.url, adapter("shop", "new-password"))
    await fresh.consumer(streams.adapter_consumer("shop"), create=False)
    await fresh.close()
    for _ in range(100):  # the server drops the old password's connection as it reloads
        if not shop.connected:
            break
        await asyncio.sleep(0.05)
    assert not shop.connected
    assert service.connected  # the same server all along: no restart
    await service.publish(subjects.confirmations_subject("shop"), b"{}", "after-reload")

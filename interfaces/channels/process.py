"""`stocksync adapter run --channel C`: one channel's adapter as its own process.

It connects as the channel's NATS user (NATS_USER and NATS_PASSWORD, or the user in NATS_URL),
with the inbox prefix that user may read, and binds to the durable consumer the service created
for it (`POST /v1/channels/{channel}/nats-credentials` does). On a server that admits anyone and
lets them create consumers, it creates the consumer itself when it is missing.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal

import httpx

from interfaces.channels.adapter import Adapter
from interfaces.channels.marketplace import marketplace
from interfaces.channels.setup import ListingBook, connection
from interfaces.messaging.broker import Broker, PullConsumer
from interfaces.messaging.errors import ConsumerMissing, MessagingError
from interfaces.messaging.streams import adapter_consumer
from interfaces.messaging.users import Login, adapter_inbox
from interfaces.runtime.bootstrap import build
from interfaces.runtime.settings import Settings

log = logging.getLogger(__name__)


async def serve_adapter(channel: str, settings: Settings) -> None:
    """Run the channel's adapter until SIGTERM or SIGINT."""
    assert settings.nats_url is not None
    container = build(settings)
    try:
        market = marketplace(container.ledger.channel(channel).kind)
        conn = connection(container.ledger, channel, market)
        broker = Broker()
        user, password = settings.nats_login() or (None, None)
        login = Login(user, password, adapter_inbox(channel))
        await broker.connect(settings.nats_url, f"stocksync-adapter-{channel}", login=login)
        stopping = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stopping.set)
        consumer = await bind(broker, channel, stopping)
        async with httpx.AsyncClient(timeout=30.0) as client:
            adapter = Adapter(channel, market, conn, ListingBook(container.ledger), broker, client)
            log.info("adapter %s (%s) pushing to %s", channel, market.kind, conn.base_url)
            if consumer is not None:
                await adapter.run(consumer, stopping)
        with contextlib.suppress(Exception):
            await broker.close()
    finally:
        container.ledger.close()


async def bind(broker: Broker, channel: str, stopping: asyncio.Event) -> PullConsumer | None:
    """The channel's consumer once it exists (None when stopped first), retrying every second:
    NATS may be down, or the service may not have created the consumer yet."""
    spec = adapter_consumer(channel)
    while not stopping.is_set():
        try:
            return await broker.consumer(spec, create=False)
        except ConsumerMissing:
            with contextlib.suppress(MessagingError):  # refused to a channel's own user
                return await broker.consumer(spec)
            log.warning(
                "adapter %s: no consumer %s yet: issue its credentials", channel, spec.durable
            )
        except MessagingError as exc:
            log.warning("adapter %s: cannot bind to %s (%s)", channel, spec.durable, exc)
        await asyncio.sleep(1.0)
    return None

"""`stocksync adapter run --channel C`: one channel's adapter as its own process."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal

import httpx

from interfaces.channels.adapter import Adapter
from interfaces.channels.marketplace import marketplace
from interfaces.channels.setup import ListingBook, connection
from interfaces.messaging.broker import Broker
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
        await broker.connect(settings.nats_url, name=f"stocksync-adapter-{channel}")
        await broker.ensure_streams()
        stopping = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stopping.set)
        async with httpx.AsyncClient(timeout=30.0) as client:
            adapter = Adapter(channel, market, conn, ListingBook(container.ledger), broker, client)
            log.info("adapter %s (%s) pushing to %s", channel, market.kind, conn.base_url)
            await adapter.run(stopping)
        with contextlib.suppress(Exception):
            await broker.close()
    finally:
        container.ledger.close()

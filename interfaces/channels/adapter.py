"""The adapter runner: one channel's availability messages pushed to its marketplace.

It pulls `stocksync.availability.{channel}.>` from its durable consumer, keeps only the newest
position per SKU (older ones are acked without a call), pushes in the marketplace's batches
within its rate limit (a token bucket; 429 and 5xx back off, honouring Retry-After), acks only
after the marketplace accepted, and publishes a confirmation for every outcome. What still fails
after `max_attempts` goes to the dead-letter subject, and the stream moves on.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import httpx

from interfaces.channels.bucket import TokenBucket
from interfaces.channels.contract import (
    Connection,
    Marketplace,
    MarketplaceError,
    Rejected,
    Result,
    Throttled,
    Update,
)
from interfaces.channels.notices import Notices
from interfaces.channels.setup import ListingBook
from interfaces.messaging.broker import Broker, Delivery, PullConsumer
from interfaces.messaging.errors import LoginRefused, MessagingError

log = logging.getLogger(__name__)


@dataclass
class Pending:
    """One SKU's newest delivery, as an update."""

    update: Update
    delivery: Delivery


Body = dict[str, Any]


def coalesce(deliveries: Sequence[Delivery]) -> tuple[list[tuple[Body, Delivery]], list[Delivery]]:
    """The newest message per SKU, and the older deliveries (to ack without a call)."""
    newest: dict[str, tuple[Body, Delivery]] = {}
    stale: list[Delivery] = []
    for delivery in deliveries:
        body: Body = json.loads(delivery.data)
        known = newest.get(body["sku"])
        if known is not None and int(known[0]["position"]) >= int(body["position"]):
            stale.append(delivery)
            continue
        if known is not None:
            stale.append(known[1])
        newest[body["sku"]] = (body, delivery)
    return list(newest.values()), stale


class Adapter:
    """Pushes one channel's changes to its marketplace."""

    def __init__(
        self,
        channel: str,
        market: Marketplace,
        connection: Connection,
        listings: ListingBook,
        broker: Broker,
        client: httpx.AsyncClient,
        max_attempts: int = 5,
        max_backoff: float = 30.0,
    ) -> None:
        self.channel = channel
        self.market = market
        self.connection = connection
        self.listings = listings
        self.broker = broker
        self.client = client
        self.bucket = TokenBucket(connection.rate_limit, connection.burst)
        # A token per HTTP request, not per push: one push may send several (Shopee one per
        # item, WooCommerce one per parent product, Shopify a read-back of stale levels).
        hooks = client.event_hooks
        client.event_hooks = {**hooks, "request": [*hooks.get("request", []), self._throttle]}
        self.notices = Notices(broker, channel)
        self.max_attempts = max_attempts
        self.max_backoff = max_backoff
        self.calls = 0

    async def run(self, consumer: PullConsumer, stopping: asyncio.Event) -> None:
        """Pull the channel's consumer and push until ``stopping`` is set."""
        while not stopping.is_set():
            if self.broker.refused:  # its password was rotated: only the new one will do
                raise LoginRefused(f"NATS refused the password of {self.channel}'s adapter")
            try:
                deliveries = await consumer.fetch(1000, timeout=0.5)
                if deliveries:
                    await self.handle(deliveries)
            except MessagingError as exc:
                # NATS is down or restarting: the client reconnects by itself, and what was
                # not acked is delivered again.
                log.warning("adapter %s: %s; retrying in 1s", self.channel, exc)
                await asyncio.sleep(1.0)

    async def handle(self, deliveries: Sequence[Delivery]) -> None:
        """Coalesce a fetch per SKU, then push the newest figures in batches."""
        newest, stale = coalesce(deliveries)
        for delivery in stale:
            await delivery.ack()
        pending = []
        for body, delivery in newest:
            update = await asyncio.to_thread(self.listings.update, self.channel, body)
            if update is None:  # an older position than one already applied
                await delivery.ack()
                continue
            pending.append(Pending(update, delivery))
        size = self.market.max_batch
        for start in range(0, len(pending), size):
            await self.push(pending[start : start + size])

    async def push(self, batch: list[Pending]) -> None:
        """Push one batch, retrying what is retryable; every delivery ends acked."""
        attempt = 0
        while batch:
            attempt += 1
            results, retry_after = await self._call(batch)
            retry = []
            for item, result in zip(batch, results, strict=True):
                if (
                    result.status == "applied"
                    or result.status == "rejected"
                    or (attempt >= self.max_attempts)
                ):
                    await self._settle(item, result, attempt)
                else:
                    retry.append(item)
            batch = retry
            if batch:
                for item in batch:
                    await item.delivery.in_progress()
                await asyncio.sleep(min(self.max_backoff, retry_after or 0.2 * 2**attempt))

    async def _throttle(self, _request: httpx.Request) -> None:
        """Wait for the rate limit's next token (an httpx request hook)."""
        await self.bucket.acquire()

    async def _call(self, batch: list[Pending]) -> tuple[list[Result], float | None]:
        self.calls += 1
        updates = [p.update for p in batch]
        try:
            return await self.market.push(self.client, self.connection, updates), None
        except Rejected as exc:
            return [Result(u.sku, "rejected", exc.detail) for u in updates], None
        except MarketplaceError as exc:
            after = (
                exc.retry_after if isinstance(exc, Throttled) else getattr(exc, "retry_after", None)
            )
            return [Result(u.sku, "failed", str(exc)) for u in updates], after
        except httpx.HTTPError as exc:
            return [Result(u.sku, "failed", f"{type(exc).__name__}: {exc}") for u in updates], None

    async def _settle(self, item: Pending, result: Result, attempts: int) -> None:
        update = item.update
        if result.status == "applied":
            self.listings.applied(self.channel, update, result)
        else:
            await self.notices.dead_letter(update, result, attempts)
        await self.notices.confirm(update, result)
        await item.delivery.ack()

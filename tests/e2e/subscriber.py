"""A NATS subscriber of the availability figures, as a channel adapter would be: a durable pull
consumer in a thread of its own that acks every delivery and keeps the first of each Msg-Id,
counting the copies it drops. It rides out a restart of nats-server (the client reconnects and
the durable consumer is kept in the server's store)."""

from __future__ import annotations

import asyncio
import json
import threading
from collections import Counter
from typing import Any

from interfaces.messaging import streams, subjects
from interfaces.messaging.broker import Broker, Delivery
from interfaces.messaging.errors import MessagingError
from interfaces.messaging.streams import ConsumerSpec

# Redelivered soon when an ack is lost in a restart (an adapter's consumer waits 60 s).
SPEC = ConsumerSpec(
    streams.AVAILABILITY.name, "e2e-subscriber", f"{subjects.AVAILABILITY}.>", ack_wait=2.0
)


class Subscriber:
    """Every availability message, deduplicated by Msg-Id; the copies counted."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.deliveries: Counter[str] = Counter()  # per Msg-Id, before dedupe
        self.messages: dict[str, dict[str, Any]] = {}  # the first payload of each Msg-Id
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=lambda: asyncio.run(self._main()), daemon=True)

    def start(self) -> Subscriber:
        """Subscribe (creating the streams if the service has not yet) and wait until bound."""
        self._thread.start()
        assert self._ready.wait(30.0), "the subscriber did not bind to its consumer in 30s"
        return self

    def stop(self) -> None:
        """Stop pulling."""
        self._stop.set()
        self._thread.join(timeout=30)

    def duplicates(self) -> int:
        """Deliveries dropped by the dedupe (redeliveries, or a message stored twice)."""
        with self._lock:
            return sum(self.deliveries.values()) - len(self.deliveries)

    def figures(self) -> dict[tuple[str, str], list[dict[str, Any]]]:
        """Every (channel, SKU)'s messages after dedupe, in log order."""
        pairs: dict[tuple[str, str], list[dict[str, Any]]] = {}
        with self._lock:
            for payload in self.messages.values():
                pairs.setdefault((payload["channel"], payload["sku"]), []).append(payload)
        return {
            pair: sorted(found, key=lambda p: int(p["position"])) for pair, found in pairs.items()
        }

    def latest(self) -> dict[tuple[str, str], int]:
        """The newest figure it saw of each (channel, SKU)."""
        return {pair: found[-1]["available"] for pair, found in self.figures().items()}

    async def _main(self) -> None:
        broker = Broker(request_timeout=10.0)
        await broker.connect(self.url, "stocksync-e2e-subscriber", timeout=30.0)
        try:
            await broker.ensure_streams()
            consumer = await broker.consumer(SPEC)
            self._ready.set()
            while not self._stop.is_set():
                try:
                    for delivery in await consumer.fetch(200, timeout=0.2):
                        await self._take(delivery)
                except MessagingError:
                    await asyncio.sleep(0.1)  # nats-server is down or restarting
        finally:
            await broker.close()

    async def _take(self, delivery: Delivery) -> None:
        msg_id = delivery.msg_id or ""
        with self._lock:
            self.deliveries[msg_id] += 1
            self.messages.setdefault(msg_id, json.loads(delivery.data))
        await delivery.ack()


def breaks(messages: list[dict[str, Any]]) -> list[str]:
    """Where a (channel, SKU)'s messages, in log order, do not follow on from one another: the
    first has no previous figure, and each later one's previous is the figure before it. A
    message lost in between shows as a break."""
    found: list[str] = []
    before: int | None = None
    for message in messages:
        if message["previous"] != before:
            found.append(f"at {message['position']}: previous {message['previous']}, saw {before}")
        before = message["available"]
    return found

"""The reactor: publishes the outbox (availability changes, stock events) to JetStream.

The inventory view writes the outbox in the same transaction as the figures it computed with
the domain's pipeline, so nothing is announced that the view did not record, and nothing the
view recorded is lost. The reactor deletes outbox rows (its tracked position) only after every
message of the batch was acked; after a crash it publishes them again and JetStream drops the
copies by Msg-Id. While NATS is down, commands go on and the outbox grows; the reactor retries
with backoff and catches up.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
from datetime import UTC, datetime
from typing import Any, Protocol

from interfaces.messaging import subjects
from interfaces.messaging.errors import MessagingError
from interfaces.messaging.message import Message
from projections import outbox
from projections.store import View

log = logging.getLogger(__name__)


class Publisher(Protocol):
    """What the reactor needs of the broker."""

    async def publish_batch(self, messages: list[Message], timeout: float) -> list[bool]:
        """Publish and wait for every ack; raise PublishFailed otherwise."""
        ...


def to_message(row: dict[str, Any], now: datetime) -> Message:
    """An outbox row as a NATS message with its deterministic Msg-Id."""
    payload = json.loads(row["payload"])
    if row["kind"] == "availability":
        payload["published_at"] = now.isoformat()
        subject = subjects.availability_subject(row["channel"], row["sku"])
        msg_id = subjects.availability_msg_id(row["channel"], row["sku"], int(row["position"]))
    elif row["kind"] == "checkpoint":
        subject = subjects.AUDIT_CHECKPOINTS
        msg_id = f"checkpoint:{row['position']}"
    else:
        subject = subjects.events_subject(row["location"], row["sku"])
        msg_id = f"event:{row['position']}"
    return Message(subject, json.dumps(payload).encode(), msg_id)


class Reactor:
    """Drains the outbox into JetStream, in order, in batches."""

    def __init__(
        self,
        view: View,
        publisher: Publisher,
        batch: int = 1000,
        poll_interval: float = 0.05,
        max_backoff: float = 5.0,
    ) -> None:
        self.view = view
        self.publisher = publisher
        self.batch = batch
        self.poll_interval = poll_interval
        self.max_backoff = max_backoff
        self.wake = threading.Event()

    def _pending(self) -> list[dict[str, Any]]:
        with self.view.cursor() as cur:
            return outbox.pending(cur, self.batch)

    def _forget(self, rows: list[dict[str, Any]], at: datetime) -> None:
        with self.view.cursor(commit=True) as cur:
            outbox.published(cur, rows, at)

    async def drain_once(self) -> int:
        """Publish one batch and forget it; returns how many messages were published."""
        rows = await asyncio.to_thread(self._pending)
        if not rows:
            return 0
        now = datetime.now(UTC)
        await self.publisher.publish_batch([to_message(r, now) for r in rows], timeout=5.0)
        await asyncio.to_thread(self._forget, rows, now)
        return len(rows)

    async def run(self, stopping: asyncio.Event) -> None:
        """Drain until ``stopping`` is set, backing off while NATS (or the store) is down."""
        backoff = 0.05
        while not stopping.is_set():
            try:
                count = await self.drain_once()
                backoff = 0.05
            except (MessagingError, OSError) as exc:
                log.warning("reactor: publish failed (%s); retrying in %.2fs", exc, backoff)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, self.max_backoff)
                continue
            if count < self.batch:
                await asyncio.to_thread(self.wake.wait, self.poll_interval)
                self.wake.clear()

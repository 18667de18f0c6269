"""What an adapter tells the rest of the system: confirmations and dead letters."""

from __future__ import annotations

import asyncio
import json
import logging
from datetime import UTC, datetime
from typing import Any

from interfaces.channels.contract import Result, Update
from interfaces.messaging import subjects
from interfaces.messaging.broker import Broker
from interfaces.messaging.errors import MessagingError

log = logging.getLogger(__name__)


class Notices:
    """Publishes one channel's confirmations and dead letters (deduplicated by Msg-Id)."""

    def __init__(self, broker: Broker, channel: str) -> None:
        self.broker = broker
        self.channel = channel

    async def confirm(self, update: Update, result: Result) -> None:
        """Report the outcome of a push, applied or not, for the audit trail and sync status."""
        body = {
            "channel": self.channel,
            "sku": update.sku,
            "available": update.available,
            "position": update.position,
            "status": result.status,
            "detail": result.detail,
            "observed": result.observed,
            "confirmed_at": datetime.now(UTC).isoformat(),
        }
        msg_id = f"{self.channel}:{update.sku}:{update.position}:{result.status}"
        await self._publish(subjects.confirmations_subject(self.channel), body, msg_id)

    async def dead_letter(self, update: Update, result: Result, attempts: int) -> None:
        """Report what the adapter gave up on, with the reason."""
        body = {
            "channel": self.channel,
            "sku": update.sku,
            "available": update.available,
            "position": update.position,
            "reason": result.detail or result.status,
            "status": result.status,
            "attempts": attempts,
            "failed_at": datetime.now(UTC).isoformat(),
        }
        msg_id = f"{self.channel}:{update.sku}:{update.position}:dead"
        await self._publish(subjects.deadletter_subject(self.channel), body, msg_id)

    async def _publish(self, subject: str, body: dict[str, Any], msg_id: str) -> None:
        """Publish until JetStream acks: the marketplace has already accepted, so the outcome
        must not be lost while NATS is down (the Msg-Id keeps retries to one copy)."""
        pause = 0.1
        while True:
            try:
                await self.broker.publish(subject, json.dumps(body).encode(), msg_id)
                return
            except MessagingError as exc:
                log.warning("%s not published (%s); retrying in %.1fs", msg_id, exc, pause)
                await asyncio.sleep(pause)
                pause = min(pause * 2, 2.0)

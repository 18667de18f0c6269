"""What an adapter tells the rest of the system: confirmations and dead letters."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from interfaces.channels.contract import Result, Update
from interfaces.messaging import subjects
from interfaces.messaging.broker import Broker


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
        await self.broker.publish(
            subjects.confirmations_subject(self.channel), json.dumps(body).encode(), msg_id
        )

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
        await self.broker.publish(
            subjects.deadletter_subject(self.channel), json.dumps(body).encode(), msg_id
        )

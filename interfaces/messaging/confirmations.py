"""Consumes adapters' confirmations and records each one on its listing: the audit trail of
every push, and the input of the sync status."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from typing import Any

from application.channels import Confirmation
from application.service import StockLedger
from domain.errors import StockError
from interfaces.messaging import streams, subjects
from interfaces.messaging.broker import Broker, Delivery
from interfaces.messaging.errors import MessagingError

log = logging.getLogger(__name__)
CONSUMER = streams.ConsumerSpec(
    streams.CONFIRMATIONS.name, "stocksync-confirmations", f"{subjects.CONFIRMATIONS}.>"
)


def parse(data: bytes) -> tuple[str, str, Confirmation]:
    """(channel, sku, confirmation) from a confirmation message; ValueError if malformed."""
    body: dict[str, Any] = json.loads(data)
    try:
        confirmation = Confirmation(
            available=int(body["available"]),
            position=int(body["position"]),
            status=str(body["status"]),
            detail=str(body.get("detail") or ""),
            confirmed_at=str(body["confirmed_at"]),
            observed=None if body.get("observed") is None else int(body["observed"]),
        )
        return str(body["channel"]), str(body["sku"]), confirmation
    except (KeyError, TypeError) as exc:
        raise ValueError(f"malformed confirmation: {exc}") from exc


async def handle(ledger: StockLedger, delivery: Delivery) -> None:
    """Record one confirmation; a poison message is terminated, a storage failure retried."""
    key = "confirmation:" + (delivery.msg_id or hashlib.sha256(delivery.data).hexdigest())
    try:
        channel, sku, confirmation = parse(delivery.data)
        await asyncio.to_thread(ledger.confirm, channel, sku, confirmation, key)
    except (ValueError, StockError) as exc:
        log.warning("dropping confirmation %s: %s", key, exc)
        await delivery.term()
        return
    except Exception:
        log.exception("could not record confirmation %s; will retry", key)
        await delivery.nak(1.0)
        return
    await delivery.ack()


async def consume(broker: Broker, ledger: StockLedger, stopping: asyncio.Event) -> None:
    """Record confirmations until ``stopping`` is set."""
    consumer = await broker.consumer(CONSUMER)
    while not stopping.is_set():
        try:
            for delivery in await consumer.fetch(100, timeout=0.5):
                await handle(ledger, delivery)
        except MessagingError as exc:
            # NATS is down or restarting: the client reconnects by itself.
            log.warning("confirmations: %s; retrying in 1s", exc)
            await asyncio.sleep(1.0)

"""Webhook: a JSON POST of {channel, updates: [{sku, available, position}]} to any URL, signed
`X-Stocksync-Signature: t=<unix ts>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Callable

import httpx

from domain.connection import LISTING_FIELDS, OPTIONAL_LISTING_FIELDS
from interfaces.channels.contract import Connection, Result, Update
from interfaces.channels.exchange import exchange

HEADER = "X-Stocksync-Signature"
TOLERANCE = 300.0


def signature(secret: str, timestamp: int, raw: bytes) -> str:
    """The header value for a body sent at `timestamp`."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + raw, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def verify(secret: str, header: str, raw: bytes, now: float, tolerance: float = TOLERANCE) -> bool:
    """Whether a signature header is well formed, recent enough, and matches the raw body."""
    parts = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    if not parts.get("t", "").isdigit() or abs(now - int(parts["t"])) > tolerance:
        return False
    expected = signature(secret, int(parts["t"]), raw).split("v1=", 1)[1]
    return hmac.compare_digest(expected, parts.get("v1", ""))


class Webhook:
    """Any receiver that checks the signature and answers 2xx."""

    kind = "webhook"
    max_batch = 100
    secret_names = ("signing_secret",)
    listing_fields = LISTING_FIELDS["webhook"]
    optional_listing_fields = OPTIONAL_LISTING_FIELDS.get("webhook", ())

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock

    async def push(
        self, client: httpx.AsyncClient, connection: Connection, updates: list[Update]
    ) -> list[Result]:
        """One signed POST for the whole batch; a 2xx applies all of it."""
        if not updates:
            return []
        raw = payload(updates)
        header = signature(connection.secrets.get("signing_secret", ""), int(self._clock()), raw)
        request = client.build_request(
            "POST",
            connection.base_url,
            content=raw,
            headers={"Content-Type": "application/json", HEADER: header},
        )
        await exchange(client, request)
        return [Result(update.sku, "applied") for update in updates]


def payload(updates: list[Update]) -> bytes:
    """The raw JSON body, exactly the bytes that are signed."""
    channel = updates[0].channel if updates else ""
    rows = [{"sku": u.sku, "available": u.available, "position": u.position} for u in updates]
    return json.dumps({"channel": channel, "updates": rows}, separators=(",", ":")).encode()

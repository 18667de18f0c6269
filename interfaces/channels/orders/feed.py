"""What every order poller shares: the port (`poll` since a cursor), and one fetch that rebuilds
its (freshly signed) request for each attempt and retries 429 and 5xx as the stock pushes do:
Retry-After when the marketplace says it, else 0.2 s doubling, at most 30 s, 5 attempts."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any, Protocol

import httpx
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception_type, stop_after_attempt

from interfaces.channels.contract import Connection, MarketplaceError, Throttled, Unavailable
from interfaces.channels.exchange import body, exchange
from interfaces.channels.orders.order import Polled

Sleep = Callable[[float], Awaitable[None]]
MAX_ATTEMPTS = 5
MAX_BACKOFF = 30.0


class OrderFeed(Protocol):
    """One marketplace kind's order feed."""

    @property
    def kind(self) -> str:
        """The channel kind it reads."""
        ...

    @property
    def secret_names(self) -> tuple[str, ...]:
        """The connection secrets it needs, by name."""
        ...

    async def poll(
        self, client: httpx.AsyncClient, connection: Connection, since: datetime
    ) -> Polled:
        """Every order changed at or after `since`, paged through, and the next cursor.
        Raises Throttled, Unavailable or Rejected when the marketplace keeps refusing."""
        ...


def backoff(state: RetryCallState) -> float:
    """Seconds before the next attempt: the marketplace's Retry-After, else exponential."""
    error = state.outcome.exception() if state.outcome else None
    after = getattr(error, "retry_after", None)
    wait = after if isinstance(after, int | float) else 0.2 * 2**state.attempt_number
    return float(min(MAX_BACKOFF, wait))


async def fetch(
    client: httpx.AsyncClient, build: Callable[[], httpx.Request], sleep: Sleep = asyncio.sleep
) -> Any:
    """The JSON answer to a request built anew for each attempt (signatures carry the time)."""
    retrying = AsyncRetrying(
        retry=retry_if_exception_type((Throttled, Unavailable)),
        stop=stop_after_attempt(MAX_ATTEMPTS),
        wait=backoff,
        sleep=sleep,
        reraise=True,
    )
    async for attempt in retrying:
        with attempt:
            return body(await exchange(client, build()))
    raise MarketplaceError("unreachable: tenacity either returns or raises")

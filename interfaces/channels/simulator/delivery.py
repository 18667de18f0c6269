"""Webhook deliveries of a simulated marketplace that pushes its orders: on each order change,
a signed POST to every subscribed URL, retried on a non-2xx answer or a network failure as the
marketplace does (a bounded number of times, the pause doubling from `retry_delay`)."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from interfaces.channels.simulator.orders import OrderStatus, SimOrder

# (order, what happened, secret) -> (topic, raw body, headers); headers hold the signature.
Render = Callable[[SimOrder, OrderStatus, str], tuple[str, bytes, dict[str, str]]]


@dataclass(frozen=True)
class Hooks:
    """How a kind pushes orders: its rendering, how many times it tries a delivery, and after
    how many failed deliveries in a row it stops delivering to a URL (None: never)."""

    render: Render
    attempts: int
    disable_after: int | None = None


@dataclass
class Delivery:
    """One delivery and every attempt's answer (a status code, or the network error)."""

    id: int
    url: str
    topic: str
    order_id: str
    raw: bytes
    headers: dict[str, str]
    answers: list[int | str] = field(default_factory=list)

    def view(self) -> dict[str, Any]:
        """What GET /_sim/deliveries shows."""
        delivered = any(isinstance(a, int) and 200 <= a < 300 for a in self.answers)
        return {
            "id": self.id,
            "url": self.url,
            "topic": self.topic,
            "order_id": self.order_id,
            "answers": self.answers,
            "delivered": delivered,
            "headers": self.headers,
        }


@dataclass
class Deliverer:
    """Subscriptions, deliveries, and the tasks sending them (kept so none is collected)."""

    hooks: Hooks
    retry_delay: float
    subscriptions: list[tuple[str, str]] = field(default_factory=list)
    deliveries: list[Delivery] = field(default_factory=list)
    failures: dict[str, int] = field(default_factory=dict)
    _tasks: set[asyncio.Task[None]] = field(default_factory=set)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def notify(self, order: SimOrder, status: OrderStatus) -> None:
        """An order listener: deliver the change to every subscriber."""
        limit = self.hooks.disable_after
        for url, secret in self.subscriptions:
            if limit is not None and self.failures.get(url, 0) >= limit:
                continue  # disabled, as WooCommerce disables a webhook that keeps failing
            topic, raw, headers = self.hooks.render(order, status, secret)
            delivery = Delivery(next(self._ids), url, topic, order.order_id, raw, headers)
            self.deliveries.append(delivery)
            self._start(delivery, self.hooks.attempts)

    def redeliver(self, delivery: Delivery) -> None:
        """Send a delivery once more, exactly as before (the marketplace's "resend")."""
        self._start(delivery, 1)

    def _start(self, delivery: Delivery, attempts: int) -> None:
        task = asyncio.get_running_loop().create_task(self._send(delivery, attempts))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _send(self, delivery: Delivery, attempts: int) -> None:
        pause = self.retry_delay
        async with httpx.AsyncClient(timeout=10.0) as client:
            for attempt in range(attempts):
                if attempt:
                    await asyncio.sleep(pause)
                    pause *= 2
                try:
                    answer = await client.post(
                        delivery.url, content=delivery.raw, headers=delivery.headers
                    )
                    delivery.answers.append(answer.status_code)
                    if answer.is_success:
                        self.failures[delivery.url] = 0
                        return
                except httpx.HTTPError as exc:
                    delivery.answers.append(f"{type(exc).__name__}: {exc}")
            self.failures[delivery.url] = self.failures.get(delivery.url, 0) + 1

"""Sixteen clients sending keyed receipts and reservations from threads of their own, until told
to stop or until the service stops answering; every command they sent is kept, with its answer
or without one, so that a test can resend them all with their keys and count what was written."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import httpx

from tests import refs
from tests.tokens import ADMIN


@dataclass(frozen=True)
class Command:
    """A receipt (keyed by its Idempotency-Key) or, with a channel, a one-line reservation at a
    given location (keyed by its reservation id)."""

    key: str
    sku: str
    location: str
    quantity: int
    channel: str | None = None

    def send(self, http: httpx.Client) -> Answer:
        """Send it; its answer (an httpx.HTTPError when none came)."""
        if self.channel is None:
            path = f"/v1/stock/{self.location}/{self.sku}/receipts"
            body: dict[str, Any] = {"quantity": self.quantity, "reference": "FAULT"}
            response = http.post(path, json=body, headers={"Idempotency-Key": self.key})
        else:
            line = {"sku": self.sku, "location": self.location, "quantity": self.quantity}
            body = {
                "reservation_id": self.key,
                "order_id": f"O-{self.key}",
                "channel": self.channel,
            }
            response = http.post("/v1/reservations", json={**body, "lines": [line]})
        return Answer.of(response)


@dataclass(frozen=True)
class Answer:
    """A status and its JSON body."""

    status: int
    body: dict[str, Any]

    @staticmethod
    def of(response: httpx.Response) -> Answer:
        """A response's status and body (its text when the body is not JSON)."""
        try:
            return Answer(response.status_code, response.json())
        except ValueError:
            return Answer(response.status_code, {"text": response.text})

    @property
    def accepted(self) -> bool:
        """A 2xx: the command was written (or had been)."""
        return 200 <= self.status < 300


class Clients:
    """`count` threads sending receipts (70%) and reservations (30%) on random SKU-locations."""

    def __init__(
        self,
        url: str,
        pairs: Sequence[tuple[str, str]],
        channels: Sequence[str],
        count: int = 16,
        seed: int = 11,
    ) -> None:
        self.url = url
        self.pairs = list(pairs)
        self.channels = list(channels)
        self.sent: list[Command] = []
        self.answers: dict[str, Answer] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._threads = [
            threading.Thread(target=self._run, args=(random.Random(seed * 100 + n),), daemon=True)
            for n in range(count)
        ]

    def start(self) -> Clients:
        """Start every client."""
        for thread in self._threads:
            thread.start()
        return self

    def stop(self) -> None:
        """Stop every client and wait for each one's last answer (or its failure)."""
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=60)

    def accepted(self) -> list[Command]:
        """The commands answered 2xx."""
        with self._lock:
            return [c for c in self.sent if c.key in self.answers and self.answers[c.key].accepted]

    def wait_for(self, count: int, timeout: float = 60.0) -> None:
        """Block until `count` commands in all were answered 2xx."""
        deadline = time.monotonic() + timeout
        while len(self.accepted()) < count:
            assert time.monotonic() < deadline, f"{len(self.accepted())} accepted in {timeout}s"
            assert any(t.is_alive() for t in self._threads), "every client stopped"
            time.sleep(0.02)

    def _run(self, rng: random.Random) -> None:
        with httpx.Client(base_url=self.url, timeout=30.0, headers=ADMIN) as http:
            while not self._stop.is_set():
                command = self._next(rng)
                with self._lock:
                    self.sent.append(command)
                try:
                    answer = command.send(http)
                except httpx.HTTPError:
                    return  # the service is gone: this command's outcome is unknown
                with self._lock:
                    self.answers[command.key] = answer

    def _next(self, rng: random.Random) -> Command:
        sku, location = rng.choice(self.pairs)
        if rng.random() < 0.7:
            return Command(refs.key(), sku, location, rng.randint(1, 5))
        return Command(
            refs.reservation(), sku, location, rng.randint(1, 2), rng.choice(self.channels)
        )


def resend(url: str, commands: Iterable[Command], count: int = 16) -> dict[str, Answer]:
    """Send each command again with its key, `count` at a time; every answer, by key."""
    with (
        httpx.Client(base_url=url, timeout=30.0, headers=ADMIN) as http,
        ThreadPoolExecutor(count) as pool,
    ):
        answers = pool.map(lambda command: (command.key, command.send(http)), commands)
        return dict(answers)

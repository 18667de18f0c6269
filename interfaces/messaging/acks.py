"""Waiting for the JetStream acks of a pipelined batch, and giving up on them cleanly."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any, TypeVar

T = TypeVar("T")


async def all_acks(
    futures: list[asyncio.Future[T]], deadline: float, dropped: asyncio.Event
) -> list[T]:
    """Every ack, in order, by the loop time `deadline`; TimeoutError when some are missing
    then, or as soon as `dropped` is set (the connection they would come over is gone)."""
    if not futures:
        return []
    remaining = max(deadline - asyncio.get_running_loop().time(), 0.0)
    acked = asyncio.ensure_future(asyncio.wait(futures))
    lost = asyncio.ensure_future(dropped.wait())
    try:
        await asyncio.wait({acked, lost}, timeout=remaining, return_when=asyncio.FIRST_COMPLETED)
    finally:
        acked.cancel()
        lost.cancel()
    pending = sum(not future.done() for future in futures)
    if pending:
        why = "the connection dropped" if dropped.is_set() else "the deadline passed"
        raise TimeoutError(f"{pending} of {len(futures)} acks missing: {why}")
    return [future.result() for future in futures]


def abandon(futures: Sequence[asyncio.Future[Any]]) -> None:
    """Cancel the acks still awaited, and retrieve the errors of the failed ones (so that
    asyncio does not log them as never retrieved)."""
    for future in futures:
        if not future.cancel() and not future.cancelled():
            future.exception()

"""Waiting for the JetStream acks of a pipelined batch, and giving up on them cleanly."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any, TypeVar

T = TypeVar("T")


async def all_acks(futures: list[asyncio.Future[T]], deadline: float) -> list[T]:
    """Every ack, in order, by the loop time `deadline`; TimeoutError when some are missing."""
    if not futures:
        return []
    remaining = max(deadline - asyncio.get_running_loop().time(), 0.0)
    _, pending = await asyncio.wait(futures, timeout=remaining)
    if pending:
        raise TimeoutError(f"{len(pending)} of {len(futures)} acks missing")
    return [future.result() for future in futures]


def abandon(futures: Sequence[asyncio.Future[Any]]) -> None:
    """Cancel the acks still awaited, and retrieve the errors of the failed ones (so that
    asyncio does not log them as never retrieved)."""
    for future in futures:
        if not future.cancel() and not future.cancelled():
            future.exception()

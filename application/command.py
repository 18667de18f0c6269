"""Commands are data: each is a frozen dataclass naming what it changes. `decide`, dispatched on
the command's class, applies it to the aggregates (whose methods check the rules and raise a
StockError to refuse) and says what to save and what to answer. The executor runs it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import singledispatch
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from application.aggregates import Aggregates


@dataclass(frozen=True, kw_only=True)
class Command:
    """A request to change stock; ``key`` is the client's idempotency key (None: no key)."""

    key: str | None = None

    def natural_key(self) -> str | None:
        """The key the command is its own idempotency key under (a reservation's id), if any."""
        return None

    def hints(self) -> Sequence[UUID]:
        """The aggregates it will likely read, loaded with its batch in one query."""
        return ()


@dataclass(frozen=True)
class Decision:
    """What a command decided: the aggregates to save and the answer (without position)."""

    aggregates: Sequence[Aggregate]
    body: dict[str, Any]
    # For a command that finds its work already done: the aggregate whose last event it answers.
    unchanged: Aggregate | None = None


@dataclass(frozen=True)
class Outcome:
    """What a command answers: its body, the log position of its last event, and whether the
    answer is a replay of an earlier identical command."""

    body: dict[str, Any]
    position: int
    replayed: bool = False


@singledispatch
def decide(command: Command, seen: Aggregates) -> Decision:
    """Apply ``command`` to the aggregates as ``seen`` by the executor (handlers register per
    command class in their own module)."""
    raise TypeError(f"no handler for {type(command).__name__}")


def changed(*aggregates: Aggregate) -> list[Aggregate]:
    """Only the aggregates that have something to save."""
    return [agg for agg in aggregates if agg.pending_events]

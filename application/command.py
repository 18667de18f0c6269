"""Running one command: idempotency, in-process serialization, bounded retries on conflict.

A command is a ``decide`` function that loads aggregates, calls their methods (which check the
rules and raise a StockError to refuse) and returns what to save and what to answer. A refused
command writes nothing; a succeeded one is saved with its receipt in one transaction.
"""

from __future__ import annotations

import hashlib
import json
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError

from application.receipts import PendingReceipt
from domain.errors import ConcurrencyConflict, IdempotencyKeyReused

MAX_ATTEMPTS = 12


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


def fingerprint(command: str, args: dict[str, Any]) -> str:
    """A stable hash of a command and its arguments: same key + different body is refused."""
    canonical = json.dumps([command, args], sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def backoff(attempt: int) -> None:
    """Jittered exponential pause between retries, so competing processes spread out."""
    time.sleep(random.uniform(0, min(0.2, 0.002 * 2**attempt)))


class Conflicted(Exception):
    """Internal: the save lost a race (a version or a key was taken meanwhile)."""


def save_decision(
    save: Callable[..., Any], decision: Decision, key: str | None, print_: str
) -> int:
    """Save the decision's events (and its receipt) in one transaction; return the position."""
    events = [e for agg in decision.aggregates for e in agg.pending_events]
    receipts = []
    if key is not None:
        receipts = [PendingReceipt(key, print_, json.dumps(decision.body), len(events) - 1)]
    try:
        recordings = save(*decision.aggregates, receipts=receipts)
    except IntegrityError as exc:
        raise Conflicted() from exc
    return max(int(r.notification.id) for r in recordings)


def replay_or_refuse(stored_print: str, print_: str, key: str) -> None:
    """Same key, different command: refuse clearly."""
    if stored_print != print_:
        raise IdempotencyKeyReused(
            f"idempotency key {key!r} was already used for a different request"
        )


def out_of_retries() -> ConcurrencyConflict:
    """The error after MAX_ATTEMPTS lost races."""
    return ConcurrencyConflict(
        f"the command kept conflicting with concurrent writers ({MAX_ATTEMPTS} attempts)"
    )

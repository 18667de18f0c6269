"""Idempotency, in one place: which key a command is stored under, the fingerprint that tells a
retry from another request under the same key, and how a retry is answered.

- A client's ``Idempotency-Key`` is stored as ``key:<key>``; a reservation or a transfer is its
  own key (``reservation:R-1``), so a client key spelled like one cannot shadow it.
- A command that wrote events leaves a receipt (its fingerprint, answer and position), written
  by the recorder in the events' transaction: a key is remembered exactly when its command
  happened, and a refused command stores nothing.
- Across batches and restarts: the executor looks a batch's keys up before deciding; a known
  key with the same fingerprint gets the stored answer, with another one IdempotencyKeyReused.
- Inside a batch: the first command under a key runs; a repeat waits for the batch's next
  round, where it finds the first one's receipt (or, if the first was refused, runs itself).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from typing import Any, Protocol, TypeVar

import orjson

from application.command import Command, Outcome
from application.receipts import LedgerRecorder, PendingReceipt, StoredReceipt
from domain.errors import IdempotencyKeyReused


class Keyed(Protocol):
    """Anything carrying a command's stored key (the executor's jobs)."""

    @property
    def key(self) -> str | None:
        """The key its receipt is stored under, or None."""
        ...


J = TypeVar("J", bound=Keyed)


class Retry(Keyed, Protocol):
    """A job whose key is known: answered here from its receipt."""

    command: Command
    print_: str

    def answer(self, outcome: Outcome) -> None:
        """Resolve it with an answer."""

    def fail(self, error: BaseException) -> None:
        """Resolve it with a refusal."""


def stored_key(command: Command) -> str | None:
    """The key the command's receipt is stored and looked up under, or None."""
    natural = command.natural_key()
    if natural is not None:
        return natural
    return None if command.key is None else f"key:{command.key}"


def fingerprint(command: Command) -> str:
    """A stable hash of the command's class and fields: same key + different body is refused."""
    canonical = orjson.dumps(
        [type(command).__name__, command], option=orjson.OPT_SORT_KEYS, default=str
    )
    return hashlib.sha256(canonical).hexdigest()


def known(recorder: LedgerRecorder, jobs: Iterable[Keyed]) -> dict[str, StoredReceipt]:
    """The receipts already stored under these jobs' keys (one query)."""
    keys = sorted({job.key for job in jobs if job.key is not None})
    return recorder.select_receipts(keys) if keys else {}


def answer(job: Retry, stored: StoredReceipt) -> None:
    """Answer a retry with the stored answer, or refuse another request under its key."""
    if stored.fingerprint != job.print_:
        label = job.command.natural_key() or job.command.key
        job.fail(
            IdempotencyKeyReused(
                f"idempotency key {label!r} was already used for a different request"
            )
        )
        return
    job.answer(Outcome(orjson.loads(stored.body), stored.position, replayed=True))


def first_uses(jobs: Sequence[J], used: set[str]) -> tuple[list[J], list[J]]:
    """The jobs to run now, and those whose key is ``used`` already in this round."""
    now: list[J] = []
    later: list[J] = []
    used = set(used)
    for job in jobs:
        if job.key is not None and job.key in used:
            later.append(job)
            continue
        if job.key is not None:
            used.add(job.key)
        now.append(job)
    return now, later


def receipts(
    commands: Iterable[tuple[str | None, str, dict[str, Any], int]],
) -> list[PendingReceipt]:
    """The receipts a batch's commands leave, given in the save's order as (stored key,
    fingerprint, answer, how many events): each keyed command that wrote events leaves one,
    pointing at its last event."""
    found: list[PendingReceipt] = []
    count = 0
    for key, print_, body, events in commands:
        count += events
        if key is not None and events:
            found.append(PendingReceipt(key, print_, orjson.dumps(body).decode(), count - 1))
    return found

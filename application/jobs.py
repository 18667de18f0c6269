"""Jobs: commands waiting for the group-commit writer, and how their answers are made."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from application.command import Decision, Outcome, replay_or_refuse
from application.receipts import PendingReceipt, StoredReceipt
from domain.errors import StockError


@dataclass
class Job:
    """One command waiting for the writer."""

    command: str
    print_: str
    key: str | None
    decide: Callable[[], Decision]
    label: str | None = None  # the key as the client gave it, for messages
    hints: tuple[UUID, ...] = ()  # aggregates it will likely read, preloaded with its batch
    done: threading.Event = field(default_factory=threading.Event)
    outcome: Outcome | None = None
    error: BaseException | None = None
    on_done: Callable[[], None] | None = None  # wakes an event loop awaiting the answer

    def finish(self, outcome: Outcome | None = None, error: BaseException | None = None) -> None:
        """Answer the waiting caller."""
        self.outcome, self.error = outcome, error
        self.done.set()
        if self.on_done is not None:
            self.on_done()

    def result(self) -> Outcome:
        """Wait for the answer."""
        self.done.wait()
        if self.error is not None:
            raise self.error
        assert self.outcome is not None
        return self.outcome


@dataclass
class Accepted:
    """A command that decided, waiting for the batch to commit."""

    job: Job
    decision: Decision
    events: list[Any]


def replayed(job: Job, stored: StoredReceipt) -> None:
    """Answer a known key from its receipt (or refuse a different command under it)."""
    try:
        replay_or_refuse(stored.fingerprint, job.print_, str(job.label or stored.key))
    except StockError as exc:
        job.finish(error=exc)
        return
    job.finish(Outcome(json.loads(stored.body), stored.position, replayed=True))


def receipts_for(accepted: Sequence[Accepted], order: dict[int, int]) -> list[PendingReceipt]:
    """Each keyed command's receipt, pointing at its last event in the save's order."""
    return [
        PendingReceipt(
            a.job.key,
            a.job.print_,
            json.dumps(a.decision.body),
            max(order[id(e)] for e in a.events),
        )
        for a in accepted
        if a.job.key is not None and a.events
    ]

"""What a batch does when it cannot commit everything it decided: which commands must run
again, and which can commit as they are.

A batch's save fails as a whole. When another process moved one of its aggregates on (a
version conflict), only the commands that saw that aggregate, and the commands that saw what
those changed, run again on fresh copies; the others keep their events and commit in the next
round. A refusal that left events on an aggregate is handled the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from eventsourcing.persistence import AggregateRecorder

from application.command import Decision
from application.job import Job


@dataclass
class Accepted:
    """A command that decided, waiting for its batch to commit."""

    job: Job
    decision: Decision
    events: list[Any]
    seen: set[UUID]  # every aggregate it read or changed


class Redo(Exception):
    """Internal: ``retry`` runs again (what it saw was evicted); ``kept`` commits as it is."""

    def __init__(self, retry: list[Job], kept: list[Accepted]) -> None:
        super().__init__("redo")
        self.retry, self.kept = retry, kept


def moved_on(accepted: list[Accepted], recorder: AggregateRecorder) -> set[UUID]:
    """The aggregates the batch would write whose stored version is no longer the one it read
    (every one of them when none is: a receipt was taken meanwhile, and all run again)."""
    written = {g.id: g for a in accepted for g in a.decision.aggregates if g.pending_events}
    stale = set()
    for aggregate_id, aggregate in written.items():
        last = recorder.select_events(aggregate_id, desc=True, limit=1)
        stored = last[0].originator_version if last else 0
        if stored != aggregate.version - len(aggregate.pending_events):
            stale.add(aggregate_id)
    return stale or set(written)


def split(accepted: list[Accepted], ids: set[UUID], rest: list[Job]) -> tuple[Redo, set[UUID]]:
    """The Redo for a batch whose aggregates ``ids`` can't be trusted, and every aggregate to
    evict: each command that saw one runs again, and what it saw can't be trusted either."""
    ids = set(ids)
    affected: list[Accepted] = []
    grew = True
    while grew:
        grew = False
        for a in accepted:
            if a not in affected and a.seen & ids:
                affected.append(a)
                ids |= a.seen
                grew = True
    kept = [a for a in accepted if a not in affected]
    return Redo([*(a.job for a in affected), *rest], kept), ids

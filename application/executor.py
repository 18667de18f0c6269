"""The executor: every command is decided here, in batches, and committed by group commit.

A batch is decided in memory, one command after another, on the cached aggregates of the
working set; then every event it produced is committed in one transaction, with the receipts
of its keyed commands (idempotency.py), and only then is each command's future resolved. A
refused command gets its own error and writes nothing; the others commit. A version conflict
with another process evicts the aggregates involved and runs only their commands again. A
failed save (the database away) is retried until the batch's deadline, then answered 503.
"""

from __future__ import annotations

import logging
import random
import time
from uuid import UUID

from eventsourcing.persistence import IntegrityError, PersistenceError, Recording

from application import idempotency
from application.command import Outcome, decide
from application.conflict import Accepted, Redo, moved_on, split
from application.core import LedgerCore
from application.inbox import Inbox
from application.job import Job
from application.unavailable import StorageUnavailable
from application.working import WorkingSet
from domain.errors import ConcurrencyConflict, StockError

log = logging.getLogger(__name__)
MAX_CONFLICTS = 12


class Executor(Inbox):
    """Runs every command of the ledger (see the module's docstring)."""

    def __init__(
        self, ledger: LedgerCore, *, max_pending: int = 10_000, timeout: float = 3.0
    ) -> None:
        super().__init__(max_pending=max_pending, max_batch=500, timeout=timeout)
        self.ledger = ledger
        self.working = WorkingSet(ledger.load, ledger.load_many)

    def _failed(self) -> None:
        self.working.clear()

    def _batch(self, jobs: list[Job]) -> None:
        now = time.monotonic()
        todo, kept, conflicts = [job for job in jobs if job.start(now)], list[Accepted](), 0
        while todo or kept:
            try:
                todo, kept = self._round(todo, kept), []
            except Redo as redo:
                todo, kept, conflicts = redo.retry, redo.kept, conflicts + 1
                if conflicts == MAX_CONFLICTS:
                    for job in todo:
                        job.fail(ConcurrencyConflict("the command kept conflicting; try again"))
                    todo = []
                time.sleep(random.uniform(0, min(0.2, 0.002 * 2**conflicts)))
            except PersistenceError as exc:  # the healthy commands run again, not refused
                todo, kept = [*todo, *(a.job for a in kept)], []
                self.working.clear()
                todo = self._pause(todo, exc)
        self.working.trim()

    def _pause(self, todo: list[Job], exc: PersistenceError) -> list[Job]:
        # Until the earliest deadline in the batch; then every unanswered command gets a 503.
        todo = [job for job in todo if not job.future.done()]
        pause = 0.2
        if todo and time.monotonic() + pause < min(job.deadline for job in todo):
            log.warning("saving a batch failed (%s); trying again", exc)
            time.sleep(pause)
            return todo
        for job in todo:
            job.fail(StorageUnavailable(f"the event store did not answer: {exc}"))
        return []

    def _round(self, todo: list[Job], kept: list[Accepted]) -> list[Job]:
        todo = [job for job in todo if not job.future.done()]
        now, later = idempotency.first_uses(todo, {a.job.key for a in kept if a.job.key})
        stored = idempotency.known(self.ledger.ledger_recorder, now)
        self.working.preload(i for job in now for i in job.command.hints())
        accepted, refused = list(kept), list[tuple[Job, StockError]]()
        for n, job in enumerate(now):
            if job.key is not None and job.key in stored:
                idempotency.answer(job, stored[job.key])
            else:
                self._decide(job, accepted, refused, [*now[n + 1 :], *later])
        self._commit(accepted, [job for job, _ in refused])
        for job, error in refused:  # after the commit: what they saw is now stored
            job.fail(error)
        return later

    def _decide(
        self,
        job: Job,
        accepted: list[Accepted],
        refused: list[tuple[Job, StockError]],
        rest: list[Job],
    ) -> None:
        self.working.begin()
        try:
            decision = decide(job.command, self.working)
        except StockError as exc:
            dirty = self.working.dirty()
            if not dirty:
                refused.append((job, exc))
                return
            job.fail(exc)  # it left events behind: forget what it touched
            raise self._redo(accepted, dirty, [*(j for j, _ in refused), *rest]) from None
        events = self.working.new_events(decision.aggregates)
        self.working.adopt(decision.aggregates)
        seen = {*self.working.touched, *(a.id for a in decision.aggregates)}
        accepted.append(Accepted(job, decision, events, seen))

    def _commit(self, accepted: list[Accepted], refused: list[Job]) -> None:
        events = [e for a in accepted for e in a.events]
        receipts = idempotency.receipts(
            (a.job.key, a.job.print_, a.decision.body, len(a.events)) for a in accepted
        )
        recordings: list[Recording[UUID]] = []
        if events:
            try:
                recordings = self.ledger.events.put(events, receipts=receipts)
            except IntegrityError:  # another process moved an aggregate on, or took a key
                stale = moved_on(accepted, self.ledger.recorder)
                raise self._redo(accepted, stale, refused) from None
            for a in accepted:
                for aggregate in a.decision.aggregates:
                    aggregate.collect_events()
            self.ledger.committed(int(recordings[-1].notification.id))
        self._answer(accepted, recordings)

    def _answer(self, accepted: list[Accepted], recordings: list[Recording[UUID]]) -> None:
        ids = [int(r.notification.id) for r in recordings]
        count = 0
        for a in accepted:
            count += len(a.events)
            if a.events:
                a.job.answer(Outcome(a.decision.body, ids[count - 1]))
        for a in accepted:
            if not a.events:  # its work was done already: answer its aggregate's last position
                same = a.decision.unchanged
                assert same is not None, "a command without events answers for an aggregate"
                a.job.answer(Outcome(a.decision.body, self.ledger.position_of(same)))

    def _redo(self, accepted: list[Accepted], ids: set[UUID], rest: list[Job]) -> Redo:
        redo, evicted = split(accepted, ids, rest)
        self.working.evict(evicted)
        return redo

"""Group commit: one writer thread applies many commands to their aggregates in memory and
saves all their events (and receipts) in one transaction, then answers each command.

Commands are serialized per process by construction (one thread), so a hot SKU costs no
optimistic-concurrency retries here; a conflict with another process fails the batch's save,
clears the working set and runs the batch's commands one by one on the retrying path. A command
refused by its own rule is answered alone and writes nothing; the others commit.
"""

from __future__ import annotations

import contextlib
from typing import Any

from eventsourcing.persistence import IntegrityError

from application.batching import Batching
from application.command import Outcome
from application.jobs import Accepted, Job, receipts_for, replayed
from application.working import WorkingSet
from domain.errors import StockError


class Writer(Batching):
    """The group-commit loop; `submit` blocks its caller until the command's batch commits."""

    def __init__(self, ledger: Any, max_batch: int = 500) -> None:
        super().__init__(max_batch)
        self.ledger = ledger
        self.working = WorkingSet(ledger.load, ledger.load_many)

    def _failed(self) -> None:
        self.working.clear()

    def _between(self) -> None:
        self.working.trim()

    def _batch(self, jobs: list[Job]) -> None:
        self.batches += 1
        self.working.preload(i for job in jobs for i in job.hints)
        if not self._optimistic(jobs):
            self._careful(jobs)

    def _optimistic(self, jobs: list[Job]) -> bool:
        """Decide and commit without first looking up the batch's keys: a known key whose
        command writes events again collides at commit with its receipt (or, for a natural
        key, its aggregate), and the batch is then run carefully. Commands ending without
        events (refused, or nothing to do) are checked against receipts after the commit.
        False when the batch must be run carefully (nothing of it was answered)."""
        accepted: list[Accepted] = []
        refused: list[tuple[Job, StockError]] = []
        seen: set[str] = set()
        later: list[Job] = []
        for job in jobs:
            if job.key is not None and job.key in seen:
                later.append(job)  # the same key twice in one batch: answer after the commit
                continue
            if job.key is not None:
                seen.add(job.key)
            if not self._decide(job, accepted, refused):
                self.working.clear()
                return False
        unsure = [a for a in accepted if a.job.key is not None and not a.events]
        if not self._commit([a for a in accepted if a.job.key is None or a.events]):
            return False
        self._settle(unsure, refused)
        for job in later:
            self._single(job)
        return True

    def _settle(self, unsure: list[Accepted], refused: list[tuple[Job, StockError]]) -> None:
        # A key seen before gets its receipt's answer; the others, what was decided.
        keys = [a.job.key for a in unsure] + [job.key for job, _ in refused]
        known = self.ledger.ledger_recorder.select_receipts([k for k in keys if k])
        for item in unsure:
            if item.job.key in known:
                replayed(item.job, known[item.job.key])
            else:
                item.job.finish(Outcome(item.decision.body, self._position(item, {}, {})))
        for job, error in refused:
            if job.key in known:
                replayed(job, known[job.key])
            else:
                job.finish(error=error)

    def _careful(self, jobs: list[Job]) -> None:
        # Known keys first (one query), then decide and commit the rest.
        known = self.ledger.ledger_recorder.select_receipts([j.key for j in jobs if j.key])
        accepted: list[Accepted] = []
        seen: dict[str, Job] = {}
        later: list[Job] = []
        for job in jobs:
            if job.key in known:
                replayed(job, known[job.key])
            elif job.key is not None and job.key in seen:
                later.append(job)  # the same key twice in one batch: answer after the commit
            elif not self._decide(job, accepted):
                return self._one_by_one(jobs)
            if job.key is not None:
                seen.setdefault(job.key, job)
        if not self._commit(accepted):
            return self._one_by_one([a.job for a in accepted] + later)
        for job in later:
            self._single(job)

    def _decide(
        self,
        job: Job,
        accepted: list[Accepted],
        refused: list[tuple[Job, StockError]] | None = None,
    ) -> bool:
        """Apply one command to the working set; False when the batch can't be trusted. A
        refusal is answered at once, or kept in ``refused`` to be answered later."""
        self.working.begin()
        try:
            with self.ledger.deciding():
                decision = job.decide()
        except StockError as exc:
            if self.working.dirty():
                return False
            if refused is None:
                job.finish(error=exc)
            else:
                refused.append((job, exc))
            return True
        events = self.working.new_events(decision.aggregates)
        self.working.adopt(decision.aggregates)
        accepted.append(Accepted(job, decision, events))
        return True

    def _commit(self, accepted: list[Accepted]) -> bool:
        aggregates = self.working.changed()
        order = {id(e): i for i, e in enumerate(e for a in aggregates for e in a.pending_events)}
        receipts = receipts_for(accepted, order)
        try:
            recordings = self.ledger.save(*aggregates, receipts=receipts) if aggregates else []
        except IntegrityError:
            self.working.clear()
            return False
        positions = {id(r.domain_event): int(r.notification.id) for r in recordings}
        stored = {
            (r.domain_event.originator_id, r.domain_event.originator_version): int(
                r.notification.id
            )
            for r in recordings
        }
        for item in accepted:
            item.job.finish(Outcome(item.decision.body, self._position(item, positions, stored)))
        return True

    def _position(
        self, item: Accepted, positions: dict[int, int], stored: dict[tuple[Any, int], int]
    ) -> int:
        if item.events:
            return max(positions[id(e)] for e in item.events)
        unchanged = item.decision.unchanged
        assert unchanged is not None, "a command without events answers for an aggregate"
        found = stored.get((unchanged.id, unchanged.version))
        return found if found is not None else int(self.ledger.position_of(unchanged))

    def _one_by_one(self, jobs: list[Job]) -> None:
        # Lost a race with another process (or a refusal left events behind): start afresh and
        # run each command alone, with the retrying path's bounded retries.
        self.working.clear()
        for job in jobs:
            if not job.done.is_set():
                self._single(job)
        self.working.clear()  # those saves moved aggregates on behind the working set's back

    def _single(self, job: Job) -> None:
        # A refusal was already answered to the caller by run_single.
        with contextlib.suppress(StockError):
            self.ledger.run_single(job)

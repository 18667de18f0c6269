"""Group commit: one writer thread applies many commands to their aggregates in memory and
saves all their events (and receipts) in one transaction, then answers each command.

Commands are serialized per process by construction (one thread), so a hot SKU costs no
optimistic-concurrency retries here; a conflict with another process fails the batch's save,
clears the working set and runs the batch's commands one by one on the retrying path. A command
refused by its own rule is answered alone and writes nothing; the others commit.
"""

from __future__ import annotations

import contextlib
import json
import logging
import queue
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from eventsourcing.persistence import IntegrityError

from application.command import Decision, Outcome, replay_or_refuse
from application.receipts import PendingReceipt, StoredReceipt
from application.working import WorkingSet
from domain.errors import StockError

log = logging.getLogger(__name__)


@dataclass
class Job:
    """One command waiting for the writer."""

    command: str
    print_: str
    key: str | None
    decide: Callable[[], Decision]
    label: str | None = None  # the key as the client gave it, for messages
    done: threading.Event = field(default_factory=threading.Event)
    outcome: Outcome | None = None
    error: BaseException | None = None

    def finish(self, outcome: Outcome | None = None, error: BaseException | None = None) -> None:
        """Answer the waiting caller."""
        self.outcome, self.error = outcome, error
        self.done.set()

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


class Writer:
    """The group-commit loop; `submit` blocks its caller until the command's batch commits."""

    def __init__(self, ledger: Any, max_batch: int = 500) -> None:
        self.ledger = ledger
        self.max_batch = max_batch
        self.working = WorkingSet(ledger.load)
        self._queue: queue.Queue[Job | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self.batches = 0

    @property
    def in_writer(self) -> bool:
        """True inside the writer thread, where commands read the working set."""
        return threading.current_thread() is self._thread

    def submit(self, job: Job) -> Outcome:
        """Queue a command and wait for its answer."""
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._loop, name="writer", daemon=True)
                self._thread.start()
        self._queue.put(job)
        return job.result()

    def stop(self) -> None:
        """Finish the queued commands, then stop."""
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join(timeout=30)

    def _take(self) -> list[Job] | None:
        first = self._queue.get()
        if first is None:
            return None
        jobs = [first]
        while len(jobs) < self.max_batch:
            try:
                job = self._queue.get_nowait()
            except queue.Empty:
                break
            if job is None:
                self._queue.put(None)
                break
            jobs.append(job)
        return jobs

    def _loop(self) -> None:
        while (jobs := self._take()) is not None:
            try:
                self._batch(jobs)
            except Exception as exc:  # never leave a caller waiting
                log.exception("writer batch failed")
                self.working.clear()
                for job in jobs:
                    if not job.done.is_set():
                        job.finish(error=exc)
            self.working.trim()

    def _batch(self, jobs: list[Job]) -> None:
        self.batches += 1
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

    def _decide(self, job: Job, accepted: list[Accepted]) -> bool:
        """Apply one command to the working set; False when the batch can't be trusted."""
        self.working.begin()
        try:
            with self.ledger.deciding():
                decision = job.decide()
        except StockError as exc:
            if self.working.dirty():
                return False
            job.finish(error=exc)
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

"""StockLedger's command running: group-committed by the writer, awaited from an event loop,
or alone with bounded retries."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, ParamSpec
from uuid import UUID

from eventsourcing.domain import Aggregate

from application.command import (
    MAX_ATTEMPTS,
    Conflicted,
    Decision,
    Outcome,
    backoff,
    fingerprint,
    out_of_retries,
    replay_or_refuse,
    save_decision,
)
from application.core import LedgerCore
from application.handoff import Handoff
from application.jobs import Job
from domain.errors import StockError

P = ParamSpec("P")


class LedgerBase(LedgerCore):
    """The core plus running commands: what every command mixin builds on."""

    def run(
        self,
        command: str,
        args: dict[str, Any],
        key: str | None,
        lock_keys: list[str],
        decide: Callable[[], Decision],
        *,
        natural: bool = False,
        hints: Sequence[UUID] = (),
    ) -> Outcome:
        """Run a command: replay a known key, else decide and save (group-committed by the
        writer, or alone under per-SKU locks). A client's key is stored apart from the natural
        keys (``natural``: "reservation:R-1"), so that a client key spelled like one cannot
        shadow it."""
        stored_key = key if key is None or natural else f"key:{key}"
        job = Job(command, fingerprint(command, args), stored_key, decide, key, tuple(hints))
        if not self.group_commit:
            return self.run_single(job, lock_keys)
        handoff: Handoff | None = getattr(self._local, "handoff", None)
        if handoff is not None:
            return handoff.take(job, self.writer)
        return self.writer.submit(job)

    async def call(
        self, command: Callable[P, Outcome], *args: P.args, **kwargs: P.kwargs
    ) -> Outcome:
        """Run a command from an event loop without blocking it: the command's job is queued
        for the writer and the loop awaits its commit. The command must do no I/O before its
        job is queued (reserve and the stock movements don't). Without group commit it runs
        on a worker thread."""
        if not self.group_commit:
            return await asyncio.to_thread(command, *args, **kwargs)
        handoff = Handoff(asyncio.get_running_loop())
        self._local.handoff = handoff
        try:
            answered = command(*args, **kwargs)
        finally:
            self._local.handoff = None
        return answered if handoff.job is None else await handoff.outcome()

    def run_single(self, job: Job, lock_keys: Sequence[str] = ()) -> Outcome:
        """Run one command in its own transaction, retrying lost races (bounded)."""
        try:
            outcome = self._attempts(job, lock_keys)
        except StockError as exc:
            job.finish(error=exc)
            raise
        job.finish(outcome)
        return outcome

    def _attempts(self, job: Job, lock_keys: Sequence[str]) -> Outcome:
        for attempt in range(MAX_ATTEMPTS):
            if job.key is not None:
                stored = self.ledger_recorder.select_receipt(job.key)
                if stored is not None:
                    replay_or_refuse(stored.fingerprint, job.print_, str(job.label))
                    return Outcome(json.loads(stored.body), stored.position, replayed=True)
            with self.locks.hold(lock_keys):
                decision = job.decide()
                if decision.unchanged is not None:
                    return Outcome(decision.body, self.position_of(decision.unchanged))
                try:
                    position = save_decision(self.save, decision, job.key, job.print_)
                except Conflicted:
                    backoff(attempt)
                    continue
            return Outcome(decision.body, position)
        raise out_of_retries()


def changed(*aggregates: Aggregate) -> list[Aggregate]:
    """Only the aggregates that have something to save."""
    return [agg for agg in aggregates if agg.pending_events]


def at(moment: datetime | None) -> str | None:
    """A datetime as the fingerprint and answers carry it."""
    return moment.isoformat() if moment else None

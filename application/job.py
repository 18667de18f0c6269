"""A command waiting in the executor, and how its answer reaches its caller.

Every job has a concurrent future: the executor answers it from its thread, and a caller
that gives up before the job was taken cancels it, so that it is dropped unwritten. A caller
on an event loop also has a waiter on that loop: after each batch, the executor wakes each
loop once for all the batch's answers (`wake`), instead of once per command.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import defaultdict
from collections.abc import Iterable
from concurrent.futures import Future
from dataclasses import dataclass

from application.command import Command, Outcome
from application.unavailable import StorageUnavailable


@dataclass
class Job:
    """One command waiting for its batch, and where its answer goes."""

    command: Command
    key: str | None  # the key its receipt is stored under (idempotency.stored_key)
    print_: str
    future: Future[Outcome]
    deadline: float  # time.monotonic() after which it is answered 503 rather than run
    waiter: asyncio.Future[Outcome] | None = None  # on the caller's event loop

    def start(self, now: float) -> bool:
        """Take the job into a batch: False if its caller gave up or its deadline passed."""
        if not self.future.set_running_or_notify_cancel():
            return False
        if now <= self.deadline:
            return True
        self.fail(StorageUnavailable("the command waited too long for the event store"))
        return False

    def answer(self, outcome: Outcome) -> None:
        """Resolve the caller's future with the command's answer."""
        if not self.future.done():
            self.future.set_result(outcome)

    def fail(self, error: BaseException) -> None:
        """Resolve the caller's future with a refusal or a failure."""
        if not self.future.done():
            self.future.set_exception(error)


def wake(jobs: Iterable[Job]) -> None:
    """Hand the answered jobs' answers to their event loops: one wake-up per loop."""
    by_loop: dict[asyncio.AbstractEventLoop, list[Job]] = defaultdict(list)
    for job in jobs:
        if job.waiter is not None and job.future.done():
            by_loop[job.waiter.get_loop()].append(job)
    for loop, answered in by_loop.items():
        with contextlib.suppress(RuntimeError):  # the loop closed meanwhile (shutdown)
            loop.call_soon_threadsafe(_settle, answered)


def _settle(jobs: list[Job]) -> None:
    # On the caller's loop: copy each answer into its waiter (unless the caller gave up).
    for job in jobs:
        waiter = job.waiter
        if waiter is None or waiter.done() or job.future.cancelled():
            continue
        error = job.future.exception()
        if error is None:
            waiter.set_result(job.future.result())
        else:
            waiter.set_exception(error)

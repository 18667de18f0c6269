"""The executor's inbox: a bounded queue of commands, each with the future of its answer, and
the one thread that takes them in batches (what a batch does is the executor's, executor.py).

Callers on an event loop await the future; a caller that stops waiting before its command was
taken drops it, so nothing is written for an answer nobody will read.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
import time
from abc import ABC, abstractmethod
from concurrent.futures import Future

from application import idempotency
from application.command import Command, Outcome
from application.job import Job, wake
from application.unavailable import CommandQueueFull, StorageUnavailable

log = logging.getLogger(__name__)
GRACE = 0.5  # seconds a caller waits past the deadline for the batch that holds its command


class Inbox(ABC):
    """`submit(command)` queues a command (bounded) and returns the future of its Outcome."""

    def __init__(self, *, max_pending: int, max_batch: int, timeout: float) -> None:
        self.timeout = timeout
        self.max_batch = max_batch
        self.batches = 0
        self._queue: queue.Queue[Job] = queue.Queue(max_pending)
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def submit(self, command: Command) -> Future[Outcome]:
        """Queue a command; CommandQueueFull (nothing written) when the queue is full."""
        return self._queued(command).future

    def _queued(self, command: Command, loop: asyncio.AbstractEventLoop | None = None) -> Job:
        key, print_ = idempotency.stored_key(command), idempotency.fingerprint(command)
        job = Job(command, key, print_, Future(), time.monotonic() + self.timeout)
        job.waiter = loop.create_future() if loop is not None else None
        if self._thread is None:
            self._start()
        try:
            self._queue.put_nowait(job)
        except queue.Full:
            raise CommandQueueFull(
                f"{self._queue.maxsize} commands are waiting already; try again shortly"
            ) from None
        return job

    def _start(self) -> None:
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._loop, name="executor", daemon=True)
                self._thread.start()

    def execute(self, command: Command) -> Outcome:
        """Run a command from a thread that may block, and return its answer."""
        try:
            return self.submit(command).result(self.timeout + GRACE)
        except TimeoutError:
            raise self._late() from None

    async def run(self, command: Command) -> Outcome:
        """Run a command from an event loop without blocking it; a caller that stops waiting
        (timeout, disconnect) drops the command if the executor has not taken it yet."""
        loop = asyncio.get_running_loop()
        job = self._queued(command, loop)
        waiter = job.waiter
        assert waiter is not None
        # One timer, not asyncio.wait_for: profiling showed wait_for first on the hot path.
        timer = loop.call_later(self.timeout + GRACE, self._expire, waiter)
        try:
            return await waiter
        finally:
            timer.cancel()
            job.future.cancel()  # if not taken yet (timeout, disconnect): dropped, unwritten

    def _expire(self, waiter: asyncio.Future[Outcome]) -> None:
        if not waiter.done():
            waiter.set_exception(self._late())

    def _late(self) -> StorageUnavailable:
        return StorageUnavailable(
            f"no answer within {self.timeout + GRACE:g}s; the outcome is unknown: "
            "retry with the same idempotency key"
        )

    @property
    def pending(self) -> int:
        """Commands waiting for a batch."""
        return self._queue.qsize()

    def stop(self) -> None:
        """Finish the queued commands, then stop."""
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout=30)

    def _take(self) -> list[Job]:
        try:
            jobs = [self._queue.get(timeout=0.1)]
        except queue.Empty:
            return []
        while len(jobs) < self.max_batch:
            try:
                jobs.append(self._queue.get_nowait())
            except queue.Empty:
                break
        return jobs

    @abstractmethod
    def _batch(self, jobs: list[Job]) -> None:
        """Answer every job of the batch."""

    @abstractmethod
    def _failed(self) -> None:
        """A batch raised (its unanswered jobs get the error): forget what it left behind."""

    def _loop(self) -> None:
        while not (self._stopping.is_set() and self._queue.empty()):
            jobs = self._take()
            if not jobs:
                continue
            self.batches += 1
            try:
                self._batch(jobs)
            except Exception as exc:  # never leave a caller waiting
                log.exception("executor batch failed")
                self._failed()
                for job in jobs:
                    job.fail(exc)
            wake(jobs)

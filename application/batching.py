"""The writer's thread and queue: commands wait in a queue and are taken in batches by one
thread, which answers each (`Writer` decides and commits a batch)."""

from __future__ import annotations

import logging
import queue
import threading
from abc import ABC, abstractmethod

from application.command import Outcome
from application.jobs import Job

log = logging.getLogger(__name__)


class Batching(ABC):
    """One thread taking queued commands in batches; `submit` blocks until a job's answer."""

    def __init__(self, max_batch: int) -> None:
        self.max_batch = max_batch
        self._queue: queue.Queue[Job | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self.batches = 0

    @abstractmethod
    def _batch(self, jobs: list[Job]) -> None:
        """Answer every job of the batch."""

    @abstractmethod
    def _failed(self) -> None:
        """A batch raised (its unanswered jobs get the error): forget what it left behind."""

    def _between(self) -> None:  # noqa: B027 (a hook)
        """After each batch."""

    @property
    def in_writer(self) -> bool:
        """True inside the writer thread, where commands read the working set."""
        return threading.current_thread() is self._thread

    def submit(self, job: Job) -> Outcome:
        """Queue a command and wait for its answer."""
        self.enqueue(job)
        return job.result()

    def enqueue(self, job: Job) -> None:
        """Queue a command; its `done` (and `on_done`) tell when it is answered."""
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._loop, name="writer", daemon=True)
                self._thread.start()
        self._queue.put(job)

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
                self._failed()
                for job in jobs:
                    if not job.done.is_set():
                        job.finish(error=exc)
            self._between()

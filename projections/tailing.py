"""The loop every follower runs: apply batches while there are full ones, then sleep until
woken (after a save) or until the next poll; never skip a failed batch."""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections.abc import Callable


class Tailing(ABC):
    """A background thread that keeps applying the log's next batch."""

    batch_size: int
    poll_interval: float
    thread_name: str

    def __init__(self) -> None:
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @abstractmethod
    def step(self) -> int:
        """Apply the next batch; how many events it read."""

    @abstractmethod
    def recover(self) -> None:
        """The last step failed (and rolled back): log it and retry as the follower sees fit."""

    def catch_up(self, progress: Callable[[int], None] | None = None) -> int:
        """Apply batches until the log is exhausted; returns how many events were read."""
        total = 0
        while applied := self.step():
            total += applied
            if progress:
                progress(applied)
        return total

    def wake(self, _position: int = 0) -> None:
        """Tell the follower there is something new (called after each local save)."""
        self._wake.set()

    def start(self) -> None:
        """Follow in a background thread until stop()."""
        self._thread = threading.Thread(target=self._run, name=self.thread_name, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop following and wait for the thread."""
        self._stop.set()
        self._wake.set()
        if self._thread:
            self._thread.join(timeout=10)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                full = self.step() == self.batch_size
            except Exception:
                self.recover()
                full = False
            if not full:
                self._wake.wait(self.poll_interval)
                self._wake.clear()

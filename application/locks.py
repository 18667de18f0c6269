"""Per-key locks, so that commands on the same SKU are serialized inside one process.

Serializing in-process turns most optimistic-concurrency conflicts into a short wait; conflicts
with other processes are still caught by the event store and retried.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from threading import Lock


class KeyedLocks:
    """A lock per key, taken in sorted order so that multi-key commands cannot deadlock."""

    def __init__(self) -> None:
        self._guard = Lock()
        self._locks: dict[str, Lock] = {}

    def _lock(self, key: str) -> Lock:
        with self._guard:
            lock = self._locks.get(key)
            if lock is None:
                lock = self._locks[key] = Lock()
            return lock

    @contextmanager
    def hold(self, keys: Iterable[str]) -> Iterator[None]:
        """Hold every key's lock for the duration of the block."""
        with ExitStack() as stack:
            for key in sorted(set(keys)):
                stack.enter_context(self._lock(key))
            yield

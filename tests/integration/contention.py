"""Many reservers racing for one SKU: the work of one OS process in the concurrency tests.

A child process (started with the "spawn" context) builds its own service from the database URL,
starts its threads, says it is ready and waits for the starting gun. Each thread reserves one unit
per attempt under a reservation id of its own, and the process reports every outcome on a queue.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Event, Lock

from application.executor import Executor
from application.reservations import Reserve
from domain.errors import InsufficientStock
from domain.routing import Line
from interfaces.runtime.bootstrap import build
from interfaces.runtime.settings import Settings


@dataclass(frozen=True)
class Race:
    """What every reserver contends for, and how hard."""

    sku: str
    location: str
    threads: int
    attempts: int


@dataclass
class Tally:
    """Outcomes of reservation attempts: ids accepted and refused, anything else as text."""

    accepted: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        """Fold another tally into this one."""
        self.accepted += other.accepted
        self.refused += other.refused
        self.errors += other.errors


def reserve_once(executor: Executor, race: Race, reservation_id: str, tally: Tally) -> None:
    """One attempt at one unit: accepted, refused as insufficient, or an error to report."""
    line = Line(race.sku, 1, race.location)
    try:
        executor.execute(Reserve(reservation_id, f"O-{reservation_id}", "web", [line], None))
    except InsufficientStock:
        tally.refused.append(reservation_id)
    except Exception as exc:
        tally.errors.append(f"{reservation_id}: {type(exc).__name__}: {exc}")
    else:
        tally.accepted.append(reservation_id)


def reserver_threads(
    executor: Executor, race: Race, prefix: str, start: threading.Event | Event
) -> tuple[list[threading.Thread], Tally]:
    """Started threads that wait for ``start``, then make their attempts; join them, then read
    the tally."""
    tally = Tally()
    guard = threading.Lock()

    def attempts(thread: int) -> None:
        mine = Tally()
        start.wait()
        for attempt in range(race.attempts):
            reserve_once(executor, race, f"{prefix}-t{thread}-a{attempt}", mine)
        with guard:
            tally.add(mine)

    threads = [threading.Thread(target=attempts, args=(n,)) for n in range(race.threads)]
    for thread in threads:
        thread.start()
    return threads, tally


def contend(
    database_url: str,
    race: Race,
    prefix: str,
    startup: Lock,
    ready: Queue[str],
    start: Event,
    out: Queue[Tally],
) -> None:
    """A child process's life: build, get ready, race on ``start``, report, close.

    Builds take turns under ``startup``: on PostgreSQL two services starting at the same moment
    can fail with "tuple concurrently updated" (each runs the library's CREATE OR REPLACE
    FUNCTION at start-up). That is a start-up bug, not the race under test here.
    """
    tally = Tally()
    announced = False
    try:
        with startup:
            container = build(Settings(database_url=database_url))
        try:
            threads, tally = reserver_threads(container.executor, race, prefix, start)
            ready.put(prefix)
            announced = True
            for thread in threads:
                thread.join()
        finally:
            container.stop()
    except Exception as exc:
        tally.errors.append(f"{prefix}: {type(exc).__name__}: {exc}")
    finally:
        if not announced:
            ready.put(prefix)
        out.put(tally)

"""Reservers racing for the same units never oversell, on SQLite and on PostgreSQL.

Every attempt reserves one unit under its own reservation id. Exactly as many are accepted as
there were units, the rest are refused as insufficient stock, nothing fails otherwise, and the
ledger itself agrees: the item's reserved units, its Reserved events and the Reservations.
"""

from __future__ import annotations

import multiprocessing
import threading
import time

import pytest

from application.executor import Executor
from application.movements import Receive
from application.service import StockLedger
from domain.errors import ReservationNotFound
from domain.stock_item import StockItem
from interfaces.runtime.bootstrap import build
from interfaces.runtime.container import Container
from interfaces.runtime.settings import Settings
from tests import refs
from tests.integration.contention import Race, Tally, contend, reserver_threads

PROCESSES = 2
THREADS = 16
ATTEMPTS = 3
UNITS = 50
CHILD_TIMEOUT = 120.0


def race_processes(database_url: str, race: Race, processes: int) -> tuple[Tally, float]:
    """Run ``processes`` spawned children at once; their combined tally and the seconds from the
    starting gun to the last report."""
    spawn = multiprocessing.get_context("spawn")
    ready: multiprocessing.Queue[str] = spawn.Queue()
    out: multiprocessing.Queue[Tally] = spawn.Queue()
    start = spawn.Event()
    startup = spawn.Lock()
    prefix = refs.reservation()
    children = [
        spawn.Process(
            target=contend, args=(database_url, race, f"{prefix}-p{n}", startup, ready, start, out)
        )
        for n in range(processes)
    ]
    for child in children:
        child.start()
    try:
        for _ in children:
            ready.get(timeout=CHILD_TIMEOUT)
        began = time.monotonic()
        start.set()
        tally = Tally()
        for _ in children:
            tally.add(out.get(timeout=CHILD_TIMEOUT))
        elapsed = time.monotonic() - began
    finally:
        for child in children:
            child.join(timeout=10)
            if child.is_alive():
                child.kill()
    return tally, elapsed


def race_threads(executors: list[Executor], race: Race) -> Tally:
    """Run ``race.threads`` threads per ledger at once, in this process; their combined tally."""
    start = threading.Event()
    prefix = refs.reservation()
    started = [
        reserver_threads(executor, race, f"{prefix}-s{n}", start)
        for n, executor in enumerate(executors)
    ]
    start.set()
    tally = Tally()
    for threads, part in started:
        for thread in threads:
            thread.join()
        tally.add(part)
    return tally


def stocked(executor: Executor, units: int) -> tuple[str, str]:
    """A fresh SKU holding ``units`` at a fresh location."""
    sku, location = refs.sku(), refs.location()
    executor.execute(Receive(sku, location, units, "PO-1"))
    return sku, location


def assert_ledger_agrees(ledger: StockLedger, race: Race, tally: Tally, units: int) -> None:
    """The item, its history and the Reservations all tell the tally's story."""
    item = ledger.item(race.sku, race.location)
    assert item is not None
    assert (item.on_hand, item.reserved, item.available) == (units, units, 0)
    assert sorted(item.reservations) == sorted(tally.accepted)
    history = list(ledger.events.get(StockItem.create_id(race.sku, race.location)))
    reserved = [e for e in history if isinstance(e, StockItem.Reserved)]
    assert len(reserved) == units
    assert sorted(e.reservation_id for e in reserved) == sorted(tally.accepted)
    for reservation_id in tally.accepted:
        reservation = ledger.reservation(reservation_id)
        assert reservation.status == "reserved"
        assert reservation.lines == [{"sku": race.sku, "location": race.location, "quantity": 1}]
    for reservation_id in tally.refused:
        with pytest.raises(ReservationNotFound):
            ledger.reservation(reservation_id)


def test_processes_racing_for_the_last_units_never_oversell(
    container: Container, database_url: str
) -> None:
    ledger = container.ledger
    sku, location = stocked(container.executor, UNITS)
    race = Race(sku, location, THREADS, ATTEMPTS)

    tally, elapsed = race_processes(database_url, race, PROCESSES)

    backend = database_url.split(":", 1)[0]
    print(
        f"\n[{backend}] {PROCESSES} processes x {THREADS} threads x {ATTEMPTS} attempts "
        f"for {UNITS} units: accepted={len(tally.accepted)} refused={len(tally.refused)} "
        f"errors={len(tally.errors)} elapsed={elapsed:.2f}s"
    )
    assert tally.errors == []
    assert len(tally.accepted) == UNITS
    assert len(tally.refused) == PROCESSES * THREADS * ATTEMPTS - UNITS
    assert_ledger_agrees(ledger, race, tally, UNITS)


def test_two_services_on_one_database_never_oversell(
    container: Container, settings: Settings
) -> None:
    other = build(settings)
    try:
        sku, location = stocked(container.executor, 10)
        race = Race(sku, location, threads=8, attempts=3)

        tally = race_threads([container.executor, other.executor], race)

        assert tally.errors == []
        assert (len(tally.accepted), len(tally.refused)) == (10, 38)
        assert_ledger_agrees(container.ledger, race, tally, 10)
        assert_ledger_agrees(other.ledger, race, tally, 10)
    finally:
        other.stop()

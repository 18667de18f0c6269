"""Scenario 3, appends in-process (no HTTP): threads call the ledger's commands directly, a mix of
receipts, reservations and releases on a few hundred SKUs, through the group-committing executor.
Views are not running: this is the write path alone.

Baseline, in the same run: the very rows the ledger stored, read back and inserted again by
psycopg (or sqlite3) `executemany`, 500 rows per transaction, into a scratch copy of the events
table (same columns and indexes). The ratio is events/s over rows/s.

Invariants: every StockItem's on hand and reserved, loaded through a fresh application, equal
what the accepted commands add up to, and the store holds exactly one Placed event per
accepted reservation and one Released event per accepted release.
"""

from __future__ import annotations

import random
import sqlite3
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import psycopg

from application.movements import Receive
from application.reservations import Release, Reserve
from bench import scratch
from bench.context import Context
from bench.result import Ratio, Result, check
from bench.stocking import Catalogue, seed, stored_item
from domain.errors import StockError
from domain.routing import Line
from domain.stock_item import StockItem
from interfaces.runtime.bootstrap import build
from interfaces.runtime.settings import Settings

TITLE = "appends in-process: mixed receipts, reservations and releases"
TARGET = 0.3
UNITS = 1_000_000
PLACED = "domain.reservation:Reservation.Placed"
RELEASED = "domain.reservation:Reservation.Released"


@dataclass
class Tally:
    """What the accepted commands add up to, per (sku, location)."""

    received: Counter[tuple[str, str]] = field(default_factory=Counter)
    reserved: Counter[tuple[str, str]] = field(default_factory=Counter)
    commands: Counter[str] = field(default_factory=Counter)
    refused: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def _client(executor: Any, n: int, skus: int, deadline: float, tally: Tally) -> None:
    rng = random.Random(n)
    open_: list[tuple[str, tuple[str, str]]] = []
    sent = 0
    while time.perf_counter() < deadline:
        sent += 1
        pair = (f"SKU-{rng.randrange(skus)}", "L0")
        roll = rng.random()
        try:
            if roll < 1 / 3:
                quantity = rng.randint(1, 5)
                executor.execute(Receive(pair[0], pair[1], quantity, f"PO-{n}-{sent}"))
                kind, delta = "receive", quantity
            elif roll < 2 / 3 or not open_:
                rid = f"A-{n}-{sent}"
                executor.execute(Reserve(rid, f"O-{rid}", "web", [Line(pair[0], 1, pair[1])], None))
                open_.append((rid, pair))
                kind, delta = "reserve", 1
            else:
                rid, pair = open_.pop(rng.randrange(len(open_)))
                executor.execute(Release(rid, "cancelled"))
                kind, delta = "release", -1
        except StockError:
            with tally.lock:
                tally.refused += 1
            continue
        with tally.lock:
            tally.commands[kind] += 1
            if kind == "receive":
                tally.received[pair] += delta
            else:
                tally.reserved[pair] += delta


def append(url: str, ctx: Context) -> dict[str, Any]:
    """Run the mix for appends_seconds; events/s and the tally's checks."""
    sizes = ctx.sizes
    seed(url, Catalogue(sizes.appends_skus, 1, UNITS))
    container = build(Settings(database_url=url, embedded_nats=False))
    ledger = container.ledger
    first = ledger.recorder.max_notification_id() or 0
    tally = Tally()
    deadline = time.perf_counter() + sizes.appends_seconds
    started = time.perf_counter()
    threads = [
        threading.Thread(
            target=_client, args=(container.executor, n, sizes.appends_skus, deadline, tally)
        )
        for n in range(sizes.appends_threads)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    last = ledger.recorder.max_notification_id() or 0
    batches = container.executor.batches
    container.executor.stop()
    table = ledger.recorder.events_table_name  # type: ignore[attr-defined]
    ledger.close()
    events = last - first
    figures = {
        "threads": sizes.appends_threads,
        "seconds": round(elapsed, 2),
        "commands": sum(tally.commands.values()),
        "commands_per_s": round(sum(tally.commands.values()) / elapsed, 1),
        "events": events,
        "per_second": round(events / elapsed, 1),
        "batches": batches,
        "mix": dict(tally.commands),
    }
    return {
        "figures": figures,
        "tally": tally,
        "table": table,
        "positions": (first, last),
    }


def invariants(url: str, tally: Tally, table: str) -> dict[str, int]:
    """The store agrees with the accepted commands, item by item."""
    container = build(Settings(database_url=url, embedded_nats=False))
    pairs = set(tally.received) | set(tally.reserved)
    try:
        for sku, location in sorted(pairs):
            item = stored_item(container.ledger, StockItem.create_id(sku, location))
            on_hand = UNITS + tally.received[(sku, location)]
            check(item.on_hand == on_hand, f"{sku}@{location}: on hand {item.on_hand} != {on_hand}")
            want = tally.reserved[(sku, location)]
            check(item.reserved == want, f"{sku}@{location}: reserved {item.reserved} != {want}")
            check(item.reserved <= item.on_hand, f"{sku}@{location} is oversold")
    finally:
        container.ledger.close()
    count = f"SELECT COUNT(*) FROM {table} WHERE topic = %s"
    placed = int(scratch.query(url, count, (PLACED,))[0][0])
    released = int(scratch.query(url, count, (RELEASED,))[0][0])
    check(placed == tally.commands["reserve"], f"{placed} Placed for {tally.commands['reserve']}")
    check(
        released == tally.commands["release"],
        f"{released} Released for {tally.commands['release']} releases",
    )
    return {"items_checked": len(pairs), "placed": placed, "released": released, "oversold": 0}


def raw_insert(url: str, table: str, positions: tuple[int, int], batch: int) -> dict[str, Any]:
    """Insert the run's stored events again, `batch` rows per transaction, into a copy."""
    first, last = positions
    columns = "originator_id, originator_version, topic, state"
    at = scratch.position_column(url)
    select = f"SELECT {columns} FROM {table} WHERE {at} > %s AND {at} <= %s ORDER BY {at}"
    rows = scratch.query(url, select, (first, last))
    if url.startswith("sqlite:///"):
        seconds = _sqlite_insert(url.removeprefix("sqlite:///"), table, rows, batch)
    else:
        seconds = _postgres_insert(url, table, rows, batch)
    return {
        "rows": len(rows),
        "rows_per_transaction": batch,
        "seconds": round(seconds, 2),
        "per_second": round(len(rows) / seconds, 1) if seconds else 0.0,
    }


def _postgres_insert(url: str, table: str, rows: list[tuple[Any, ...]], batch: int) -> float:
    insert = (
        "INSERT INTO bench_events (originator_id, originator_version, topic, state) "
        "VALUES (%s, %s, %s, %s)"
    )
    with psycopg.connect(url) as conn:
        conn.execute(f"CREATE TABLE bench_events (LIKE {table} INCLUDING ALL)")
        conn.commit()
        started = time.perf_counter()
        for n in range(0, len(rows), batch):
            with conn.transaction(), conn.cursor() as cursor:
                cursor.executemany(insert, rows[n : n + batch])
        return time.perf_counter() - started


def _sqlite_insert(path: str, table: str, rows: list[tuple[Any, ...]], batch: int) -> float:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        ddl = conn.execute(
            "SELECT sql FROM sqlite_master WHERE tbl_name = ? AND sql IS NOT NULL", (table,)
        ).fetchall()
        for (statement,) in ddl:
            conn.execute(statement.replace(table, "bench_events"))
        insert = (
            "INSERT INTO bench_events (originator_id, originator_version, topic, state) "
            "VALUES (?, ?, ?, ?)"
        )
        started = time.perf_counter()
        for n in range(0, len(rows), batch):
            conn.execute("BEGIN")
            conn.executemany(insert, rows[n : n + batch])
            conn.execute("COMMIT")
        return time.perf_counter() - started
    finally:
        conn.close()


def run(ctx: Context, backend: str) -> Result:
    """The mix on `backend`, then the raw insert of the same rows."""
    result = Result("appends", backend, TITLE, "events/s")
    with scratch.database(backend, "appends") as url:
        measured = append(url, ctx)
        result.figures["stocksync"] = measured["figures"]
        result.invariants["stocksync"] = invariants(url, measured["tally"], measured["table"])
        result.figures["raw insert"] = raw_insert(
            url, measured["table"], measured["positions"], ctx.sizes.raw_batch
        )
    ours = result.figures["stocksync"]["per_second"]
    raw = result.figures["raw insert"]["per_second"]
    result.ratios = [Ratio("stocksync / raw insert", ours / raw if raw else 0.0, TARGET)]
    result.notes.append(
        f"{ctx.sizes.appends_threads} client threads in the process; "
        f"{measured['tally'].refused} commands refused by their own rule"
    )
    return result

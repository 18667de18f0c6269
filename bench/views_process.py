"""The views process's CPU per order, all of it: `stocksync follow` (every view and the
reactor publishing to a nats-server of its own) while orders commit one by one.

    .venv/bin/python -m bench.views_process [--backend sqlite|postgres|both] [--orders N]
        [--skus N] [--locations N] [--per-commit N] [--no-reactor]

A store is stocked and listed on three channels (bench/busy_store.py) and its views are rebuilt,
untimed. `stocksync follow` then runs on it as `serve` runs it; a first round of orders warms
it up (its memory then holds the SKUs, as in a running service). Then --orders more orders are
committed, --per-commit orders a transaction (1: one by one; more: a burst as the group-commit
writer commits it under load; an order is a reserve, a third released and a third fulfilled in
the same transaction: 3.3 events), as fast as this process can; once every view has applied
them and the outbox is empty (every message acked by JetStream), the child's user + system CPU
(from /proc) over that round, per order, is printed as one JSON line per backend, with the
load average since the machine may be shared. nats-server's and PostgreSQL's CPU are not in it.
--no-reactor runs the views alone (REACTOR=false; the outbox then just grows).
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import scratch
from bench.busy_store import place_orders, prepared
from bench.server import Server, nats_server, stocksync
from bench.stocking import Catalogue


def cpu_seconds(pid: int) -> float:
    """A process's user + system CPU so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def settled(url: str, end: int, outbox: bool, timeout: float = 120.0) -> None:
    """Wait until every view has applied the log up to ``end`` (and, with ``outbox``, the
    outbox is empty)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        behind = [v for v, at in scratch.view_positions(url).items() if at < end]
        if not behind and (
            not outbox or scratch.query(url, "SELECT COUNT(*) FROM outbox")[0][0] == 0
        ):
            return
        time.sleep(0.05)
    raise TimeoutError("the views process did not settle")


def measure(
    backend: str, catalogue: Catalogue, orders: int, per_commit: int, reactor: bool
) -> dict[str, Any]:
    """Warm the child up, then time one round of orders; the figures."""
    with (
        scratch.database(backend, "follow") as url,
        tempfile.TemporaryDirectory() as logs,
        nats_server(Path(logs)) as nats_url,
    ):
        items = prepared(url, catalogue)
        env = {"DATABASE_URL": url, "NATS_URL": nats_url, "REACTOR": str(reactor).lower()}
        with Server("follow", stocksync("follow"), Path(logs), env, health=None) as child:
            assert child.process is not None
            warm = place_orders(url, items, orders, per_commit=per_commit)
            settled(url, warm["events"], reactor)
            load, cpu, began = os.getloadavg()[0], cpu_seconds(child.process.pid), time.time()
            more = place_orders(url, items, orders, first=orders, per_commit=per_commit)
            settled(url, more["events"], reactor)
            spent, seconds = cpu_seconds(child.process.pid) - cpu, time.time() - began
    return {
        "backend": backend,
        "reactor": reactor,
        "orders": orders,
        "per_commit": per_commit,
        "cpu_ms_per_order": round(1000 * spent / orders, 3),
        "orders_per_second": round(orders / seconds),
        "load_average": [round(load, 2), round(os.getloadavg()[0], 2)],
    }


def main() -> int:
    """Measure on each backend; one JSON line each."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--orders", type=int, default=2_000)
    parser.add_argument("--skus", type=int, default=2_000)
    parser.add_argument("--locations", type=int, default=5)
    parser.add_argument("--per-commit", type=int, default=1, help="orders per transaction")
    parser.add_argument("--no-reactor", action="store_true", help="views only (REACTOR=false)")
    args = parser.parse_args()
    catalogue = Catalogue(args.skus, args.locations, 1_000_000)
    for backend in scratch.BACKENDS if args.backend == "both" else (args.backend,):
        reactor = not args.no_reactor
        figures = measure(backend, catalogue, args.orders, args.per_commit, reactor)
        print(json.dumps(figures), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

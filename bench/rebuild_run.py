"""`python -m bench.rebuild`: time `stocksync projections rebuild` on a store built for it.

    .venv/bin/python -m bench.rebuild [--backend sqlite|postgres|both] [--skus N]
        [--locations N] [--orders N] [--view NAME ...] [--each] [--profile N]

The store is the spread scenario's catalogue (each SKU-location stocked once) and, with
--orders, a busy day on top (bench/busy_store.py: channels, ring-fenced listings, orders placed,
released and fulfilled). Building it is not timed. Prints one JSON line per backend: the log's
events, the seconds of `rebuild_all` over the views, events/s, this process's CPU seconds (on
PostgreSQL the server's work is not in them) and the load average before and after, since the
machine may be shared. --profile N prints cProfile's top N functions by cumulative time.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from typing import Any

from bench import scratch
from bench.busy_store import busy
from bench.profiling import profiled
from bench.stocking import Catalogue, stock
from interfaces.runtime.bootstrap import build
from interfaces.runtime.settings import Settings
from projections.rebuild import rebuild_all


def timed(url: str, names: list[str], profile: int) -> dict[str, Any]:
    """Rebuild the named views together; the figures."""
    container = build(Settings(database_url=url, embedded_nats=False))
    views = [container.views[name] for name in names or list(container.views)]
    load = os.getloadavg()[0]
    cpu, began = time.process_time(), time.perf_counter()
    try:
        with profiled(profile):
            events = rebuild_all(container.ledger, views)
    finally:
        container.stop()
    seconds = time.perf_counter() - began
    return {
        "views": [view.model.name for view in views],
        "events": events,
        "seconds": round(seconds, 2),
        "per_second": round(events / seconds),
        "cpu_s": round(time.process_time() - cpu, 2),
        "load_average": [round(load, 2), round(os.getloadavg()[0], 2)],
    }


def main() -> int:
    """Build a store per backend, rebuild its views, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--skus", type=int, default=10_000)
    parser.add_argument("--locations", type=int, default=5)
    parser.add_argument("--orders", type=int, default=0, help="a busy day's orders on top")
    parser.add_argument("--view", action="append", default=[], help="a view (default: all)")
    parser.add_argument("--each", action="store_true", help="also time each view alone")
    parser.add_argument("--profile", type=int, default=0, help="print the top N functions")
    args = parser.parse_args()
    catalogue = Catalogue(args.skus, args.locations, 1_000_000)
    for backend in scratch.BACKENDS if args.backend == "both" else (args.backend,):
        with scratch.database(backend, "rebuild") as url:
            busy(url, catalogue, args.orders) if args.orders else stock(url, catalogue)
            runs = [timed(url, args.view, args.profile)]
            if args.each:
                names = args.view or list(scratch.TRACKED_VIEWS)
                runs += [timed(url, [name], 0) for name in names]
            for run in runs:
                print(json.dumps({"backend": backend, **run}), flush=True)
    return 0

"""The views' CPU per order, in-process: what `stocksync follow` spends applying the log.

    .venv/bin/python -m bench.views_cpu [--backend sqlite|postgres|both] [--orders N]
        [--batch N] [--skus N] [--locations N] [--profile N] [--sort tottime|cumulative]

A store is stocked and listed on three channels (bench/busy_store.py) and its views are rebuilt,
untimed; then the orders are placed (one unit each on a random SKU-location, a third released and
a third fulfilled: 3.3 events per order) and followed, untimed, so that the views' memory holds
every SKU as it does in a running service; then as many orders again are placed and followed,
timed. The views follow as the views process does (one FollowerGroup, the outbox written) in
batches of --batch events, the size a batch has under load; the CPU seconds of this process per
order are printed as one JSON line per backend. The reactor's publishing and PostgreSQL's own
work are not in the figure. --profile N prints cProfile's top N functions (CPU time) by --sort.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections.abc import Callable
from functools import partial
from typing import Any

from bench import scratch
from bench.busy_store import place_orders, prepared
from bench.profiling import profiled
from bench.stocking import Catalogue
from interfaces.runtime.bootstrap import build
from interfaces.runtime.settings import Settings
from projections.follower import Follower
from projections.group import FollowerGroup


def follow(
    url: str, more: Callable[[], object], batch: int, profile: tuple[int, str]
) -> dict[str, Any]:
    """Apply the log after the views' positions in batches of ``batch``, then what ``more``
    adds to it: the CPU of that second part."""
    container = build(Settings(database_url=url, embedded_nats=False))
    followers = [Follower(container.ledger, view) for view in container.views.values()]
    group = FollowerGroup(followers, batch_size=batch)
    try:
        group.catch_up()  # the views' memory now holds every SKU, as it does when running
        more()
        cpu, began = time.process_time(), time.perf_counter()
        with profiled(*profile):
            events = group.catch_up()
    finally:
        container.stop()
    return {
        "events": events,
        "cpu_s": time.process_time() - cpu,
        "seconds": time.perf_counter() - began,
    }


def measure(backend: str, args: argparse.Namespace) -> dict[str, Any]:
    """The CPU per order on a backend."""
    with scratch.database(backend, "views") as url:
        items = prepared(url, Catalogue(args.skus, args.locations, 1_000_000))
        place_orders(url, items, args.orders)
        load = os.getloadavg()[0]
        more = partial(place_orders, url, items, args.orders, first=args.orders)
        run = follow(url, more, args.batch, (args.profile, args.sort))
    return {
        "backend": backend,
        "orders": args.orders,
        "events": run["events"],
        "batch": args.batch,
        "cpu_ms_per_order": round(1000 * run["cpu_s"] / args.orders, 3),
        "cpu_us_per_event": round(1e6 * run["cpu_s"] / run["events"], 1),
        "seconds": round(run["seconds"], 2),
        "load_average": [round(load, 2), round(os.getloadavg()[0], 2)],
    }


def main() -> int:
    """Prepare a store per backend, follow its orders, print the CPU per order."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--orders", type=int, default=20_000)
    parser.add_argument("--batch", type=int, default=32, help="events per batch")
    parser.add_argument("--skus", type=int, default=2_000)
    parser.add_argument("--locations", type=int, default=5)
    parser.add_argument("--profile", type=int, default=0, help="print the top N functions")
    parser.add_argument("--sort", default="tottime", help="the profile's order")
    args = parser.parse_args()
    for backend in scratch.BACKENDS if args.backend == "both" else (args.backend,):
        print(json.dumps(measure(backend, args)), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Scenario 2, an ordinary busy day: the same reservations spread at random over 10,000 SKUs at
5 locations (50,000 SKU-locations, stocked before the servers start, not timed).

The stocked store is large enough to serve scenario 6 too (bench/rebuild.py): the library's
ProjectionRunner is timed on it before its views are rebuilt, the rebuild is timed, and the
service's RSS and p99 after the run are compared with a small store's."""

from __future__ import annotations

from typing import Any

from bench import rebuild
from bench.context import Context
from bench.reserve_http import Targets, compare
from bench.result import Result
from bench.stocking import Catalogue

TITLE = "spread: reserve 1 unit of a random SKU-location over HTTP"
TARGETS = Targets(rowlock=1.0, hello=0.6)
UNITS = 1_000_000


def run(ctx: Context, backend: str) -> list[Result]:
    """The spread catalogue on `backend`, then the rebuild and scale results of its store."""
    sizes = ctx.sizes
    catalogue = Catalogue(sizes.spread_skus, sizes.spread_locations, UNITS)
    runner: dict[str, Any] = {}

    def time_runner(url: str, _: dict[str, Any]) -> None:
        runner.update(rebuild.runner_rate(url, sizes.runner_seconds))

    spread = compare(ctx, backend, "spread", TITLE, catalogue, TARGETS, on_stocked=time_runner)
    setup = spread.figures["stocksync-setup"]
    return [
        spread,
        rebuild.rebuild_result(backend, setup, runner),
        rebuild.scale_result(ctx, backend, spread.figures["stocksync"], setup["events"]),
    ]

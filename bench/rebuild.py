"""Scenario 6, a large store: rebuilding every view, and the service's memory and latency on it.
Both run on the spread scenario's store (its 50,000 SKU-locations are stocked once, see
bench/spread.py), not on the issue's 1M events, which would not fit the 15-minute run.

- rebuild: `projections.rebuild` (what `stocksync projections rebuild` runs) of every view, in
  events/s of the log (events / the seconds for all views), against the library's
  ProjectionRunner on the same store and the same (inventory) view, timed for a few seconds
  from position 0 before the rebuild.
- scale: the service's RSS after the spread run, and its p99 against the same load on a store of
  100 SKU-locations (the "empty store").
"""

from __future__ import annotations

import sys
import time
from typing import Any

from eventsourcing.projection import ProjectionRunner

from application.service import StockLedger
from bench import scratch
from bench.context import Context
from bench.reserve_http import drive, stocksync_invariants
from bench.result import Ratio, Result
from bench.server import nats_server, service
from bench.stocking import ALL, Catalogue, seed
from interfaces.runtime.bootstrap import build
from interfaces.runtime.settings import Settings
from projections.store import ViewProjection

RATE_TARGET = 50_000.0
RSS_TARGET_MB = 500.0
P99_TARGET = 1.2
SMALL = Catalogue(20, 5, 1_000_000)


def runner_rate(url: str, seconds: float, view: str = "inventory") -> dict[str, Any]:
    """The library's ProjectionRunner on `view` from position 0 for `seconds`: events/s.
    PostgreSQL only: the library's SQLite recorder has no subscriptions to run it on."""
    if url.startswith("sqlite:///"):
        return {"view": view, "unsupported": "the library's SQLite recorder has no subscriptions"}
    container = build(Settings(database_url=url, embedded_nats=False))
    env = {**container.env, "POSTGRES_POOL_SIZE": "1", "POSTGRES_MAX_OVERFLOW": "2"}
    view_type = type(container.views[view])
    container.stop()
    projection = type("BenchProjection", (ViewProjection,), {"name": view})
    runner: ProjectionRunner[Any, Any] = ProjectionRunner(
        application_class=StockLedger, projection_class=projection, view_class=view_type, env=env
    )
    began = time.perf_counter()
    with runner:
        time.sleep(seconds)
        done = scratch.view_positions(url)[view]
        elapsed = time.perf_counter() - began
    runner.view.datastore.close()
    return {
        "view": view,
        "events": done,
        "seconds": round(elapsed, 2),
        "per_second": round(done / elapsed, 1),
    }


def rebuild_result(backend: str, setup: dict[str, Any], runner: dict[str, Any]) -> Result:
    """The rebuild figures of the spread's store against the runner's."""
    result = Result("rebuild", backend, "projection rebuild of every view", "events/s")
    events, views = setup["events"], dict(setup["rebuild_s"])
    together = views.pop(ALL, None)
    total = together if together is not None else sum(views.values())
    result.figures["stocksync"] = {
        "events": events,
        "views": len(views),
        "seconds": round(total, 2),
        "per_second": round(events / total, 1) if total else 0.0,
        "one_view_at_a_time_s": round(sum(views.values()), 2),
        "per_view_per_second": {k: round(events / v, 1) for k, v in views.items() if v},
    }
    result.figures["ProjectionRunner"] = runner
    inventory = events / views["inventory"] if views.get("inventory") else 0.0
    result.ratios = [
        Ratio("every view, events/s (target, not a ratio)", events / total, RATE_TARGET),
    ]
    if runner.get("per_second"):
        speedup = inventory / runner["per_second"]
        result.ratios.append(Ratio("inventory rebuild / ProjectionRunner", speedup, 1.0))
    result.notes.append(
        f"store of {events} events (the spread's stocking), not the issue's 1M; the runner "
        f"is timed for a few seconds on the inventory view ({runner.get('unsupported', 'ok')})"
    )
    # bench.stocking.rebuild_views checked that every view reached the log's end.
    result.invariants["stocksync"] = {"views_at_log_end_after_rebuild": len(views)}
    return result


def scale_result(ctx: Context, backend: str, large: dict[str, Any], events: int) -> Result:
    """RSS and p99 on the spread's store (`large`) against a 100 SKU-location store."""
    result = Result("scale", backend, "scale: RSS and p99 on a large store", "MB", "rss_mb")
    logs = ctx.log_dir / f"scale-{backend}"
    with scratch.database(backend, "scale") as url:
        seed(url, SMALL)
        with nats_server(logs) as nats_url, service(logs, url, nats_url) as server:
            small = drive(server, ctx, "s", SMALL)
        in_flight = 2 * ctx.sizes.connections
        accepted = small["accepted_all_runs"]
        result.invariants["stocksync (small store)"] = stocksync_invariants(
            url, SMALL, accepted, in_flight
        )
    result.figures["stocksync (large store)"] = {**large, "events_in_store": events}
    result.figures["stocksync (small store)"] = small
    p99_large, p99_small = large["latency_ms"]["p99"], small["latency_ms"]["p99"]
    result.ratios = [
        Ratio("RSS MB (target, not a ratio)", large["rss_mb"], RSS_TARGET_MB, at_least=False),
        Ratio("p99 large / p99 small", p99_large / p99_small, P99_TARGET, at_least=False),
    ]
    result.notes.append(
        f"large: {events} events over {ctx.sizes.spread_skus * ctx.sizes.spread_locations} "
        f"SKU-locations (the spread run); small: {SMALL.skus * SMALL.locations} SKU-locations; "
        "same load (reserve 1 unit at random), same connections and durations"
    )
    return result


if __name__ == "__main__":
    from bench.rebuild_run import main

    sys.exit(main())

"""Save-to-view latency: from a command's commit to the inventory view having applied it.

    .venv/bin/python -m bench.view_latency [--count N] [--backend sqlite|postgres|both]

Each sample is one receipt through the application (no HTTP); the clock stops when the
view's tracked position reaches the command's position (polled every 0.5 ms). SQLite followers
are woken in-process; PostgreSQL uses the library's ProjectionRunner (LISTEN/NOTIFY).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

from application.movements import Receive
from bench import scratch
from interfaces.runtime.bootstrap import build
from interfaces.runtime.settings import Settings


def measure(url: str, count: int) -> list[float]:
    """Milliseconds from commit to view, per command."""
    container = build(Settings(database_url=url, embedded_nats=False))
    container.start()
    follower = container.followers["inventory"]
    samples = []
    try:
        for i in range(count + 20):
            outcome = container.executor.execute(Receive(f"SKU-{i % 200}", "WH1", 1, "PO"))
            start = time.perf_counter()
            while follower.position < outcome.position:
                time.sleep(0.0005)
            if i >= 20:  # the first commands warm caches and connections
                samples.append((time.perf_counter() - start) * 1000)
    finally:
        container.stop()
    return samples


def summary(samples: list[float]) -> dict[str, float]:
    """p50, p99 and max in milliseconds."""
    ordered = sorted(samples)
    return {
        "n": len(ordered),
        "p50_ms": round(statistics.median(ordered), 2),
        "p99_ms": round(ordered[int(len(ordered) * 0.99) - 1], 2),
        "max_ms": round(ordered[-1], 2),
    }


def main() -> None:
    """Run and print a JSON line per backend."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    args = parser.parse_args()
    for backend in ["sqlite", "postgres"] if args.backend == "both" else [args.backend]:
        with scratch.database(backend, "view_latency") as url:
            print(json.dumps({"backend": backend, **summary(measure(url, args.count))}))


if __name__ == "__main__":
    main()

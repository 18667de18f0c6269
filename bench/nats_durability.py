"""JetStream publish latency with and without `sync_interval: always` on the embedded server.

    .venv/bin/python -m bench.nats_durability [--count N] [--batch B]

For each mode it starts its own nats-server (free port, temporary store) and measures:
single publishes awaited one by one (p50/p99 ms), and pipelined `publish_batch` calls of B
messages (ms per batch and messages/s). The figures feed the durability choice documented in
interfaces/messaging/embedded.py.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
import time
from pathlib import Path

from interfaces.messaging import subjects
from interfaces.messaging.broker import Broker
from interfaces.messaging.embedded import EmbeddedNats
from interfaces.messaging.host import free_port
from interfaces.messaging.message import Message


def _quantile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def _measure(url: str, count: int, batch: int) -> dict[str, float]:
    broker = Broker()
    await broker.connect(url, "bench")
    await broker.ensure_streams()
    singles = []
    for n in range(count):
        start = time.perf_counter()
        await broker.publish(subjects.events_subject("L1", f"S{n}"), b"{}", f"single:{n}")
        singles.append((time.perf_counter() - start) * 1000)
    batches = []
    for round_ in range(max(1, count // batch)):
        messages = [
            Message(subjects.availability_subject("web", f"S{n}"), b"{}", f"b:{round_}:{n}")
            for n in range(batch)
        ]
        start = time.perf_counter()
        await broker.publish_batch(messages, timeout=30.0)
        batches.append((time.perf_counter() - start) * 1000)
    await broker.close()
    return {
        "single_p50_ms": round(statistics.median(singles), 3),
        "single_p99_ms": round(_quantile(singles, 0.99), 3),
        "batch_median_ms": round(statistics.median(batches), 2),
        "batch_msgs_per_s": round(batch / (statistics.median(batches) / 1000)),
    }


def main() -> None:
    """Run both modes and print one JSON line each."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=500)
    args = parser.parse_args()
    for sync_always in (True, False):
        with tempfile.TemporaryDirectory() as store:
            server = EmbeddedNats(Path(store), port=free_port(), sync_always=sync_always)
            with server:
                figures = asyncio.run(_measure(server.url, args.count, args.batch))
        print(json.dumps({"sync_always": sync_always, "count": args.count, **figures}))


if __name__ == "__main__":
    main()

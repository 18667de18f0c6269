"""Scenario 4, propagation: steady receipts over HTTP at ~1,000 commands/s; the time from each
command's HTTP response to an adapter-side subscriber receiving the availability message it
caused (a core subscription on `stocksync.availability.>`, matched to the command by position).

It reuses bench/propagation.py's set-up (`prepare`: the channel and the SKUs) and percentiles,
but sends with bench/paced.py: bench/propagation.py's sender opens a task per request on one
httpx pool, which, once the server falls behind 1,000/s, piles up thousands of pending requests
and spends the client's CPU scanning them. The paced sender keeps at most 32 in flight and
reports the rate it achieved.

Baseline, in the same run and on the same nats-server: JetStream publish -> core subscription,
at the same rate (the time from the publish call to the subscriber's arrival stamp).

Invariants: every command answered 2xx, and every command's message arrived (nothing lost).
"""

from __future__ import annotations

import asyncio
import json
import statistics
import time
from typing import Any

from bench import paced, propagation, scratch
from bench.context import Context
from bench.result import Ratio, Result, check
from bench.server import nats_server, service
from interfaces.messaging import subjects
from interfaces.messaging.broker import Broker, Message

TITLE = "propagation: HTTP response -> availability message at a subscriber"
P50_MS, P99_MS = 5.0, 20.0
DRAIN_S = 45.0  # how long to wait for late messages before calling them missing


def percentiles(samples: list[float]) -> dict[str, float]:
    """n, p50, p99, max (ms) of samples."""
    ordered = sorted(samples)
    if not ordered:
        return {"n": 0}
    return {
        "n": len(ordered),
        "p50_ms": round(statistics.median(ordered), 2),
        "p99_ms": round(propagation.percentile(ordered, 0.99), 2),
        "max_ms": round(ordered[-1], 2),
    }


async def nats_baseline(url: str, rate: float, count: int) -> dict[str, Any]:
    """Publish `count` JetStream messages at `rate`/s (each awaited, as the reactor does) and
    time each to its arrival at a core subscription in the same process."""
    arrivals: dict[str, float] = {}
    sent: dict[str, float] = {}

    async def arrived(message: Message) -> None:
        arrivals.setdefault(message.data.decode(), time.perf_counter())

    broker = Broker()
    await broker.connect(url, "stocksync-bench-nats-baseline", timeout=10.0)
    await broker.ensure_streams()
    unsubscribe = await broker.subscribe(f"{subjects.AVAILABILITY}.baseline.>", arrived)
    await asyncio.sleep(0.2)
    start = time.perf_counter()
    for n in range(count):
        delay = start + n / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        key = f"baseline-{n}"
        sent[key] = time.perf_counter()
        await broker.publish(
            subjects.availability_subject("baseline", f"S{n % 100}"), key.encode(), key
        )
    deadline = time.perf_counter() + 10
    while len(arrivals) < count and time.perf_counter() < deadline:
        await asyncio.sleep(0.01)
    await unsubscribe()
    await broker.close()
    samples = [(arrivals[k] - at) * 1000 for k, at in sent.items() if k in arrivals]
    figures = percentiles(samples)
    figures["missing"] = count - len(samples)
    figures["rate_per_s"] = round(count / (time.perf_counter() - start), 1)
    return figures


async def stocksync_latency(
    api_url: str, nats_url: str, names: list[str], rate: float, seconds: float
) -> dict[str, Any]:
    """Paced receipts; per command, its message's arrival minus its HTTP response (ms)."""
    arrivals: dict[int, float] = {}

    async def arrived(message: Message) -> None:
        arrivals.setdefault(int(json.loads(message.data)["position"]), time.perf_counter())

    def receipt(n: int) -> tuple[str, dict[str, Any]]:
        path = f"/v1/stock/{propagation.LOCATION}/{names[n % len(names)]}/receipts"
        return path, {"quantity": 1, "reference": f"BENCH-{n}"}

    broker = Broker()
    await broker.connect(nats_url, "stocksync-bench-propagation", timeout=10.0)
    unsubscribe = await broker.subscribe(f"{subjects.AVAILABILITY}.>", arrived)
    await asyncio.sleep(0.2)
    try:
        sent = await paced.send(api_url, receipt, rate, int(rate * seconds))
        answered = {a[2]["position"]: a[3] for a in sent.answers if a[1] == 201 or a[1] == 200}
        deadline = time.perf_counter() + DRAIN_S
        while not answered.keys() <= arrivals.keys() and time.perf_counter() < deadline:
            await asyncio.sleep(0.05)
        drained = time.perf_counter()
    finally:
        await unsubscribe()
        await broker.close()
    samples = [(arrivals.get(p, drained) - at) * 1000 for p, at in answered.items()]
    figures = percentiles(samples)  # a message that never came counts as arriving at the end
    figures.update(
        commands=len(sent.answers) + len(sent.errors),
        offered_per_s=rate,
        rate_per_s=round(sent.rate, 1),
        failed=len(sent.errors) + len(sent.answers) - len(answered),
        missing=len(answered.keys() - arrivals.keys()),
        drain_s=round(drained - (max(answered.values()) if answered else drained), 2),
        last_position=max(answered, default=0),
    )
    return figures


def run(ctx: Context, backend: str) -> Result:
    """Receipts at propagation_rate/s for propagation_seconds through `stocksync serve`."""
    sizes = ctx.sizes
    result = Result("propagation", backend, TITLE, "ms", headline="p50_ms")
    logs = ctx.log_dir / f"propagation-{backend}"
    with scratch.database(backend, "propagation") as url, nats_server(logs) as nats_url:
        count = max(10, int(sizes.propagation_rate * min(sizes.propagation_seconds, 5.0)))
        result.figures["nats"] = asyncio.run(nats_baseline(nats_url, sizes.propagation_rate, count))
        with service(logs, url, nats_url) as server:
            names = propagation.prepare(server.url, sizes.propagation_skus)
            figures = asyncio.run(
                stocksync_latency(
                    server.url,
                    nats_url,
                    names,
                    sizes.propagation_rate,
                    sizes.propagation_seconds,
                )
            )
            result.figures["stocksync"] = {**figures, "rss_mb": server.rss_mb()}
            view_at = scratch.view_positions(url)["inventory"]
    behind = view_at < figures.get("last_position", 0)
    result.invariants["stocksync"] = {
        "failed": figures["failed"],
        "late": figures["missing"] if behind else 0,
        "lost": 0 if behind else figures["missing"],
    }
    check(figures["failed"] == 0, f"{figures['failed']} commands failed")
    check(
        behind or figures["missing"] == 0,
        f"{figures['missing']} availability messages never arrived, though the inventory view "
        f"had applied every command (position {view_at})",
    )
    if behind:
        result.notes.append(
            f"{figures['missing']} messages had not arrived {DRAIN_S:g}s after the last "
            f"response: the inventory view was still at position {view_at} of "
            f"{figures['last_position']} (late, not lost: the view has not published them yet)"
        )
    check(result.figures["nats"]["missing"] == 0, "NATS baseline lost messages")
    result.ratios = [
        Ratio("p50 ms (target, not a ratio)", figures["p50_ms"], P50_MS, at_least=False),
        Ratio("p99 ms (target, not a ratio)", figures["p99_ms"], P99_MS, at_least=False),
    ]
    result.notes.append(
        f"{figures['rate_per_s']} of {sizes.propagation_rate} commands/s achieved "
        f"(at most 32 in flight) over {sizes.propagation_skus} SKUs; a negative sample is a "
        "message that arrived before the HTTP response"
    )
    return result

"""The load generator: a separate process that reserves 1 unit per request, with unique
reservation ids, on random (SKU, location) pairs of a catalogue, over N keep-alive connections.

`wrk` with bench/wrk/reserve.lua when it is installed; otherwise this module run as a process:

    python -m bench.load URL --run R --skus 1 --locations 1 --connections 32 --duration 10

(asyncio + httpx). Both print the same JSON line, which `generate()` parses into a `Load`.
The same generator drives stocksync and its baselines within one `make bench` run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from bench.token import HEADERS, TOKEN

SCRIPT = Path(__file__).resolve().parent / "wrk" / "reserve.lua"
PERCENTILES = ("p50", "p75", "p90", "p99", "p99.9")


class LoadError(RuntimeError):
    """The generator failed or printed nothing usable."""


@dataclass(frozen=True)
class Load:
    """What one measured run of the generator saw."""

    tool: str
    connections: int
    duration_s: float
    requests: int
    accepted: int  # 201
    refused: int  # 409
    failed: int  # any other status
    socket_errors: int  # connect, read, write errors and timeouts
    latency_ms: dict[str, float]

    @property
    def per_second(self) -> float:
        """Accepted requests per second."""
        return self.accepted / self.duration_s if self.duration_s else 0.0

    def as_dict(self) -> dict[str, Any]:
        """For the JSON report."""
        return {
            "tool": self.tool,
            "connections": self.connections,
            "duration_s": round(self.duration_s, 2),
            "requests": self.requests,
            "accepted": self.accepted,
            "refused": self.refused,
            "failed": self.failed,
            "socket_errors": self.socket_errors,
            "per_second": round(self.per_second, 1),
            "latency_ms": self.latency_ms,
        }


def tool() -> str:
    """ "wrk" when it is on the PATH, else "python" (this module as a process); the
    BENCH_LOAD_TOOL environment variable forces either."""
    forced = os.environ.get("BENCH_LOAD_TOOL")
    if forced in ("wrk", "python"):
        return forced
    return "wrk" if shutil.which("wrk") else "python"


def generate(
    url: str,
    run: str,
    *,
    skus: int,
    locations: int,
    connections: int,
    duration: float,
    threads: int = 2,
) -> Load:
    """Run the generator against `url` for `duration` seconds and parse its report."""
    seconds = max(1, round(duration))
    if tool() == "wrk":
        args = ["wrk", f"-t{min(threads, connections)}", f"-c{connections}", f"-d{seconds}s"]
        args += ["--timeout", "10s", "-s", str(SCRIPT), url, "--", run, str(skus), str(locations)]
        args.append(TOKEN)
    else:
        args = [sys.executable, "-m", "bench.load", url, "--run", run, "--skus", str(skus)]
        args += ["--locations", str(locations), "--connections", str(connections)]
        args += ["--duration", str(seconds)]
    done = subprocess.run(
        args, capture_output=True, text=True, timeout=seconds + 60, cwd=SCRIPT.parent.parent.parent
    )
    lines = [ln for ln in done.stdout.splitlines() if ln.startswith("{")]
    if done.returncode != 0 or not lines:
        raise LoadError(f"{args[0]} failed ({done.returncode}): {done.stdout}\n{done.stderr}")
    return parse(tool(), connections, json.loads(lines[-1]))


def parse(name: str, connections: int, report: dict[str, Any]) -> Load:
    """A Load from the generator's JSON line (latencies in microseconds)."""
    latency = report["latency_us"]
    return Load(
        tool=name,
        connections=connections,
        duration_s=report["duration_us"] / 1e6,
        requests=report["requests"],
        accepted=report["accepted"],
        refused=report["refused"],
        failed=report["failed"],
        socket_errors=sum(
            report[k] for k in ("connect_errors", "read_errors", "write_errors", "timeouts")
        ),
        latency_ms={k: round(float(latency[k]) / 1000, 2) for k in (*PERCENTILES, "max", "mean")},
    )


async def _worker(
    client: httpx.AsyncClient,
    run: str,
    n: int,
    skus: int,
    locations: int,
    stop_at: float,
    counts: dict[str, int],
    samples: list[float],
) -> None:
    rng = random.Random(n)
    sent = 0
    while time.perf_counter() < stop_at:
        sent += 1
        rid = f"{run}-{n}-{sent}"
        line = {"sku": f"SKU-{rng.randrange(skus)}", "quantity": 1}
        line["location"] = f"L{rng.randrange(locations)}"
        body = {"reservation_id": rid, "order_id": f"O-{rid}", "channel": "web", "lines": [line]}
        start = time.perf_counter()
        try:
            response = await client.post("/v1/reservations", json=body)
        except httpx.HTTPError:
            counts["errors"] += 1
            continue
        samples.append((time.perf_counter() - start) * 1e6)
        status = {201: "accepted", 409: "refused"}.get(response.status_code, "failed")
        counts[status] += 1


async def _generate(
    url: str, run: str, skus: int, locations: int, connections: int, duration: float
) -> dict[str, Any]:
    counts = {"accepted": 0, "refused": 0, "failed": 0, "errors": 0}
    samples: list[float] = []
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    async with httpx.AsyncClient(
        base_url=url, limits=limits, timeout=10.0, headers=HEADERS
    ) as client:
        start = time.perf_counter()
        stop_at = start + duration
        await asyncio.gather(
            *(
                _worker(client, run, n, skus, locations, stop_at, counts, samples)
                for n in range(connections)
            )
        )
        elapsed = time.perf_counter() - start
    ordered = sorted(samples) or [0.0]

    def pct(q: float) -> float:
        return ordered[min(len(ordered) - 1, int(q / 100 * len(ordered)))]

    return {
        "requests": len(samples),
        "duration_us": int(elapsed * 1e6),
        "accepted": counts["accepted"],
        "refused": counts["refused"],
        "failed": counts["failed"],
        "connect_errors": counts["errors"],
        "read_errors": 0,
        "write_errors": 0,
        "timeouts": 0,
        "latency_us": {
            **{f"p{q:g}": pct(q) for q in (50, 75, 90, 99, 99.9)},
            "max": ordered[-1],
            "mean": statistics.fmean(ordered),
        },
    }


def main() -> None:
    """Generate load and print the report as one JSON line (as reserve.lua's done() does)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("url")
    parser.add_argument("--run", default="run")
    parser.add_argument("--skus", type=int, default=1)
    parser.add_argument("--locations", type=int, default=1)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--duration", type=float, default=10.0)
    a = parser.parse_args()
    report = asyncio.run(_generate(a.url, a.run, a.skus, a.locations, a.connections, a.duration))
    print(json.dumps(report))


if __name__ == "__main__":
    main()

"""Propagation latency: from a command's HTTP response to an adapter-side subscriber receiving
the availability message that the command caused.

    .venv/bin/python -m bench.propagation [--rate 200] [--seconds 10] [--skus 50]
                                          [--backend sqlite|postgres|both]

Per backend: a nats-server with JetStream (syncing every write, as `serve` runs it) in a temp
dir, and `stocksync serve` as a child process on a fresh database and that server. One channel
is fed by every location. Receipts of one unit then go out at a steady `--rate` per second for
`--seconds` (open loop: each is sent on schedule, whatever the earlier ones are doing), over
`--skus` SKUs registered beforehand. A core NATS subscription on `stocksync.availability.>` in
this process, as an adapter would hold, stamps each message on arrival; a sample is arrival
minus the response time of the command with the same position. A negative sample is a message
that arrived before the HTTP response did; samples are kept as measured.

Prints one JSON line per backend: commands sent, the rate they were offered at and the rate
they were answered at, p50/p99/max in ms, and how many commands failed and how many messages
never arrived (within a minute after the last response).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from bench import scratch
from bench.token import ENV as TOKEN_ENV
from bench.token import HEADERS
from interfaces.messaging import subjects
from interfaces.messaging.broker import Broker, Message
from interfaces.messaging.embedded import EmbeddedNats
from interfaces.messaging.host import free_port
from interfaces.runtime.processes import stop_child

CHANNEL = "bench"
LOCATION = "WH-BENCH"


@dataclass(frozen=True)
class Propagation:
    """What one run measured."""

    sent: int
    seconds: float  # to send every command, on schedule
    samples_ms: list[float]
    missing: int
    failed: int
    answered_in: float = 0.0  # seconds until the last command was answered
    errors: tuple[str, ...] = ()  # the first few failures

    def summary(self) -> dict[str, Any]:
        """n, offered and achieved (answered) rates, p50/p99/max in ms, missing messages and
        failed commands."""
        ordered = sorted(self.samples_ms)
        return {
            "commands": self.sent,
            "offered_per_s": round(self.sent / self.seconds, 1),
            "rate_per_s": round(self.sent / max(self.answered_in, self.seconds), 1),
            "n": len(ordered),
            "p50_ms": round(statistics.median(ordered), 2) if ordered else None,
            "p99_ms": round(percentile(ordered, 0.99), 2) if ordered else None,
            "max_ms": round(ordered[-1], 2) if ordered else None,
            "missing": self.missing,
            "failed": self.failed,
            **({"errors": list(self.errors)} if self.errors else {}),
        }


def percentile(ordered: list[float], fraction: float) -> float:
    """The nearest-rank percentile of sorted samples."""
    rank = max(1, round(fraction * len(ordered) + 0.5))
    return ordered[min(rank, len(ordered)) - 1]


def skus(count: int) -> list[str]:
    """The benchmark's SKU ids."""
    return [f"SKU-BENCH-{n:04d}" for n in range(count)]


def prepare(api_url: str, sku_count: int, headers: dict[str, str] = HEADERS) -> list[str]:
    """Declare the channel and register every SKU (so the run measures steady-state commands);
    ``headers`` carry the service's API token (the bench's by default)."""
    names = skus(sku_count)
    with httpx.Client(base_url=api_url, timeout=30.0, headers=headers) as http:
        channel = {"kind": "webhook", "locations": [], "rules": {}}
        http.put(f"/v1/channels/{CHANNEL}", json=channel).raise_for_status()
        for sku in names:
            body = {"quantity": 1, "reference": "BENCH-SETUP"}
            http.post(f"/v1/stock/{LOCATION}/{sku}/receipts", json=body).raise_for_status()
    return names


async def measure(
    api_url: str,
    nats_url: str,
    sku_names: list[str],
    rate: float = 200.0,
    seconds: float = 10.0,
    drain: float = 60.0,
    headers: dict[str, str] = HEADERS,
) -> Propagation:
    """Send receipts at `rate`/s for `seconds` and time each one's availability message."""
    arrivals: dict[int, float] = {}

    async def arrived(message: Message) -> None:
        stamp = time.perf_counter()
        arrivals.setdefault(int(json.loads(message.data)["position"]), stamp)

    broker = Broker()
    await broker.connect(nats_url, "stocksync-bench-propagation", timeout=10.0)
    unsubscribe = await broker.subscribe(f"{subjects.AVAILABILITY}.>", arrived)
    await asyncio.sleep(0.2)  # let the server register the subscription before the first command
    limits = httpx.Limits(max_connections=256, max_keepalive_connections=256)
    try:
        async with httpx.AsyncClient(
            base_url=api_url, timeout=60.0, limits=limits, headers=headers
        ) as http:
            responses, failures, offered, answered = await _send(http, sku_names, rate, seconds)
        deadline = time.perf_counter() + drain
        while not set(responses) <= set(arrivals) and time.perf_counter() < deadline:
            await asyncio.sleep(0.05)
    finally:
        await unsubscribe()
        await broker.close()
    samples = [(arrivals[p] - at) * 1000 for p, at in responses.items() if p in arrivals]
    missing = len(set(responses) - set(arrivals))
    failed, errors = len(failures), tuple(failures[:5])
    return Propagation(len(responses) + failed, offered, samples, missing, failed, answered, errors)


async def _send(
    http: httpx.AsyncClient, sku_names: list[str], rate: float, seconds: float
) -> tuple[dict[int, float], list[str], float, float]:
    """Open-loop receipts: {position: response time}, failures, the seconds it took to send
    them all (on schedule) and to have them all answered."""
    responses: dict[int, float] = {}
    failures: list[str] = []

    async def receive(n: int) -> None:
        sku = sku_names[n % len(sku_names)]
        body = {"quantity": 1, "reference": f"BENCH-{n}"}
        try:
            answer = await http.post(f"/v1/stock/{LOCATION}/{sku}/receipts", json=body)
            stamp = time.perf_counter()
        except httpx.HTTPError as exc:
            failures.append(repr(exc))
            return
        if not answer.is_success:
            failures.append(f"{answer.status_code} {answer.text[:300]}")
            return
        responses[int(answer.json()["position"])] = stamp

    count = int(rate * seconds)
    start = time.perf_counter()
    tasks = []
    for n in range(count):
        delay = start + n / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(receive(n)))
    offered = time.perf_counter() - start
    await asyncio.gather(*tasks)
    return responses, failures, offered, time.perf_counter() - start


@contextmanager
def service(database_url: str, nats_url: str, directory: Path) -> Iterator[str]:
    """`stocksync serve` as a child process; its base URL once /healthz answers."""
    port = free_port("127.0.0.1")
    command = [str(Path(sys.executable).parent / "stocksync"), "serve", "--port", str(port)]
    env = {**os.environ, "DATABASE_URL": database_url, "NATS_URL": nats_url, **TOKEN_ENV}
    url = f"http://127.0.0.1:{port}"
    with (directory / "service.log").open("wb") as log:
        process = subprocess.Popen(command, env=env, cwd=directory, stdout=log, stderr=log)
    try:
        _wait_healthy(url, process)
        yield url
    finally:
        stop_child(process, 15)


def _wait_healthy(url: str, process: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"stocksync serve exited with code {process.returncode}")
        try:
            if httpx.get(f"{url}/healthz", timeout=1.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"stocksync serve did not answer at {url} in {timeout}s")


def run(backend: str, rate: float, seconds: float, sku_count: int) -> dict[str, Any]:
    """One backend's measurement, with its own nats-server, database and service."""
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        nats = EmbeddedNats(directory / "nats", port=free_port("127.0.0.1"))
        database = scratch.database(backend, "propagation")
        with nats, database as url, service(url, nats.url, directory) as api:
            names = prepare(api, sku_count)
            result = asyncio.run(measure(api, nats.url, names, rate, seconds))
    return {"backend": backend, **result.summary()}


def main() -> None:
    """Run and print a JSON line per backend."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rate", type=float, default=200.0, help="commands per second")
    parser.add_argument("--seconds", type=float, default=10.0, help="how long to send")
    parser.add_argument("--skus", type=int, default=50, help="SKUs the receipts rotate over")
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    args = parser.parse_args()
    for backend in ["sqlite", "postgres"] if args.backend == "both" else [args.backend]:
        print(json.dumps(run(backend, args.rate, args.seconds, args.skus)), flush=True)


if __name__ == "__main__":
    main()

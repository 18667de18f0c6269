"""Scenario 5, marketplace convergence: a burst of changes on K SKUs of an Amazon channel (one
SKU per request) whose simulator allows R requests/s; the time from the burst's first command
until the simulator shows every listing's final value, and the 429s it answered. The ideal is
K / R: one request per SKU, back to back at the rate limit.

Real processes: `stocksync serve`, `stocksync marketplace simulate --kind amazon --rate-limit R`
and `stocksync adapter run`, on a nats-server of the scenario's own. The channel's connection
asks the adapter for R requests/s with a burst of 5 (the simulator's burst is R), so that the
adapter's bucket stays behind the simulator's whatever the network jitter.

The K SKUs are stocked (10 units each) and their listings declared before the service starts;
stocking is not published (the views are rebuilt, which emits nothing), so the simulator starts
empty. The burst: one receipt of 3 units per SKU over 32 connections, so one availability change
per SKU and a final value of 13 on every listing.
"""

from __future__ import annotations

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx

from application.channels import DeclareChannel, SetListingIdentifiers
from bench import paced, scratch
from bench.context import Context
from bench.result import Ratio, Result, check
from bench.server import Server, nats_server, service, stocksync
from bench.stocking import Catalogue, rebuild_views, stock
from interfaces.runtime.bootstrap import build
from interfaces.runtime.settings import Settings

TITLE = "marketplace convergence: a burst on K SKUs, simulator limited to R req/s"
CHANNEL = "amazon-bench"
SELLER = "A2BENCHSELLER"
IDS = {"seller_id": SELLER, "marketplace_id": "ATVPDKIKX0DER", "product_type": "SHIRT"}
TOKEN_VARIABLE, TOKEN = "BENCH_AMAZON_TOKEN", "Atza|bench-0001"
INITIAL, RECEIPT = 10, 3
TARGET = 1.1
ADAPTER_BURST = 5


def sku(n: int) -> str:
    """The n-th SKU of the burst (as bench.stocking names them)."""
    return f"SKU-{n}"


def declare(url: str, simulator_url: str, skus: int, rate: float) -> None:
    """The stock, the channel, its connection and every listing's ids, through the
    application; then the views rebuilt (publishing nothing) so the service starts caught up."""
    stock(url, Catalogue(skus, 1, INITIAL))
    container = build(Settings(database_url=url, embedded_nats=False))
    executor = container.executor
    connection = {
        "base_url": simulator_url,
        "rate_limit": rate,
        "burst": ADAPTER_BURST,
        "secrets": {"access_token": TOKEN_VARIABLE},
    }
    executor.execute(DeclareChannel(CHANNEL, "amazon", [], {}, connection))
    with ThreadPoolExecutor(32) as pool:
        done = pool.map(
            lambda n: executor.execute(SetListingIdentifiers(CHANNEL, sku(n), IDS)), range(skus)
        )
        list(done)
    container.stop()
    rebuild_views(url)


def simulator(log_dir: Any, rate: float) -> Server:
    """`stocksync marketplace simulate --kind amazon` limited to `rate` requests/s."""
    args = stocksync("marketplace", "simulate", "--kind", "amazon", "--port", "{port}")
    args += ["--rate-limit", str(rate), "--secret", "access_token=SIM_TOKEN"]
    return Server("simulator", args, log_dir, {"SIM_TOKEN": TOKEN}, health="/_sim/stats")


def adapter(log_dir: Any, url: str, nats_url: str) -> Server:
    """`stocksync adapter run --channel amazon-bench`."""
    env = {"DATABASE_URL": url, "NATS_URL": nats_url, TOKEN_VARIABLE: TOKEN}
    args = stocksync("adapter", "run", "--channel", CHANNEL)
    return Server("adapter", args, log_dir, env, health=None, ready_text=f"adapter {CHANNEL} (")


def burst(api_url: str, skus: int) -> paced.Sent:
    """A receipt per SKU, as fast as 32 connections go."""

    def receipt(n: int) -> tuple[str, dict[str, Any]]:
        return f"/v1/stock/L0/{sku(n)}/receipts", {"quantity": RECEIPT, "reference": f"B-{n}"}

    return asyncio.run(paced.send(api_url, receipt, 1e9, skus))


def converge(simulator_url: str, skus: int, started: float, timeout: float) -> float:
    """Poll the simulator until every listing shows its final value; seconds since `started`."""
    want = INITIAL + RECEIPT
    keys = [f"{SELLER}/{sku(n)}" for n in range(skus)]
    with httpx.Client(base_url=simulator_url, timeout=10.0) as http:
        while True:
            held = http.get("/_sim/listings").json()
            if all(held.get(key) == want for key in keys):
                return time.perf_counter() - started
            late = sum(1 for key in keys if held.get(key) != want)
            check(
                time.perf_counter() - started < timeout,
                f"{late} of {skus} listings still not at {want} after {timeout:g}s",
            )
            time.sleep(0.1)


def run(ctx: Context, backend: str) -> Result:
    """The burst on `backend` (the service's store; the adapter reads listings from it)."""
    sizes = ctx.sizes
    skus, rate = sizes.market_skus, sizes.market_rate
    result = Result("marketplace", backend, TITLE, "s", headline="converged_s")
    logs = ctx.log_dir / f"marketplace-{backend}"
    with scratch.database(backend, "marketplace") as url, simulator(logs, rate) as sim:
        declare(url, sim.url, skus, rate)
        with nats_server(logs) as nats_url, service(logs, url, nats_url) as server:
            with adapter(logs, url, nats_url):
                started = time.perf_counter()
                sent = burst(server.url, skus)
                sent_s = time.perf_counter() - started
                elapsed = converge(sim.url, skus, started, sizes.market_timeout)
            stats = httpx.get(f"{sim.url}/_sim/stats", timeout=10.0).json()
    failed = [a for a in sent.answers if a[1] not in (200, 201)]
    check(not failed and not sent.errors, f"burst: {len(failed)} failed, {sent.errors[:3]}")
    bad = {code: n for code, n in stats.items() if code.isdigit() and code[0] == "4" and n}
    bad.pop("429", None)
    check(not bad, f"the simulator refused requests: {bad}")
    ideal = skus / rate
    result.figures["stocksync"] = {
        "skus": skus,
        "rate_limit": rate,
        "converged_s": round(elapsed, 2),
        "burst_sent_s": round(sent_s, 2),
        "requests": stats.get("requests", 0),
        "accepted": stats.get("accepted", 0),
        "throttled_429": stats.get("429", 0),
    }
    result.figures["ideal"] = {"converged_s": round(ideal, 2), "requests": skus}
    result.invariants["stocksync"] = {"listings_at_final_value": skus, "refused_4xx": 0}
    result.ratios = [
        Ratio("time / (K/R)", elapsed / ideal, TARGET, at_least=False),
        Ratio("429s received (target 0)", float(stats.get("429", 0)), 0.0, at_least=False),
    ]
    result.notes.append(
        f"K = {skus}, R = {rate:g}/s; {skus} receipts sent in {sent_s:.1f}s; "
        f"{stats.get('requests', 0)} marketplace requests for {skus} SKUs"
    )
    return result

"""Reservations over HTTP, 1 unit each, from the same load generator against three servers in
one run: stocksync (`stocksync serve`), the row-lock baseline and the hello floor.

The catalogue is stocked before its server starts (not timed) with more units than the run
can sell, so every request should be accepted. Afterwards the store itself is checked:

- nothing lost and nothing invented: the units reserved in the store are at least the 201s
  the generator counted, and at most that plus the requests in flight when it stopped;
- no oversell: no SKU-location holds more reserved units than it has on hand;
- no refusals, no 5xx and no socket errors (stock was plentiful, so any is a failure).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from bench import load, scratch
from bench.baselines import create_schema, read_stock
from bench.context import Context
from bench.result import Ratio, Result, check
from bench.server import Server, baseline, nats_server, service
from bench.stocking import Catalogue, rebuild_views, stock, stored_item
from interfaces.runtime.bootstrap import build
from interfaces.runtime.settings import Settings

RESERVED = "domain.stock_item:StockItem.Reserved"


@dataclass(frozen=True)
class Targets:
    """The issue's targets: stocksync / row-lock and stocksync / hello, at least."""

    rowlock: float
    hello: float


def drive(server: Server, ctx: Context, run: str, catalogue: Catalogue) -> dict[str, Any]:
    """Warm up (unless sizes.warm is 0), then measure; the measured run's figures plus the
    201s of both runs. Any refusal, failure or socket error breaks the run."""
    sizes = ctx.sizes
    common = {
        "skus": catalogue.skus,
        "locations": catalogue.locations,
        "connections": sizes.connections,
    }
    runs = (
        [load.generate(server.url, f"{run}w", duration=sizes.warm, **common)] if sizes.warm else []
    )
    measured = load.generate(server.url, f"{run}m", duration=sizes.measure, **common)
    runs.append(measured)
    figures = measured.as_dict()
    figures["rss_mb"] = server.rss_mb()
    figures["accepted_all_runs"] = sum(r.accepted for r in runs)
    for each in runs:
        problems = each.refused + each.failed + each.socket_errors
        check(
            problems == 0,
            f"{server.name}: {each.refused} refused, {each.failed} failed, "
            f"{each.socket_errors} socket errors (stock was plentiful: expected none)",
        )
    return figures


def accounted(name: str, reserved: int, accepted: int, in_flight: int) -> dict[str, int]:
    """Nothing lost, nothing invented: accepted <= reserved <= accepted + in flight."""
    check(reserved >= accepted, f"{name}: {accepted} accepted but only {reserved} reserved: lost")
    check(
        reserved <= accepted + in_flight,
        f"{name}: {reserved} reserved for {accepted} accepted (+{in_flight} in flight at most)",
    )
    return {"accepted": accepted, "reserved": reserved, "in_flight_at_stop": reserved - accepted}


def stocksync_invariants(
    url: str, catalogue: Catalogue, accepted: int, in_flight: int
) -> dict[str, int]:
    """Count the Reserved events (1 unit each) per StockItem in the store, then cross-check a
    sample of StockItems loaded through the application."""
    container = build(Settings(database_url=url, embedded_nats=False))
    table = container.ledger.recorder.events_table_name  # type: ignore[attr-defined]
    container.ledger.close()
    sql = f"SELECT originator_id, COUNT(*) FROM {table} WHERE topic = %s GROUP BY originator_id"
    counts = {UUID(str(oid)): int(n) for oid, n in scratch.query(url, sql, (RESERVED,))}
    figures = accounted("stocksync", sum(counts.values()), accepted, in_flight)
    oversold = sum(1 for n in counts.values() if n > catalogue.units)
    check(oversold == 0, f"stocksync oversold {oversold} SKU-locations")
    figures["oversold_items"] = oversold
    figures["items_reserved"] = len(counts)
    figures["aggregates_checked"] = _cross_check(url, counts)
    return figures


def _cross_check(url: str, counts: dict[UUID, int], sample: int = 50) -> int:
    """Load up to `sample` StockItems through the application: their reserved units must be
    their Reserved events (1 unit each), and at most their on hand."""
    container = build(Settings(database_url=url, embedded_nats=False))
    try:
        for oid in sorted(counts)[:sample]:
            item = stored_item(container.ledger, oid)
            check(
                item.reserved == counts[oid],
                f"{item.sku}@{item.location}: reserved {item.reserved}, "
                f"{counts[oid]} Reserved events",
            )
            check(item.reserved <= item.on_hand, f"{item.sku}@{item.location} is oversold")
    finally:
        container.ledger.close()
    return min(sample, len(counts))


def rowlock_invariants(url: str, accepted: int, in_flight: int) -> dict[str, int]:
    """The baseline's rows: the same accounting, and reserved <= on hand on every row."""
    rows = read_stock(url)
    figures = accounted("row-lock", sum(r for _, r in rows.values()), accepted, in_flight)
    oversold = sum(1 for on_hand, reserved in rows.values() if reserved > on_hand)
    check(oversold == 0, f"row-lock oversold {oversold} rows")
    figures["oversold_items"] = oversold
    return figures


def compare(
    ctx: Context,
    backend: str,
    scenario: str,
    title: str,
    catalogue: Catalogue,
    targets: Targets,
    on_stocked: Callable[[str, dict[str, Any]], None] | None = None,
) -> Result:
    """Measure hello, row-lock and stocksync on `backend`; check each one's store.
    `on_stocked(url, figures)` runs on stocksync's store once stocked, before its views are
    rebuilt (the rebuild scenario times the library's ProjectionRunner there)."""
    result = Result(scenario, backend, title, "reservations/s")
    logs = ctx.log_dir / f"{scenario}-{backend}"
    in_flight = 2 * ctx.sizes.connections  # the warm-up's and the measured run's
    with baseline(logs, "hello_app") as hello:
        result.figures["hello"] = drive(hello, ctx, "h", catalogue)
    with scratch.database(backend, scenario) as url:
        create_schema(url, [(sku, loc, catalogue.units) for sku, loc in catalogue.pairs()])
        with baseline(logs, "rowlock_app", url) as rowlock:
            result.figures["row-lock"] = drive(rowlock, ctx, "r", catalogue)
        accepted = result.figures["row-lock"]["accepted_all_runs"]
        result.invariants["row-lock"] = rowlock_invariants(url, accepted, in_flight)
    with scratch.database(backend, scenario) as url:
        setup = stock(url, catalogue)
        if on_stocked is not None:
            on_stocked(url, setup)
        setup["rebuild_s"] = rebuild_views(url)
        result.figures["stocksync-setup"] = setup
        with nats_server(logs) as nats_url, service(logs, url, nats_url) as server:
            result.figures["stocksync"] = drive(server, ctx, "s", catalogue)
        accepted = result.figures["stocksync"]["accepted_all_runs"]
        result.invariants["stocksync"] = stocksync_invariants(url, catalogue, accepted, in_flight)
    ours = result.figures["stocksync"]["per_second"]
    rowlock_rate = result.figures["row-lock"]["per_second"]
    hello_rate = result.figures["hello"]["per_second"]
    result.ratios = [
        Ratio("stocksync / row-lock", ours / rowlock_rate, targets.rowlock),
        Ratio("stocksync / hello", ours / hello_rate, targets.hello),
    ]
    return result

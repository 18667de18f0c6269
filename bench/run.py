"""Run every scenario in priority order and write the report (`make bench`).

    .venv/bin/python -m bench [--sizes full|tiny] [--only hot_sku,spread] [--backends postgres]
                              [--budget 840] [--out bench/results]

A scenario that would not fit in what is left of the time budget (by its estimate) is skipped
and reported as such. A broken invariant (an oversell, a lost reservation or message) fails its
scenario loudly, the others still run, and the exit status is 1.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from bench import appends, hot_sku, machine, marketplace, propagation_scenario, report, spread
from bench.context import FULL, TINY, Context
from bench.result import InvariantViolated, Result

Run = Callable[[Context, str], Result | list[Result]]


@dataclass(frozen=True)
class Scenario:
    """A scenario module's entry point, the backends it runs on and its full-size estimate."""

    name: str
    run: Run
    backends: tuple[str, ...]
    estimate_s: dict[str, float]  # per backend, at full size, on the 2-core machine


SCENARIOS = (
    Scenario("hot_sku", hot_sku.run, ("postgres", "sqlite"), {"postgres": 60, "sqlite": 55}),
    # spread also reports the rebuild and scale results of its store (bench/rebuild.py)
    Scenario("spread", spread.run, ("postgres", "sqlite"), {"postgres": 170, "sqlite": 120}),
    Scenario("appends", appends.run, ("postgres", "sqlite"), {"postgres": 20, "sqlite": 20}),
    Scenario(
        "propagation",
        propagation_scenario.run,
        ("postgres", "sqlite"),
        {"postgres": 75, "sqlite": 35},
    ),
    Scenario("marketplace", marketplace.run, ("postgres",), {"postgres": 75}),
)
NAMES = [s.name for s in SCENARIOS]


def attempt(scenario: Scenario, ctx: Context, backend: str) -> list[Result]:
    """Run one scenario on one backend; a failure becomes a failed Result, never an exit."""
    began = time.perf_counter()
    try:
        outcome = scenario.run(ctx, backend)
        results = outcome if isinstance(outcome, list) else [outcome]
    except InvariantViolated as exc:
        results = [failed(scenario.name, backend, "INVARIANT VIOLATED", str(exc))]
    except Exception as exc:
        detail = "".join(traceback.format_exception_only(exc)).strip()
        print(traceback.format_exc(), file=sys.stderr)
        results = [failed(scenario.name, backend, "error", detail)]
    for result in results:
        result.seconds = time.perf_counter() - began
    return results


def failed(name: str, backend: str, status: str, error: str) -> Result:
    """The Result of a scenario that did not complete."""
    return Result(name, backend, name, "", status="failed", error=f"{status}: {error}")


def say(text: str) -> None:
    """Progress on the console, as it happens."""
    print(text, flush=True)


def run(
    ctx: Context, names: list[str], budget: float, progress: Callable[[str], None] = say
) -> dict[str, Any]:
    """Run the named scenarios within `budget` seconds; the report as a dict."""
    started = dt.datetime.now(dt.UTC).replace(microsecond=0)
    about = machine.describe()
    began = time.perf_counter()
    results: list[Result] = []
    for scenario in SCENARIOS:
        if scenario.name not in names:
            continue
        for backend in scenario.backends:
            if backend not in ctx.backends:
                continue
            left = budget - (time.perf_counter() - began)
            if ctx.sizes == FULL and scenario.estimate_s[backend] > left:
                skipped = Result(scenario.name, backend, scenario.name, "", status="skipped")
                skipped.error = f"skipped: {left:.0f}s left of the {budget:.0f}s budget"
                results.append(skipped)
                progress(f"{scenario.name} ({backend}): {skipped.error}")
                continue
            progress(f"{scenario.name} ({backend}) ...")
            for result in attempt(scenario, ctx, backend):
                results.append(result)
                progress(f"  {line(result)}")
    about["load_average_at_end"] = machine.load_average()
    return {
        "started_at": started.isoformat().removesuffix("+00:00"),
        "wall_s": round(time.perf_counter() - began, 1),
        "sizes_name": "full" if ctx.sizes == FULL else "tiny" if ctx.sizes == TINY else "custom",
        "sizes": asdict(ctx.sizes),
        "machine": about,
        "results": [r.as_dict() for r in results],
    }


def line(result: Result) -> str:
    """A one-line summary of a result for the console."""
    if result.status != "ok":
        return f"{result.scenario} ({result.backend}): {result.status.upper()} {result.error}"
    ratios = ", ".join(
        f"{r.label} = {r.value:.2f} ({'met' if r.met else 'NOT met'}: target "
        f"{'>=' if r.at_least else '<='} {r.target:g})"
        for r in result.ratios
    )
    return f"{result.scenario} ({result.backend}): {ratios}"


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, run, write the report; 1 when any scenario failed."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", choices=["full", "tiny"], default="full")
    parser.add_argument("--only", default=",".join(NAMES), help="comma-separated scenarios")
    parser.add_argument("--backends", default="postgres,sqlite")
    parser.add_argument("--budget", type=float, default=840.0, help="seconds for all scenarios")
    parser.add_argument("--out", type=Path, default=report.RESULTS)
    args = parser.parse_args(argv)
    names = [n for n in args.only.split(",") if n]
    unknown = set(names) - set(NAMES)
    if unknown:
        parser.error(f"unknown scenarios {sorted(unknown)}; known: {', '.join(NAMES)}")
    sizes = FULL if args.sizes == "full" else TINY
    logs = args.out / "logs"  # the servers' logs of the last run (not kept in git)
    shutil.rmtree(logs, ignore_errors=True)
    ctx = Context(sizes, logs, tuple(args.backends.split(",")))
    data = run(ctx, names, args.budget)
    for path in report.write(data, args.out):
        print(f"wrote {path}")
    print(f"wall time {data['wall_s']:.0f}s")
    failures = [r for r in data["results"] if r["status"] == "failed"]
    for result in failures:
        print(f"FAILED {result['scenario']} ({result['backend']}): {result['error']}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

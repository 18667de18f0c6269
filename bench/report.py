"""The report of a run: bench/results/latest.json and latest.md, the plots, and a timestamped
copy of all of them under bench/results/history/<UTC time>/."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from bench.plots import plot

RESULTS = Path(__file__).resolve().parent / "results"
PERCENTILES = ("p50", "p99", "p99.9", "max")


def write(report: dict[str, Any], directory: Path = RESULTS) -> list[Path]:
    """Write latest.json, latest.md and the plots, and copy them into history/<stamp>/."""
    directory.mkdir(parents=True, exist_ok=True)
    stamp = report["started_at"].replace(":", "-")
    history = directory / "history" / stamp
    history.mkdir(parents=True, exist_ok=True)
    written = [directory / "latest.json", directory / "latest.md"]
    written[0].write_text(json.dumps(report, indent=2) + "\n")
    written[1].write_text(markdown(report))
    written += plot(report["results"], directory)
    for path in written:
        shutil.copy2(path, history / path.name)
    return written


def _number(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}" if abs(value) < 100 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    return "-" if value is None else str(value)


def _latency(figures: dict[str, Any]) -> dict[str, Any]:
    if "latency_ms" in figures:
        return {k: figures["latency_ms"].get(k) for k in PERCENTILES}
    return {
        "p50": figures.get("p50_ms"),
        "p99": figures.get("p99_ms"),
        "max": figures.get("max_ms"),
    }


def summary_rows(results: list[dict[str, Any]]) -> list[str]:
    """One Markdown row per ratio: scenario, backend, value, target, met."""
    rows = ["| scenario | backend | measure | value | target | met |", "|---|---|---|---|---|---|"]
    for r in results:
        if r["status"] != "ok":
            rows.append(f"| {r['scenario']} | {r['backend']} | **{r['status']}** | - | - | ✗ |")
            continue
        for ratio in r["ratios"]:
            sign = "≥" if ratio["at_least"] else "≤"
            met = "✓" if ratio["met"] else "✗"
            rows.append(
                f"| {r['scenario']} | {r['backend']} | {ratio['label']} | "
                f"{_number(ratio['value'])} | {sign} {_number(ratio['target'])} | {met} |"
            )
    return rows


def details(result: dict[str, Any]) -> list[str]:
    """A scenario's systems, invariants and notes."""
    lines = [f"### {result['scenario']} ({result['backend']}): {result['title']}", ""]
    if result["error"]:
        lines += [f"**{result['status'].upper()}**: {result['error']}", ""]
    headline = f"{result['headline']} ({result['unit']})"
    lines += [
        f"| system | {headline} | p50 ms | p99 ms | p99.9 ms | max ms |",
        "|---|---|---|---|---|---|",
    ]
    for system, figures in result["figures"].items():
        if not isinstance(figures, dict) or result["headline"] not in figures:
            continue
        latency = _latency(figures)
        cells = [_number(latency.get(k)) for k in PERCENTILES]
        lines.append(f"| {system} | {_number(figures[result['headline']])} | {' | '.join(cells)} |")
    lines.append("")
    for system, figures in result["figures"].items():
        extra = {k: v for k, v in figures.items() if k not in ("latency_ms",)}
        lines.append(f"- {system}: `{json.dumps(extra, separators=(', ', ': '))}`")
    for system, checks in result["invariants"].items():
        lines.append(f"- invariants, {system}: `{json.dumps(checks, separators=(', ', ': '))}`")
    lines += [f"- {note}" for note in result["notes"]]
    lines += [f"- took {result['seconds']} s", ""]
    return lines


def markdown(report: dict[str, Any]) -> str:
    """The whole report as Markdown."""
    machine = report["machine"]
    lines = [
        "# stocksync benchmark report",
        "",
        f"Run {report['started_at']} UTC, {report['wall_s']:.0f} s wall time, "
        f"sizes `{report['sizes_name']}`. Every ratio compares figures of this run only.",
        "",
        f"Machine: {machine['cores']} cores, {machine['cpu_model']}, {machine['memory_mb']} MB; "
        f"PostgreSQL {machine['postgresql']}, SQLite {machine['sqlite']}, "
        f"Python {machine['python']}, eventsourcing {machine['eventsourcing']}, "
        f"uvicorn {machine['uvicorn']}; load generator: {machine['wrk']}. Load average "
        f"(1/5/15 min) at start {machine['load_average_at_start']}, at end "
        f"{machine.get('load_average_at_end')}: other processes shared the machine.",
        "",
        "## Targets",
        "",
        *summary_rows(report["results"]),
        "",
        "## Scenarios",
        "",
    ]
    for result in report["results"]:
        lines += details(result)
    return "\n".join(lines) + "\n"

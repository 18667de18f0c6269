"""PNG plots, one per scenario: its headline figure per system and backend (bars), and the
latency percentiles of each system that has them (lines). matplotlib with the Agg backend."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

LATENCY_KEYS: tuple[tuple[str, str | None], ...] = (
    ("p50", "p50_ms"),
    ("p75", None),
    ("p90", None),
    ("p99", "p99_ms"),
    ("p99.9", None),
    ("max", "max_ms"),
)


def _latencies(figures: dict[str, Any]) -> dict[str, float]:
    found = {}
    for label, flat in LATENCY_KEYS:
        if "latency_ms" in figures and label in figures["latency_ms"]:
            found[label] = float(figures["latency_ms"][label])
        elif flat and isinstance(figures.get(flat), int | float):
            found[label] = float(figures[flat])
    return found


def plot(results: list[dict[str, Any]], directory: Path) -> list[Path]:
    """One `<scenario>.png` per scenario that has figures; the paths written."""
    try:
        import matplotlib
    except ImportError:  # the bench extra is not installed: the JSON and Markdown still are
        return []
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    by_scenario: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for result in results:
        if result["status"] == "ok":
            by_scenario[result["scenario"]].append(result)
    written = []
    for scenario, runs in by_scenario.items():
        fig, (bars, lines) = plt.subplots(1, 2, figsize=(12, 4.5))
        _bars(bars, runs)
        _lines(lines, runs)
        fig.suptitle(runs[0]["title"], fontsize=10)
        fig.tight_layout()
        path = directory / f"{scenario}.png"
        fig.savefig(path, dpi=100)
        plt.close(fig)
        written.append(path)
    return written


def _bars(ax: Any, runs: list[dict[str, Any]]) -> None:
    labels, values = [], []
    for run in runs:
        key = run["headline"]
        for system, figures in run["figures"].items():
            if isinstance(figures, dict) and isinstance(figures.get(key), int | float):
                labels.append(f"{system}\n{run['backend']}")
                values.append(float(figures[key]))
    colours = ["tab:blue" if label.startswith("stocksync") else "tab:gray" for label in labels]
    ax.bar(range(len(values)), values, color=colours)
    ax.set_xticks(range(len(values)), labels, fontsize=7)
    ax.set_ylabel(f"{runs[0]['headline']} ({runs[0]['unit']})")
    for n, value in enumerate(values):
        ax.annotate(
            f"{value:,.0f}" if value >= 100 else f"{value:.2f}",
            (n, value),
            ha="center",
            va="bottom",
            fontsize=7,
        )


def _lines(ax: Any, runs: list[dict[str, Any]]) -> None:
    plotted = False
    for run in runs:
        for system, figures in run["figures"].items():
            points = _latencies(figures) if isinstance(figures, dict) else {}
            if len(points) >= 2:
                ax.plot(
                    list(points),
                    list(points.values()),
                    marker="o",
                    label=f"{system} ({run['backend']})",
                )
                plotted = True
    if plotted:
        ax.set_yscale("log")
        ax.set_ylabel("latency (ms, log)")
        ax.set_xlabel("percentile")
        ax.legend(fontsize=7)
    else:
        ax.axis("off")

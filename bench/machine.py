"""The machine a run was measured on: cores, CPU model, memory, versions, and the load that
other processes put on it (the run's figures are only comparable within one run)."""

from __future__ import annotations

import os
import platform
import shutil
import sqlite3
import subprocess
from importlib.metadata import version
from pathlib import Path
from typing import Any

from bench import load
from bench.scratch import postgres_version


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory_mb() -> int:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) // 1024
    except OSError:
        pass
    return 0


def _wrk_version() -> str:
    if not shutil.which("wrk"):
        return "not installed (python -m bench.load used)"
    done = subprocess.run(["wrk", "-v"], capture_output=True, text=True)
    return (done.stdout + done.stderr).strip().splitlines()[0]


def load_average() -> list[float]:
    """1, 5 and 15-minute load averages."""
    return [round(x, 2) for x in os.getloadavg()]


def describe() -> dict[str, Any]:
    """Everything the report says about the machine."""
    return {
        "cores": os.cpu_count(),
        "cpu_model": _cpu_model(),
        "memory_mb": _memory_mb(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "postgresql": postgres_version(),
        "sqlite": sqlite3.sqlite_version,
        "eventsourcing": version("eventsourcing"),
        "uvicorn": version("uvicorn"),
        "fastapi": version("fastapi"),
        "load_generator": load.tool(),
        "wrk": _wrk_version(),
        "load_average_at_start": load_average(),
    }

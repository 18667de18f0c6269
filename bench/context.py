"""What every scenario gets: the sizes to run at and where to write logs."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path


@dataclass(frozen=True)
class Sizes:
    """How big and how long. FULL is `make bench`; TINY is the smoke test's (every scenario
    in seconds, asserting its invariants; its figures mean nothing)."""

    warm: int = 3  # seconds of load before each measured run (wrk takes whole seconds; 0: none)
    measure: int = 10  # seconds measured per system
    connections: int = 32
    spread_skus: int = 10_000
    spread_locations: int = 5
    appends_seconds: float = 8.0
    appends_threads: int = 32
    appends_skus: int = 500
    raw_batch: int = 500  # rows per transaction of the raw-insert baseline
    propagation_rate: int = 1000  # commands/s
    propagation_seconds: float = 10.0
    propagation_skus: int = 200
    nats_messages: int = 5000
    market_skus: int = 2000
    market_rate: float = 50.0  # the simulator's requests/s
    market_timeout: float = 300.0
    runner_seconds: float = 5.0  # how long the ProjectionRunner baseline is timed


FULL = Sizes()
TINY = replace(
    FULL,
    warm=0,
    measure=1,
    connections=4,
    spread_skus=20,
    appends_seconds=0.5,
    appends_threads=4,
    appends_skus=10,
    raw_batch=50,
    propagation_rate=50,
    propagation_seconds=1.0,
    propagation_skus=10,
    nats_messages=50,
    market_skus=10,
    market_rate=50.0,
    market_timeout=60.0,
    runner_seconds=0.5,
)


@dataclass(frozen=True)
class Context:
    """A run's sizes, log directory and backends."""

    sizes: Sizes
    log_dir: Path
    backends: tuple[str, ...] = ("postgres", "sqlite")

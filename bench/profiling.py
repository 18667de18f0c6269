"""cProfile around a block of a bench, in CPU time (the machine is shared: wall time would
count the other processes' turns)."""

from __future__ import annotations

import cProfile
import pstats
import time
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def profiled(top: int, order: str = "cumulative") -> Iterator[None]:
    """Profile the block when ``top`` > 0, then print its ``top`` functions by ``order``."""
    if top <= 0:
        yield
        return
    profiler = cProfile.Profile(time.process_time)
    profiler.enable()
    try:
        yield
    finally:
        profiler.disable()
        pstats.Stats(profiler).sort_stats(order).print_stats(top)

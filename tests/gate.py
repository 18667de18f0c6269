"""Holding the executor on a gate, so that the commands a test sends meanwhile queue up and are
taken as one batch."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

from application.aggregates import Aggregates
from application.command import Command, Decision, Outcome, decide
from application.executor import Executor
from domain.errors import InsufficientStock


@dataclass(frozen=True)
class Hold(Command):
    """A test's command that holds the executor until ``gate`` opens, then is refused."""

    holding: threading.Event = field(default_factory=threading.Event)
    gate: threading.Event = field(default_factory=threading.Event)


@decide.register
def _hold(command: Hold, seen: Aggregates) -> Decision:
    command.holding.set()
    command.gate.wait(10)
    raise InsufficientStock([])  # answered alone; writes nothing


def held(executor: Executor) -> Hold:
    """Hold the executor: the next commands wait in its queue until ``hold.gate.set()``."""
    hold = Hold()
    executor.submit(hold)
    assert hold.holding.wait(10), "the executor took the hold"
    return hold


def one_batch(executor: Executor, commands: list[Command]) -> list[Outcome | BaseException]:
    """Run the commands as one batch; each one's Outcome or error, in order."""
    hold = held(executor)
    futures = [executor.submit(command) for command in commands]
    batches = executor.batches
    hold.gate.set()
    results = [_result(f) for f in futures]
    assert executor.batches == batches + 1, "the commands were taken as one batch"
    return results


def one_batch_of_calls(executor: Executor, calls: list[Callable[[], Any]]) -> list[Any]:
    """Run blocking calls (each sending one command) in threads, taken as one batch."""
    hold = held(executor)
    results: list[Any] = [None] * len(calls)

    def run(i: int) -> None:
        try:
            results[i] = calls[i]()
        except Exception as exc:
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 10
    while executor.pending < len(calls) and time.monotonic() < deadline:
        time.sleep(0.005)
    batches = executor.batches
    hold.gate.set()
    for thread in threads:
        thread.join(10)
    assert executor.batches == batches + 1, "the calls were taken as one batch"
    return results


def _result(future: Future[Outcome]) -> Outcome | BaseException:
    try:
        return future.result(10)
    except Exception as exc:
        return exc

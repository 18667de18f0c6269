"""Measurement, not a check: the time from a command's HTTP response to an adapter-side
subscriber receiving the availability message, at a steady load. The figures (and any failed
command or missing message, which the other tests check for) are printed, never asserted.
The same measurement runs standalone: `.venv/bin/python -m bench.propagation`."""

from __future__ import annotations

import asyncio
import json

import pytest

from bench.propagation import measure, prepare
from tests.e2e.stack import Stack, ready
from tests.tokens import ADMIN

RATE = 50.0  # commands per second: below saturation, so it measures propagation, not queueing
SECONDS = 2.0  # `python -m bench.propagation` runs 10s at 200/s by default


def test_measurement_of_propagation_from_command_response_to_adapter_receipt(
    stack: Stack, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    service, api = stack.serve()
    ready([service])
    names = prepare(api.url, 50, ADMIN)
    result = asyncio.run(measure(api.url, stack.nats.url, names, RATE, SECONDS, headers=ADMIN))
    backend = database_url.split(":", 1)[0]
    with capsys.disabled():  # shown even when pytest captures output
        print(f"\npropagation ({backend}, {RATE:.0f} commands/s for {SECONDS:.0f}s):")
        print(json.dumps(result.summary()))
    assert result.samples_ms, result.errors  # something was measured; the figures are printed

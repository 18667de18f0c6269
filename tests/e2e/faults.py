"""Faults for end-to-end tests: kill -9 of a whole service (the process a test started and every
process it started in turn, such as `serve`'s views child, found through the process tree and
killed together, as in a crash), the backends a fault test runs on, and the stocked service the
fault tests start from."""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass

import psutil
import pytest

from tests import refs
from tests.e2e.clients import Command, resend
from tests.e2e.processes import Service
from tests.e2e.scenario import Channel
from tests.e2e.stack import Api, Stack


def kill_with_children(service: Service) -> list[int]:
    """SIGKILL the service's children, then the service, with nothing in between; return the
    children's pids once every one of them is gone."""
    children = psutil.Process(service.pid).children(recursive=True)
    for child in children:
        with contextlib.suppress(psutil.NoSuchProcess):  # it had exited already
            child.kill()
    service.kill()
    _, alive = psutil.wait_procs(children, timeout=10.0)
    assert not alive, f"still running after SIGKILL: {alive}"
    return [child.pid for child in children]


def fault_backends(default: str) -> pytest.MarkDecorator:
    """Run a fault test on the backends FAULT_BACKENDS names (`make faults`: sqlite,postgres),
    else on `default` alone: each run takes 10-30 s of both cores, and `make test` must stay
    short."""
    names = os.environ.get("FAULT_BACKENDS", default).split(",")
    return pytest.mark.parametrize("database_url", names, indirect=True)


@dataclass(frozen=True)
class Stocked:
    """A started service with three channels over two warehouses and six SKUs, each SKU-location
    stocked by a keyed receipt of 20 units."""

    service: Service
    api: Api
    skus: list[str]
    pairs: list[tuple[str, str]]
    channels: list[Channel]
    setup: list[Command]


def stocked(stack: Stack) -> Stocked:
    """Start `serve`, declare the channels and stock every SKU-location."""
    wh1, wh2 = refs.location(), refs.location()
    skus = [refs.sku() for _ in range(6)]
    pairs = [(sku, location) for sku in skus for location in (wh1, wh2)]
    service, api = stack.serve()
    service.wait_ready(60.0)
    channels = [
        Channel("web", "webhook", [wh1], {}),
        Channel("market", "amazon", [], {"max_listed": 40}),
        Channel("outlet", "shopee", [wh2], {"buffer": 2}),
    ]
    for channel in channels:
        channel.declare(api)
    setup = [Command(refs.key(), sku, location, 20) for sku, location in pairs]
    assert all(answer.accepted for answer in resend(api.url, setup).values())
    return Stocked(service, api, skus, pairs, channels, setup)

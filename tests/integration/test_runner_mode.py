"""With VIEW_FOLLOWER=runner, PostgreSQL views follow the log with the library's
ProjectionRunner (LISTEN/NOTIFY, one event per transaction) and end up as a rebuild would."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from application.channels import DeclareChannel
from application.movements import Receive
from application.reservations import Reserve
from domain.routing import Line
from interfaces.runtime.bootstrap import build
from interfaces.runtime.container import Container
from interfaces.runtime.settings import Settings
from projections.store import query
from tests import refs


@pytest.fixture
def runner_container(postgres_url: str) -> Iterator[Container]:
    settings = Settings(
        database_url=postgres_url, embedded_nats=False, view_follower="runner", views_process=False
    )
    container = build(settings)
    container.start()
    yield container
    container.stop()


def test_the_library_runner_keeps_the_views(runner_container: Container) -> None:
    executor = runner_container.executor
    sku, wh = refs.sku(), refs.location()
    executor.execute(DeclareChannel("shop", "shopify", [], {"buffer": 1}))
    executor.execute(Receive(sku, wh, 10, "PO"))
    outcome = executor.execute(
        Reserve(refs.reservation(), refs.order(), "shop", [Line(sku, 3)], None)
    )
    assert runner_container.runners, "the views run on ProjectionRunner"
    runner_container.wait_for("inventory", outcome.position, timeout=20)
    runner_container.wait_for("reservations", outcome.position, timeout=20)
    rows = query(
        runner_container.views["inventory"],
        "SELECT available FROM channel_availability WHERE channel = %s AND sku = %s",
        ("shop", sku),
    )
    assert [r["available"] for r in rows] == [10 - 3 - 1]

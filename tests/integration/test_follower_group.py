"""The views' shared follower: one transaction for every view, yet a view that fails stalls
only itself, and catches up once it is fixed."""

from __future__ import annotations

from typing import Any

import pytest

from application.movements import Receive
from interfaces.runtime.container import Container, ViewNotCaughtUp
from projections.chain import AuditChain
from projections.group import FollowerGroup
from projections.rebuild import rebuild_all
from tests import refs
from tests.integration.test_views import Workload, scripted, snapshot


def test_a_failing_view_stalls_alone(container: Container, monkeypatch: pytest.MonkeyPatch) -> None:
    broken = container.views["event_log"].model

    def fail(*_: Any) -> None:
        raise RuntimeError("a bad event for this view")

    monkeypatch.setattr(broken, "apply", fail)
    container.start_views()
    try:
        assert [type(w) for w in container.workers] == [FollowerGroup]
        outcome = container.executor.execute(Receive(refs.sku(), refs.location(), 2, None))
        for name in ("inventory", "reservations", "audit_chain"):
            container.wait_for(name, outcome.position, timeout=30)
        with pytest.raises(ViewNotCaughtUp):
            container.wait_for("event_log", outcome.position, timeout=0.5)

        monkeypatch.undo()
        container.wait_for("event_log", outcome.position, timeout=30)
    finally:
        container.stop()


def test_rebuilding_every_view_together_equals_the_live_views(container: Container) -> None:
    container.start_views()
    run = Workload(container.ledger, container.executor)
    run.declare_channels()
    run.run(scripted() + scripted(), lambda: None)
    end = container.ledger.recorder.max_notification_id() or 0
    names = list(container.views)
    for name in names:
        container.wait_for(name, end, timeout=30)
    live = {name: snapshot(container.views[name]) for name in names}
    for worker in container.workers:
        worker.stop()

    replayed = rebuild_all(container.ledger, [container.views[name] for name in names])
    assert replayed == end
    for name, tables in live.items():
        rebuilt = snapshot(container.views[name])
        for table in ("audit_chain",) if name == AuditChain.name else tables:
            assert rebuilt[table] == tables[table], (name, table)

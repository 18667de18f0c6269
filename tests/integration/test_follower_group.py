"""The views' shared follower: one transaction for every view, yet a view that fails stalls
only itself, and catches up once it is fixed."""

from __future__ import annotations

from typing import Any

import pytest

from interfaces.bootstrap import Container, ViewNotCaughtUp
from projections.group import FollowerGroup
from tests import refs


def test_a_failing_view_stalls_alone(container: Container, monkeypatch: pytest.MonkeyPatch) -> None:
    broken = container.views["event_log"].model

    def fail(*_: Any) -> None:
        raise RuntimeError("a bad event for this view")

    monkeypatch.setattr(broken, "apply", fail)
    container.start_views()
    try:
        assert [type(w) for w in container.workers] == [FollowerGroup]
        outcome = container.ledger.receive(refs.sku(), refs.location(), 2, None, None)
        for name in ("inventory", "reservations", "audit_chain"):
            container.wait_for(name, outcome.position, timeout=30)
        with pytest.raises(ViewNotCaughtUp):
            container.wait_for("event_log", outcome.position, timeout=0.5)

        monkeypatch.undo()
        container.wait_for("event_log", outcome.position, timeout=30)
    finally:
        container.stop()

"""`serve`'s views process: the followers run in a child process, woken through a pipe after
each commit, restarted when they die, and stopped with the service."""

from __future__ import annotations

import os
import signal
import time

from application.movements import Receive
from interfaces.runtime.bootstrap import build
from interfaces.runtime.settings import Settings
from tests import refs


def test_the_views_process_keeps_views_current_and_survives_a_kill(settings: Settings) -> None:
    container = build(settings.model_copy(update={"views_process": True}))
    container.start()
    try:
        child = container.views_process
        assert child is not None and child.process is not None
        sku, location = refs.sku(), refs.location()
        first = container.executor.execute(Receive(sku, location, 3, None))
        container.wait_for("inventory", first.position, timeout=30)
        assert container.followers["reservations"].position >= first.position

        killed = child.process.pid
        os.kill(killed, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while child.process.pid == killed and time.monotonic() < deadline:
            time.sleep(0.05)
        assert child.process.pid != killed, "a new views process was started"

        second = container.executor.execute(Receive(sku, location, 4, None))
        container.wait_for("inventory", second.position, timeout=30)
        container.wait_for("audit_chain", second.position, timeout=30)
    finally:
        container.stop()
    assert child.process.poll() is not None, "the views process stopped with the service"

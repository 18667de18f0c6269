"""Waking in-process workers when another process wrote: PostgreSQL LISTEN/NOTIFY."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import psycopg

log = logging.getLogger(__name__)


def listen(
    conninfo: str, channel: str, wake: Callable[[], None], stopping: threading.Event
) -> threading.Thread:
    """Call ``wake`` on every NOTIFY of ``channel`` until ``stopping`` is set (reconnecting)."""

    def run() -> None:
        while not stopping.is_set():
            try:
                with psycopg.connect(conninfo, autocommit=True) as conn:
                    conn.execute(f"LISTEN {channel}")
                    while not stopping.is_set():
                        for _ in conn.notifies(timeout=0.5, stop_after=1):
                            wake()
            except psycopg.Error as exc:
                log.warning("LISTEN %s lost (%s); reconnecting", channel, exc)
                stopping.wait(1.0)

    thread = threading.Thread(target=run, name=f"listen-{channel}", daemon=True)
    thread.start()
    return thread

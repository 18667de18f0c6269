"""The embedded nats-server's log: what it wrote since a point, and waiting for its answer."""

from __future__ import annotations

import time
from pathlib import Path

from interfaces.messaging.errors import NatsServerError


class ServerLog:
    """One log file that the server appends to (across restarts)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def size(self) -> int:
        """Where the next line will start: what is written from now on comes after it."""
        return self.path.stat().st_size if self.path.exists() else 0

    def since(self, offset: int) -> str:
        """Everything written after `offset`."""
        return self.path.read_bytes()[offset:].decode(errors="replace")

    def tail(self, offset: int, size: int = 2000) -> str:
        """The end of what was written after `offset`, for an error message."""
        return self.since(offset)[-size:].strip() or "(no output)"

    def wait_for(self, offset: int, done: str, failed: str, timeout: float) -> None:
        """Return once a line containing `done` follows `offset`; NatsServerError when one
        containing `failed` does, or when neither does within `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self.since(offset)
            if done in text:
                return
            if failed in text:
                raise NatsServerError(f"nats-server: {self.tail(offset)}")
            time.sleep(0.01)
        raise NatsServerError(f"nats-server did not log {done!r} within {timeout}s")

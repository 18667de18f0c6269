"""Running a simulator: blocking (the CLI) or on a background thread (tests, demos)."""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections.abc import Callable
from types import TracebackType

import uvicorn

from interfaces.channels.simulator.app import create_app

log = logging.getLogger(__name__)


def simulate(
    kind: str,
    port: int,
    host: str = "127.0.0.1",
    *,
    secrets: dict[str, str],
    rate_limit: float,
    burst: int | None = None,
) -> None:
    """Serve a simulated marketplace of `kind` until interrupted."""
    app = create_app(kind, secrets, rate_limit, burst)
    log.info("simulating %s at http://%s:%d (%s requests/s)", kind, host, port, rate_limit)
    uvicorn.run(app, host=host, port=port, log_level="info")


class Running:
    """A simulator served on a background thread; `url` is its base URL."""

    def __init__(self, server: uvicorn.Server, sock: socket.socket) -> None:
        host, port = sock.getsockname()[:2]
        self.url = f"http://{host}:{port}"
        self._server = server
        self._thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 10
        while not server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"the simulator at {self.url} did not start")
            time.sleep(0.01)

    def stop(self) -> None:
        """Stop serving and wait for the thread."""
        self._server.should_exit = True
        self._thread.join(timeout=10)

    def __enter__(self) -> Running:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()


def start(
    kind: str,
    *,
    secrets: dict[str, str],
    rate_limit: float,
    burst: int | None = None,
    host: str = "127.0.0.1",
    port: int = 0,
    clock: Callable[[], float] = time.time,
    retry_delay: float = 1.0,
) -> Running:
    """Start a simulator on a background thread, on `port` (0: a free one)."""
    app = create_app(kind, secrets, rate_limit, burst, clock, retry_delay)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    config = uvicorn.Config(app, log_level="warning", lifespan="off")
    return Running(uvicorn.Server(config), sock)

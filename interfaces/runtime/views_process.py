"""The views' process: `serve` runs the view followers and the reactor in a child process
(`stocksync follow`), so that applying views and publishing to NATS use the second core instead
of taking the GIL from the HTTP loop and the group-commit executor.

The parent writes a byte to a pipe after each commit and the child wakes its followers on it
(SQLite has no LISTEN/NOTIFY; on PostgreSQL the child also listens, for other processes'
writes). When the parent dies, even by kill -9, the pipe closes and the child stops; when the
child dies, the parent starts another.
"""

from __future__ import annotations

import contextlib
import logging
import os
import select
import subprocess
import sys
import threading
from collections.abc import Callable, Mapping

from interfaces.runtime.processes import stop_child
from interfaces.runtime.settings import Settings

log = logging.getLogger(__name__)
RESTART_PAUSE = 1.0  # seconds before a crashed child is started again


class ViewsProcess:
    """Starts, wakes, supervises and stops the `stocksync follow` child."""

    def __init__(self, env: Mapping[str, str]) -> None:
        self.env = dict(env)
        self.process: subprocess.Popen[bytes] | None = None
        self._wake_fd: int | None = None
        self._stopping = threading.Event()
        self._pipe_lock = threading.Lock()  # a closed fd's number may be reused at once
        self._supervisor: threading.Thread | None = None

    def start(self, timeout: float = 60.0) -> None:
        """Start the child, wait until it follows the log (so that a service answering its
        first requests also publishes their effects), and supervise it."""
        ready = self._spawn()
        try:
            if not select.select([ready], [], [], timeout)[0] or not os.read(ready, 1):
                log.error("views process not ready after %ss; serving anyway", timeout)
        finally:
            os.close(ready)
        self._supervisor = threading.Thread(target=self._supervise, name="views-process")
        self._supervisor.daemon = True
        self._supervisor.start()

    def wake(self, _position: int = 0) -> None:
        """Something was committed: wake the child's followers (never blocks)."""
        # A full pipe means the child has wake-ups pending already; a closed one, that it is
        # being restarted (it catches up from its tracked positions either way).
        with self._pipe_lock, contextlib.suppress(OSError):
            if self._wake_fd is not None:
                os.write(self._wake_fd, b".")

    def stop(self, timeout: float = 15.0) -> None:
        """Close the pipe and SIGTERM the child (it finishes its batch and exits), then wait
        for it; SIGKILL after ``timeout`` seconds."""
        self._stopping.set()
        self._close_pipe()
        if self.process is not None:
            stop_child(self.process, timeout)
        if self._supervisor is not None:
            self._supervisor.join(timeout=5)

    def _spawn(self) -> int:
        # Two pipes: wake-ups to the child, and one byte back once it follows (its read end
        # is returned; a child that dies first closes it).
        read_fd, write_fd = os.pipe()
        os.set_blocking(write_fd, False)
        ready_read, ready_write = os.pipe()
        args = [sys.executable, "-m", "interfaces.cli", "follow"]
        args += ["--wake-fd", str(read_fd), "--ready-fd", str(ready_write)]
        try:
            self.process = subprocess.Popen(args, env=self.env, pass_fds=(read_fd, ready_write))
        finally:
            os.close(read_fd)
            os.close(ready_write)
        with self._pipe_lock:
            self._wake_fd = write_fd
        log.info("views process started (pid %s)", self.process.pid)
        return ready_read

    def _supervise(self) -> None:
        while not self._stopping.is_set():
            assert self.process is not None
            code = self.process.wait()
            if self._stopping.is_set():
                return
            log.error("views process exited with %s; starting another", code)
            self._close_pipe()
            if self._stopping.wait(RESTART_PAUSE):
                return
            os.close(self._spawn())  # nobody waits for a restarted child

    def _close_pipe(self) -> None:
        with self._pipe_lock:
            fd, self._wake_fd = self._wake_fd, None
            if fd is not None:
                with contextlib.suppress(OSError):
                    os.close(fd)


def wait_for_parent(wake_fd: int, wake: Callable[[], None], gone: threading.Event) -> None:
    """In the child: call `wake` on every read from the parent's pipe, and set `gone` when it
    closes (the parent stopped or died)."""

    def read() -> None:
        with contextlib.suppress(OSError):
            while os.read(wake_fd, 4096):
                wake()
        gone.set()

    threading.Thread(target=read, name="parent-pipe", daemon=True).start()


def child_env(settings: Settings, nats_url: str | None) -> dict[str, str]:
    """The environment of `stocksync follow`: these settings, and this process's NATS server
    (never another embedded one)."""
    env = {**os.environ, **settings.as_env()}
    env.update(EMBEDDED_NATS="false", VIEWS_PROCESS="false")
    env.pop("NATS_URL", None)
    if nats_url is not None:
        env["NATS_URL"] = nats_url
    return env

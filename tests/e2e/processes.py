"""Real processes for end-to-end tests: start a child, wait until it is ready, stop it.

A `Service` is one child process (the `stocksync` console script, usually) with its output in a
log file; `stop()` sends SIGTERM and kills after a timeout, `kill()` is a kill -9. `Processes`
remembers every child it started so a fixture can stop them all, even when a test fails.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TypeVar

import httpx

from interfaces.messaging.host import free_port as _free_port
from interfaces.runtime.processes import stop_child

T = TypeVar("T")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    return _free_port("127.0.0.1")


def stocksync_command() -> str:
    """The `stocksync` console script of the interpreter running the tests."""
    beside = Path(sys.executable).parent / "stocksync"
    found = str(beside) if beside.exists() else shutil.which("stocksync")
    if found is None:
        raise RuntimeError("the stocksync console script is not installed")
    return found


def eventually(
    check: Callable[[], T],
    timeout: float = 30.0,
    interval: float = 0.1,
    what: str = "condition",
) -> T:
    """Call `check` until it returns without an AssertionError (or an HTTP error) and return
    its value; after `timeout` seconds, raise the last failure."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return check()
        except (AssertionError, httpx.HTTPError) as exc:
            if time.monotonic() >= deadline:
                raise AssertionError(f"{what} not met within {timeout}s: {exc}") from exc
        time.sleep(interval)


class Service:
    """One child process, logging to `{log_dir}/{name}.log`."""

    def __init__(
        self,
        name: str,
        args: Sequence[str],
        env: Mapping[str, str],
        log_dir: Path,
        cwd: Path | None = None,
        health_url: str | None = None,
        ready_text: str | None = None,
    ) -> None:
        self.name = name
        self.args = list(args)
        self.env = dict(env)
        self.log_file = log_dir / f"{name}.log"
        self.cwd = cwd or log_dir
        self.health_url = health_url
        self.ready_text = ready_text
        self._process: subprocess.Popen[bytes] | None = None
        self._offset = 0

    @property
    def pid(self) -> int:
        """The child's process id."""
        if self._process is None:
            raise RuntimeError(f"{self.name} is not running")
        return self._process.pid

    @property
    def running(self) -> bool:
        """True while the child has not exited."""
        return self._process is not None and self._process.poll() is None

    def start(self) -> Service:
        """Start the child (its readiness is checked by `wait_ready`)."""
        self.log_file.parent.mkdir(parents=True, exist_ok=True)
        self._offset = self.log_file.stat().st_size if self.log_file.exists() else 0
        with self.log_file.open("ab") as out:
            self._process = subprocess.Popen(
                self.args, env=self.env, cwd=self.cwd, stdout=out, stderr=subprocess.STDOUT
            )
        return self

    def wait_ready(self, timeout: float = 30.0) -> Service:
        """Wait until the health URL answers 200 or the log shows `ready_text`."""
        deadline = time.monotonic() + timeout
        while not self._ready():
            if not self.running:
                raise RuntimeError(f"{self.name} exited during start-up:\n{self.log_tail()}")
            if time.monotonic() >= deadline:
                raise RuntimeError(f"{self.name} not ready in {timeout}s:\n{self.log_tail()}")
            time.sleep(0.05)
        return self

    def terminate(self) -> None:
        """Send SIGTERM (a clean stop), without waiting."""
        if self.running:
            assert self._process is not None
            self._process.send_signal(signal.SIGTERM)

    def stop(self, timeout: float = 10.0) -> int | None:
        """SIGTERM, then SIGKILL after `timeout` seconds; the exit code (None if never run)."""
        process, self._process = self._process, None
        if process is None:
            return None
        return stop_child(process, timeout)

    def kill(self) -> None:
        """kill -9: no clean-up of any kind, as in a crash."""
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
            process.wait()

    def log_text(self) -> str:
        """What the child wrote since its last start."""
        if not self.log_file.exists():
            return ""
        return self.log_file.read_bytes()[self._offset :].decode(errors="replace")

    def log_tail(self, size: int = 4000) -> str:
        """The end of what the child wrote since its last start."""
        return self.log_text()[-size:].strip() or "(no output)"

    def _ready(self) -> bool:
        if self.health_url is not None:
            try:
                return httpx.get(self.health_url, timeout=1.0).status_code == 200
            except httpx.HTTPError:
                return False
        if self.ready_text is not None:
            return self.ready_text in self.log_text()
        return True


class Processes:
    """Every child a test started, stopped in reverse order by `stop_all`."""

    def __init__(self, log_dir: Path, env: Mapping[str, str]) -> None:
        self.log_dir = log_dir
        self.env = dict(env)
        self.started: list[Service] = []

    def spawn(
        self,
        name: str,
        args: Sequence[str],
        env: Mapping[str, str] | None = None,
        health_url: str | None = None,
        ready_text: str | None = None,
    ) -> Service:
        """Start a child with the common environment plus `env` (not waiting for it)."""
        service = Service(
            name,
            args,
            {**self.env, **(env or {})},
            self.log_dir,
            health_url=health_url,
            ready_text=ready_text,
        )
        self.started.append(service)
        return service.start()

    def stop_all(self) -> None:
        """Stop every child still running: SIGTERM to all at once, then wait for each."""
        for service in reversed(self.started):
            service.terminate()
        for service in reversed(self.started):
            service.stop()

    def report(self) -> str:
        """The log tails of every child, for a failed test's output."""
        return "\n\n".join(f"== {s.name} ==\n{s.log_tail(2500)}" for s in self.started)

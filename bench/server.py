"""HTTP servers under test, each its own process: `stocksync serve`, the uvicorn baselines,
marketplace simulators and channel adapters.

Every server runs with the same uvicorn settings: one process (stocksync's group-commit writer
lives in its process), uvloop + httptools (uvicorn[standard] picks them), no access log.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

import httpx

from bench.token import ENV as TOKEN_ENV
from interfaces.messaging.embedded import EmbeddedNats
from interfaces.messaging.host import free_port
from interfaces.runtime.processes import stop_child

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
UVICORN_FLAGS = ("--no-access-log", "--log-level", "info")


def stocksync(*args: str) -> list[str]:
    """The `stocksync` console script of this interpreter, with arguments."""
    return [str(BIN / "stocksync"), *args]


class Server:
    """One child process serving HTTP on 127.0.0.1:`port`, logging to `log_dir/name.log`."""

    def __init__(
        self,
        name: str,
        args: Sequence[str],
        log_dir: Path,
        env: Mapping[str, str] | None = None,
        port: int | None = None,
        health: str | None = "/healthz",
        ready_text: str | None = None,
    ) -> None:
        self.name = name
        self.port = port or free_port("127.0.0.1")
        self.url = f"http://127.0.0.1:{self.port}"
        self.args = [a.replace("{port}", str(self.port)) for a in args]
        self.env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
        self.log_file = log_dir / f"{name}.log"
        self.health = health
        self.ready_text = ready_text
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 60.0) -> Server:
        """Start the child and wait until its health URL answers 200 (or its log shows
        `ready_text`)."""
        self.log_file.parent.mkdir(parents=True, exist_ok=True)
        with self.log_file.open("ab") as out:
            self.process = subprocess.Popen(
                self.args, env=self.env, cwd=self.log_file.parent, stdout=out, stderr=out
            )
        deadline = time.monotonic() + timeout
        while not self._healthy():
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited during start-up:\n{self.log_tail()}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"{self.name} not ready in {timeout}s:\n{self.log_tail()}")
            time.sleep(0.1)
        return self

    def _healthy(self) -> bool:
        if self.ready_text is not None:
            return self.ready_text in self.log_tail(100_000)
        if self.health is None:
            return True
        try:
            return httpx.get(self.url + self.health, timeout=2.0).status_code == 200
        except httpx.HTTPError:
            return False

    def rss_mb(self) -> float:
        """The child's resident set size in MB (0 when it is not running)."""
        if self.process is None or self.process.poll() is not None:
            return 0.0
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
        return 0.0

    def stop(self, timeout: float = 15.0) -> None:
        """SIGTERM this child (by its pid), SIGKILL after `timeout` seconds."""
        process, self.process = self.process, None
        if process is not None:
            stop_child(process, timeout)

    def log_tail(self, size: int = 3000) -> str:
        """The end of what the child wrote."""
        if not self.log_file.exists():
            return "(no output)"
        return self.log_file.read_text(errors="replace")[-size:]

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()


def service(log_dir: Path, database_url: str, nats_url: str, name: str = "stocksync") -> Server:
    """`stocksync serve` on a free port, as the CLI runs it (plus --no-access-log), accepting
    the bench's token."""
    env = {"DATABASE_URL": database_url, "NATS_URL": nats_url, **TOKEN_ENV}
    args = stocksync("serve", "--host", "127.0.0.1", "--port", "{port}", "--no-access-log")
    return Server(name, args, log_dir, env)


def baseline(log_dir: Path, factory: str, database_url: str | None = None) -> Server:
    """A baseline app of bench/baselines.py under uvicorn, with the service's settings."""
    env = {"BENCH_DATABASE_URL": database_url} if database_url else {}
    args = [sys.executable, "-m", "uvicorn", "--factory", f"bench.baselines:{factory}"]
    args += ["--host", "127.0.0.1", "--port", "{port}", *UVICORN_FLAGS]
    return Server(factory.removesuffix("_app"), args, log_dir, env)


@contextmanager
def nats_server(log_dir: Path) -> Iterator[str]:
    """A nats-server of our own (free port, temporary JetStream store) for one scenario, so
    that no Msg-Id of an earlier scenario's log is taken as a duplicate; yields its URL."""
    with tempfile.TemporaryDirectory(prefix="stocksync-bench-nats-") as store:
        server = EmbeddedNats(Path(store), port=free_port("127.0.0.1"))
        url = server.start()
        try:
            yield url
        finally:
            server.stop()
            log_dir.mkdir(parents=True, exist_ok=True)
            if server.log_file.exists():
                (log_dir / "nats-server.log").write_bytes(server.log_file.read_bytes())

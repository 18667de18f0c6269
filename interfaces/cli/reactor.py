"""`stocksync reactor run`: the reactor alone, for scale."""

from __future__ import annotations

import threading

import typer

from interfaces.cli.serve import configure_logging, run_until_stopped
from interfaces.runtime.bootstrap import build
from interfaces.runtime.settings import Settings

reactor_cli = typer.Typer(help="The reactor: publishes availability changes and events to NATS.")


@reactor_cli.command("run")
def run_reactor() -> None:
    """Run the reactor alone (for scale; pair it with `serve --no-reactor`). It publishes the
    outbox that the service's views write, and stops on Ctrl-C."""
    configure_logging()
    settings = Settings()
    if settings.nats_url is None:
        raise typer.BadParameter("set NATS_URL to the server the service uses (GET /healthz)")
    container = build(settings)
    container.start_messaging(reactor=True, confirmations=False)
    run_until_stopped(container, threading.Event())

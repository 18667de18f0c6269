"""`stocksync adapter run`: push one channel's availability to its marketplace."""

from __future__ import annotations

import asyncio

import typer

from domain.errors import StockError
from interfaces.channels.process import serve_adapter
from interfaces.channels.setup import AdapterConfigError
from interfaces.cli.serve import configure_logging
from interfaces.messaging.errors import LoginRefused
from interfaces.runtime.settings import Settings

adapter_cli = typer.Typer(help="Channel adapters: push availability to a marketplace.")


@adapter_cli.command("run")
def run_adapter(channel: str = typer.Option(..., help="the channel whose adapter to run")) -> None:
    """Push the channel's availability changes to its marketplace, within its rate limit, and
    confirm each push. Needs NATS_URL, the channel's NATS user (NATS_USER and NATS_PASSWORD, or
    nats://USER:PASSWORD@host:port; from POST /v1/channels/{channel}/nats-credentials) and the
    environment variables the channel's connection names for its secrets."""
    configure_logging()
    settings = Settings()
    if settings.nats_url is None:
        raise typer.BadParameter("set NATS_URL to the server the service uses (GET /healthz)")
    try:
        asyncio.run(serve_adapter(channel, settings))
    except (AdapterConfigError, StockError) as exc:
        raise typer.BadParameter(str(exc)) from exc
    except LoginRefused as exc:
        typer.echo(f"{exc}: get the channel's credentials again (nats-credentials)", err=True)
        raise typer.Exit(1) from exc

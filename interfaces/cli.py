"""The `stocksync` console script."""

from __future__ import annotations

import logging

import typer
import uvicorn

from interfaces.bootstrap import build
from interfaces.http.app import create_app

cli = typer.Typer(help="stocksync: real-time inventory synchronization.", no_args_is_help=True)


@cli.callback()
def _root() -> None:
    """stocksync: real-time inventory synchronization."""


@cli.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="interface to listen on"),
    port: int = typer.Option(8000, help="HTTP port"),
) -> None:
    """Start the service: HTTP API, view followers and the expiry sweeper."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    app = create_app(build())
    uvicorn.run(app, host=host, port=port, log_level="info")


def main() -> None:
    """Entry point of the console script."""
    cli()

"""The `stocksync` console script."""

from __future__ import annotations

import logging
from functools import partial

import typer
import uvicorn
from rich.progress import Progress

from interfaces.bootstrap import build
from interfaces.http.app import create_app
from projections.rebuild import UnknownView, rebuild, view_name

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
    with Progress() as bar:
        for view in names:
            task = bar.add_task(f"rebuilding {view}", total=total)
            count = rebuild(container.ledger, container.views[view], partial(bar.advance, task))
            bar.update(task, completed=total)
            bar.console.print(f"{view}: replayed {count} events")
    container.ledger.close()


def main() -> None:
    """Entry point of the console script."""
    cli()

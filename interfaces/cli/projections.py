"""`stocksync projections`: rebuild the read models from the event log."""

from __future__ import annotations

from functools import partial

import typer
from rich.progress import Progress

from interfaces.runtime.bootstrap import build
from projections.rebuild import UnknownView, rebuild_all, view_name

projections_cli = typer.Typer(help="Read models: rebuild them from the event log.")


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

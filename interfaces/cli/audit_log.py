"""`stocksync audit log`: the global event log, filtered, as a table, JSON lines or CSV."""

from __future__ import annotations

import sys
import time
from datetime import datetime
from typing import Annotated

import typer
from eventsourcing.persistence import IntegrityError, OperationalError

from interfaces.audit.log_format import WRITERS, Format
from interfaces.runtime.bootstrap import build
from projections.cursor import utc
from projections.event_query import LogFilter, entries
from projections.follower import Follower

FilterOption = Annotated[str | None, typer.Option(show_default=False)]
CATCH_UP_ATTEMPTS = 10


def log(
    sku: FilterOption = None,
    location: FilterOption = None,
    event_type: Annotated[
        str | None,
        typer.Option("--type", help="Received, or StockItem.Received", show_default=False),
    ] = None,
    channel: FilterOption = None,
    reservation_id: FilterOption = None,
    order_id: FilterOption = None,
    transfer_id: FilterOption = None,
    reference: FilterOption = None,
    since: Annotated[
        str | None, typer.Option("--from", help="ISO-8601, inclusive (UTC if no offset)")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--to", help="ISO-8601, exclusive (UTC if no offset)")
    ] = None,
    after: Annotated[int, typer.Option(min=0, help="start after this log position")] = 0,
    limit: Annotated[
        int | None, typer.Option(min=1, help="print at most this many events", show_default=False)
    ] = None,
    output: Annotated[Format, typer.Option("--format", help="how to print")] = Format.TABLE,
) -> None:
    """Print the global event log in order, filtered (filters combine with AND).

    The log view is brought up to the end of the log first."""
    try:
        where = LogFilter(
            sku=sku,
            location=location,
            channel=channel,
            reservation_id=reservation_id,
            order_id=order_id,
            transfer_id=transfer_id,
            type=event_type,
            reference=reference,
            since=moment(since, "--from"),
            until=moment(until, "--to"),
        )
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--from/--to") from exc
    container = build()
    try:
        catch_up(container.followers["event_log"])
        WRITERS[output](entries(container.views["event_log"], where, after, limit), sys.stdout)
    finally:
        container.stop()


def moment(value: str | None, option: str) -> datetime | None:
    """An ISO-8601 option value in UTC (UTC when it has no offset)."""
    if value is None:
        return None
    try:
        return utc(datetime.fromisoformat(value))
    except (ValueError, OverflowError) as exc:
        raise typer.BadParameter(f"{value!r} is not an ISO-8601 moment", param_hint=option) from exc


def catch_up(follower: Follower) -> None:
    """Apply the log up to its end, even while a running service follows the same view.

    Each batch commits with its position or not at all. A batch the service applied first
    fails here (IntegrityError), and SQLite refuses a write after another process's commit
    (OperationalError: database is locked); either way, we go on from the stored position."""
    for attempt in range(CATCH_UP_ATTEMPTS):
        try:
            follower.catch_up()
            return
        except (IntegrityError, OperationalError):
            if attempt == CATCH_UP_ATTEMPTS - 1:
                raise
            time.sleep(min(1.0, 0.02 * 2**attempt))

"""`stocksync audit`: what auditors ask of the ledger, from the command line."""

from __future__ import annotations

import json
import sys
import time
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Annotated, cast

import typer
from eventsourcing.persistence import IntegrityError, OperationalError
from rich.console import Console
from rich.progress import Progress

from interfaces import audit_export, chain_report
from interfaces.audit_export import ExportFormat
from interfaces.bootstrap import build
from interfaces.log_format import WRITERS, Format
from projections import verification
from projections.chain import AuditChain
from projections.chain_verification import StoredLog, verify_chain
from projections.cursor import utc
from projections.event_query import LogFilter, entries
from projections.follower import Follower

audit_cli = typer.Typer(help="Audit: the global event log.", no_args_is_help=True)

FilterOption = Annotated[str | None, typer.Option(show_default=False)]
CATCH_UP_ATTEMPTS = 10


@audit_cli.command("log")
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


# --- the tamper-evident chain and exports ------------------------------------------------------

JsonOption = Annotated[bool, typer.Option("--json", help="print a machine-readable report")]


@audit_cli.command("verify")
def verify(
    chain: Annotated[
        bool, typer.Option("--chain", help="recompute the hash chain from the stored events")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Verify the ledger: replay the log into scratch copies of the views and compare them with
    the live ones. With --chain: recompute the audit chain from the stored events instead, and
    name each event altered, removed, inserted or reordered since it was chained, the first
    one first. Exits 1 on any finding."""
    if not chain:
        return verify_views(as_json)
    container = build()
    try:
        log = cast(StoredLog, container.ledger.recorder)
        report = verify_chain(log, container.views[AuditChain.name])
    finally:
        container.stop()
    if as_json:
        sys.stdout.write(json.dumps(report.as_dict()) + "\n")
    else:
        chain_report.chain(report, Console(soft_wrap=True))
    if not report.ok:
        raise typer.Exit(1)


def verify_views(as_json: bool) -> None:
    """Replay the whole log into scratch views and compare them with the live ones."""
    container = build()
    try:
        report = verification.verify(container.ledger, container.views, catch_up)
    finally:
        container.stop()
    if as_json:
        sys.stdout.write(json.dumps(report.as_dict(), default=str) + "\n")
    else:
        chain_report.views(report, Console(soft_wrap=True))
    if not report.ok:
        raise typer.Exit(1)


@audit_cli.command("export")
def export(
    out: Annotated[Path, typer.Option("--out", help="the file to write (.jsonl or .csv)")],
    since: Annotated[
        str | None, typer.Option("--from", help="ISO-8601, inclusive (UTC if no offset)")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--to", help="ISO-8601, exclusive (UTC if no offset)")
    ] = None,
    file_format: Annotated[
        ExportFormat | None,
        typer.Option("--format", help="default: csv for a .csv file, else jsonl"),
    ] = None,
) -> None:
    """Write the stored events of a period with their chain hashes, for `audit check`. The
    chain is brought up to the end of the log first."""
    period = (moment(since, "--from"), moment(until, "--to"))
    container = build()
    try:
        catch_up(container.followers[AuditChain.name])
        ledger, view = container.ledger, container.views[AuditChain.name]
        occurred = audit_export.occurred_by(ledger.mapper)
        fmt = audit_export.infer_format(out, file_format)
        with out.open("w", newline="", encoding="utf-8") as file, Progress() as bar:
            task = bar.add_task("exporting", total=ledger.recorder.max_notification_id() or 0)
            summary = audit_export.export(
                cast(StoredLog, ledger.recorder),
                view,
                file,
                fmt,
                period,
                occurred,
                partial(bar.advance, task),
            )
        chain_report.exported(summary, str(out), Console(soft_wrap=True))
    finally:
        container.stop()


@audit_cli.command("check")
def check(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="an audit export")],
    as_json: JsonOption = False,
) -> None:
    """Verify an export offline, from the file alone (no database): every hash must follow
    from the one before it. Names the first bad line and exits 1."""
    report = audit_export.check(file)
    if as_json:
        sys.stdout.write(json.dumps(report.as_dict()) + "\n")
    else:
        chain_report.checked(report, Console(soft_wrap=True))
    if not report.ok:
        raise typer.Exit(1)

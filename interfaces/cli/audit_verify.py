"""`stocksync audit verify|export|check`: replay and chain verification, and exports an
auditor checks alone."""

from __future__ import annotations

import json
import sys
from functools import partial
from pathlib import Path
from typing import Annotated, cast

import typer
from rich.console import Console
from rich.progress import Progress

from interfaces.audit import export as audit_export
from interfaces.audit import report as chain_report
from interfaces.audit.check import check as check_export
from interfaces.audit.format import ExportFormat, infer_format
from interfaces.cli.audit_log import catch_up, moment
from interfaces.runtime.bootstrap import build
from projections import verification
from projections.chain import AuditChain
from projections.chain_verification import StoredLog, verify_chain

JsonOption = Annotated[bool, typer.Option("--json", help="print a machine-readable report")]


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
        fmt = infer_format(out, file_format)
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


def check(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="an audit export")],
    as_json: JsonOption = False,
) -> None:
    """Verify an export offline, from the file alone (no database): every hash must follow
    from the one before it. Names the first bad line and exits 1."""
    report = check_export(file)
    if as_json:
        sys.stdout.write(json.dumps(report.as_dict()) + "\n")
    else:
        chain_report.checked(report, Console(soft_wrap=True))
    if not report.ok:
        raise typer.Exit(1)

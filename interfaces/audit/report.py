"""The audit chain's reports on a terminal: `audit verify --chain` and `audit check`."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from interfaces.audit.check import CheckReport
from interfaces.audit.export import ExportSummary
from projections.chain_verification import ChainReport
from projections.verification import Report as VerificationReport


def chain(report: ChainReport, console: Console) -> None:
    """A summary line, then one row per finding (the first is the earliest)."""
    console.print(
        f"audit chain ({report.canonical}): {report.checked} chained events checked up to "
        f"position {report.tip}, {report.checkpoints} checkpoints, "
        f"{report.unchained} events not chained yet"
    )
    if report.unchained:
        console.print(
            f"[yellow]{report.unchained} events after position {report.tip} are not chained "
            "yet: the running service chains them (so does `audit export`)[/yellow]"
        )
    if report.ok:
        console.print("[green]0 findings: the log is as it was chained[/green]")
        return
    first = report.findings[0]
    console.print(
        f"[red]first finding: position {first.position} was {first.kind}[/red]"
        + (f" ({first.originator_id} v{first.originator_version})" if first.originator_id else "")
    )
    grid = Table("position", "kind", title="findings")
    grid.add_column("originator", min_width=36, overflow="fold")
    grid.add_column("version")
    grid.add_column("detail")
    for finding in report.findings:
        grid.add_row(
            str(finding.position),
            finding.kind,
            finding.originator_id or "",
            "" if finding.originator_version is None else str(finding.originator_version),
            finding.detail,
        )
    console.print(grid)
    total = len(report.findings) + report.more_findings
    console.print(f"[red]{total} finding{'' if total == 1 else 's'}[/red]")


def exported(summary: ExportSummary, out: str, console: Console) -> None:
    """What an export wrote, and where."""
    span = (
        f"positions {summary.first_position}..{summary.last_position}"
        if summary.events
        else "no events"
    )
    console.print(
        f"{out}: {summary.events} events ({span}), last hash {summary.last_hash}; "
        f"the chain's tip is position {summary.tip}"
    )
    if summary.unhashed:
        console.print(
            f"[red]{summary.unhashed} exported events have no chain hash: "
            "run `stocksync audit verify --chain`[/red]"
        )


def checked(report: CheckReport, console: Console) -> None:
    """The file checks out, or its first bad line and why."""
    if report.ok:
        console.print(
            f"[green]{report.path}: OK[/green], {report.events} events "
            f"(positions {report.first_position}..{report.last_position}), "
            f"last hash {report.last_hash}"
        )
    else:
        console.print(f"[red]{report.path}: line {report.line}: {report.problem}[/red]")


def views(report: VerificationReport, console: Console) -> None:
    """Print the views' verification: a line per difference, then the verdict."""
    table = Table(title=f"Views replayed to position {report.position}")
    for column in ("view", "table", "live", "replayed"):
        table.add_column(column)
    for d in report.differences[:200]:
        table.add_row(d.view, d.table, str(d.live or "-"), str(d.replayed or "-"))
    for pair in report.disagreements[:200]:
        table.add_row(
            "marketplace",
            f"{pair['channel']}/{pair['sku']}",
            f"expected {pair['expected']}",
            f"confirmed {pair['confirmed_available']}",
        )
    console.print(table)
    count = len(report.differences) + len(report.disagreements)
    console.print(f"{report.rows} rows compared, {count} differences")

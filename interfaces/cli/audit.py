"""`stocksync audit`: what auditors ask of the ledger, from the command line."""

from __future__ import annotations

import typer

from interfaces.cli.audit_log import log
from interfaces.cli.audit_verify import check, export, verify

audit_cli = typer.Typer(help="Audit: the global event log.", no_args_is_help=True)
audit_cli.command("log")(log)
audit_cli.command("verify")(verify)
audit_cli.command("export")(export)
audit_cli.command("check")(check)

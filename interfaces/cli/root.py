"""The `stocksync` command and its groups, one module each."""

from __future__ import annotations

import typer

from interfaces.cli.adapter import adapter_cli
from interfaces.cli.audit import audit_cli
from interfaces.cli.marketplace import marketplace_cli
from interfaces.cli.nats import nats_cli
from interfaces.cli.projections import projections_cli
from interfaces.cli.reactor import reactor_cli
from interfaces.cli.serve import follow, serve
from interfaces.cli.tokens import tokens_cli

cli = typer.Typer(help="stocksync: real-time inventory synchronization.", no_args_is_help=True)


@cli.callback()
def _root() -> None:
    """stocksync: real-time inventory synchronization."""


cli.command()(serve)
cli.command(hidden=True)(follow)
cli.add_typer(audit_cli, name="audit")
cli.add_typer(projections_cli, name="projections")
cli.add_typer(marketplace_cli, name="marketplace")
cli.add_typer(reactor_cli, name="reactor")
cli.add_typer(adapter_cli, name="adapter")
cli.add_typer(tokens_cli, name="tokens")
cli.add_typer(nats_cli, name="nats")

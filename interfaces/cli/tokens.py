"""`stocksync tokens`: create, list and revoke API tokens, straight on the database (the same
events as `POST/GET/DELETE /v1/tokens`; running services learn of them within a second)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from application.keyring import Keyring
from application.tokens import token_view
from domain.errors import StockError
from interfaces.cli.audit_log import moment
from interfaces.runtime.bootstrap import build

tokens_cli = typer.Typer(help="API tokens: create, list and revoke them.", no_args_is_help=True)


@contextmanager
def keyring() -> Iterator[Keyring]:
    """The keyring of the database in DATABASE_URL; a refusal is a one-line error, exit 1."""
    container = build()
    try:
        yield container.keyring
    except StockError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    finally:
        container.ledger.close()


@tokens_cli.command("create")
def create(
    name: Annotated[str, typer.Option(help="who or what the token is for")],
    scope: Annotated[
        list[str],
        typer.Option(
            help="read, stock:write, reservations:write, channels:write, audit:read "
            "or admin; repeat for several"
        ),
    ],
    channel: Annotated[
        list[str] | None, typer.Option(help="limit the token to this channel; repeat for several")
    ] = None,
    expires_at: Annotated[
        str | None, typer.Option(help="ISO-8601 moment (UTC if no offset); none: never")
    ] = None,
) -> None:
    """Issue a token. Its secret goes to stdout alone (for `TOKEN=$(stocksync tokens create
    ...)`), the rest to stderr; it is shown this once, and only its hash is stored."""
    until = moment(expires_at, "--expires-at")
    with keyring() as keys:
        token, secret = keys.issue(name, scope, channel or [], until)
    limits = ", ".join(token.channels) or "every channel"
    typer.echo(f"token {token.token_id} ({name}): {', '.join(token.scopes)} on {limits}", err=True)
    typer.echo(secret)


@tokens_cli.command("list")
def list_tokens() -> None:
    """Every token issued, oldest first, revoked ones included; never a secret."""
    table = Table("id", "name", "scopes", "channels", "expires at", "created at", "revoked at")
    with keyring() as keys:
        views = [token_view(token) for token in keys.tokens()]
    for view in views:
        cells = [view["id"], view["name"], " ".join(view["scopes"]), " ".join(view["channels"])]
        moments = (view[key] for key in ("expires_at", "created_at", "revoked_at"))
        table.add_row(*cells, *(m.isoformat() if m else "" for m in moments))
    Console(width=200).print(table)


@tokens_cli.command("revoke")
def revoke(
    token_id: Annotated[str, typer.Argument(help="the token's id (see `tokens list`)")],
) -> None:
    """Revoke a token: every service on this database refuses it within a second or so."""
    with keyring() as keys:
        keys.revoke(token_id)
    typer.echo(f"revoked token {token_id}")

"""`stocksync nats config`: the users and permissions for an operator's nats-server."""

from __future__ import annotations

import typer

from interfaces.messaging.credentials import NatsUsers
from interfaces.messaging.users import NatsUser, hash_password
from interfaces.runtime.bootstrap import build
from interfaces.runtime.settings import Settings

nats_cli = typer.Typer(help="NATS: the users and permissions of an external nats-server.")


@nats_cli.command("config")
def print_config() -> None:
    """Print the `authorization { ... }` block that gives an external nats-server the users of
    stocksync: the service's own (the user and password in NATS_URL, or NATS_USER and
    NATS_PASSWORD), which may do everything, and one per channel adapter that was issued
    credentials, which may only pull its channel's figures and publish its confirmations and
    dead letters. Only password hashes are printed. Include the block in the server's config,
    then reload it (`nats-server --signal reload`); do so again after each rotation."""
    settings = Settings()
    login = settings.nats_login()
    if login is None:
        raise typer.BadParameter(
            "put the service's NATS user in NATS_URL (nats://USER:PASSWORD@host:4222), "
            "or set NATS_USER and NATS_PASSWORD"
        )
    container = build(settings)
    try:
        users = NatsUsers(container.ledger, NatsUser(login[0], hash_password(login[1])))
        typer.echo(users.authorization(), nl=False)
    finally:
        container.ledger.close()

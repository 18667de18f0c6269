"""`stocksync marketplace simulate`: a checking simulator of each marketplace kind."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Annotated

import typer

from interfaces.channels import simulator
from interfaces.cli.serve import configure_logging

marketplace_cli = typer.Typer(help="Marketplaces: a simulator for each kind.")
SECRET_HELP = (
    "NAME=ENVVAR: the secret NAME (as a channel connection names it) is read from the "
    "environment variable ENVVAR; repeat for each secret of the kind"
)


@marketplace_cli.command("simulate")
def simulate_marketplace(
    kind: str = typer.Option(
        ..., help="shopify, amazon, shopee, woocommerce, webhook, ebay, lazada or tiktok"
    ),
    port: int = typer.Option(..., help="HTTP port"),
    host: str = typer.Option("127.0.0.1", help="interface to listen on"),
    rate_limit: float = typer.Option(5.0, help="requests/s before it answers 429"),
    secret: Annotated[list[str] | None, typer.Option(help=SECRET_HELP)] = None,
) -> None:
    """Run a marketplace simulator that checks auth, payloads and its rate limit, and shows
    its listings at /_sim/listings."""
    configure_logging()
    try:
        secrets = secrets_from_env(secret or [], os.environ)
        simulator.simulate(kind, port, host, secrets=secrets, rate_limit=rate_limit)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc


def secrets_from_env(pairs: list[str], environ: Mapping[str, str]) -> dict[str, str]:
    """{NAME: value} from NAME=ENVVAR pairs; ValueError on a malformed pair or an unset variable."""
    secrets = {}
    for pair in pairs:
        name, sep, variable = pair.partition("=")
        if not (name and sep and variable):
            raise ValueError(f"--secret takes NAME=ENVVAR, not {pair!r}")
        if variable not in environ:
            raise ValueError(f"environment variable {variable} (secret {name}) is not set")
        secrets[name] = environ[variable]
    return secrets

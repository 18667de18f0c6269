"""The service's NATS side: the embedded server that admits only the users it knows, the login
the service connects with, and the issuer of adapters' credentials."""

from __future__ import annotations

from pydantic import SecretStr

from application.service import StockLedger
from interfaces.messaging.credentials import NatsUsers
from interfaces.messaging.embedded import EmbeddedNats
from interfaces.messaging.users import SERVICE_USER, Login, NatsUser, hash_password, new_password
from interfaces.runtime.settings import Settings


def start_embedded(settings: Settings, ledger: StockLedger) -> EmbeddedNats:
    """Start the embedded nats-server, admitting the service and each channel adapter that was
    issued a credential; anonymous connections are refused.

    The service's password is new on every start: nothing to keep on disk or to rotate, and a
    leaked one dies with the process. It is kept in `settings`, from which this process
    connects and its views child gets it, through the environment (never a log or a file)."""
    password = new_password()
    settings.nats_user, settings.nats_password = SERVICE_USER, SecretStr(password)
    users = NatsUsers(ledger, NatsUser(SERVICE_USER, hash_password(password)))
    embedded = EmbeddedNats(settings.nats_store, authorization=users.authorization)
    embedded.start()
    return embedded


def service_login(settings: Settings) -> Login | None:
    """How the service connects: NATS_USER and NATS_PASSWORD, or the URL's user, or none."""
    login = settings.nats_login()
    return Login(*login) if login is not None else None

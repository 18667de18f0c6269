"""The NATS users of a service, from its ledger, and the issuing and rotation of an adapter's
credentials: the adapter's consumer first, then the event, then the embedded server's reload."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from application.service import StockLedger
from interfaces.messaging.embedded import EmbeddedNats
from interfaces.messaging.runtime import MessagingRuntime
from interfaces.messaging.server_config import authorization_block
from interfaces.messaging.streams import adapter_consumer
from interfaces.messaging.users import (
    NatsUser,
    adapter_user,
    adapter_user_name,
    hash_password,
    new_password,
    without_credentials,
)


@dataclass(frozen=True)
class Credentials:
    """What an adapter connects with; the password is shown once and kept nowhere."""

    nats_url: str
    user: str
    password: str


class NatsUsers:
    """The service's own user, and one per channel whose adapter was issued a credential."""

    def __init__(self, ledger: StockLedger, service: NatsUser) -> None:
        self.ledger = ledger
        self.service = service

    def all(self) -> list[NatsUser]:
        """Every user, as the ledger has them now (a rotated hash replaces the old one)."""
        credentials = self.ledger.adapter_credentials()
        return [self.service, *(adapter_user(c, h) for c, h in sorted(credentials.items()))]

    def authorization(self) -> str:
        """The nats-server `authorization` block that grants them."""
        return authorization_block(self.all())


class CredentialIssuer:
    """Creates or rotates a channel adapter's NATS user. With the embedded server the change
    applies at once; an operator's server needs `stocksync nats config` and a reload."""

    def __init__(
        self,
        ledger: StockLedger,
        url: str,
        messaging: MessagingRuntime,
        embedded: EmbeddedNats | None = None,
    ) -> None:
        self.ledger = ledger
        self.nats_url = without_credentials(url)
        self.messaging = messaging
        self.embedded = embedded
        self._lock = threading.Lock()  # one rotation at a time: each reload has every user

    def rotate(self, channel: str) -> Credentials:
        """A new password for the channel's adapter; the previous one stops working. Raises
        ChannelNotFound, or MessagingError (writing nothing) when NATS does not answer."""
        self.ledger.channel(channel)
        self.messaging.ensure_consumer(adapter_consumer(channel))
        password = new_password()
        password_hash = hash_password(password)
        with self._lock:
            self.ledger.rotate_adapter_credential(channel, password_hash)
            if self.embedded is not None:
                self.embedded.reload()
        return Credentials(self.nats_url, adapter_user_name(channel), password)

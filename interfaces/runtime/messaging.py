"""Starting a process's messaging: the NATS server in use (NATS_URL, or the embedded one,
which admits only the service and the adapters issued a credential), the reactor and the
confirmations consumer, and the adapters' credential issuer where the API is served."""

from __future__ import annotations

from typing import TYPE_CHECKING

from interfaces.messaging.credentials import CredentialIssuer
from interfaces.messaging.runtime import MessagingRuntime
from interfaces.runtime.nats_setup import service_login, start_embedded
from projections.chain import AuditChain
from projections.outbox import CHANNEL as OUTBOX_CHANNEL

if TYPE_CHECKING:
    from interfaces.runtime.container import Container


def start(container: Container, *, reactor: bool, confirmations: bool) -> None:
    """Connect to NATS_URL, or start the embedded nats-server, and run the workers."""
    c = container
    url = c.settings.nats_url
    if url is None and c.settings.embedded_nats:
        c.embedded = start_embedded(c.settings, c.ledger)
        url = c.embedded.url
    if url is None:
        return
    c.nats_url = url
    c.messaging = MessagingRuntime(
        url,
        c.ledger,
        c.executor,
        c.views["inventory"],
        reactor=reactor,
        confirmations=confirmations,
        login=service_login(c.settings),
    )
    if confirmations:
        c.credentials = CredentialIssuer(c.ledger, c.executor, url, c.messaging, c.embedded)
    c.followers["inventory"].listeners.append(c.messaging.wake)
    c.followers[AuditChain.name].listeners.append(c.messaging.wake)
    if c.postgres and reactor:  # outbox rows committed by another process
        c.listen(OUTBOX_CHANNEL, c.messaging.wake)
    c.messaging.start()

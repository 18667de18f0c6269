"""Adapter credentials: issue or rotate a channel adapter's password hash (a command), and
read them all (a query)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from application.aggregates import Aggregates
from application.command import Command, Decision, decide
from application.core import LedgerCore
from domain.adapter_credential import AdapterCredential


@dataclass(frozen=True)
class RotateAdapterCredential(Command):
    """Issue the channel adapter's credential, or replace its hash (ChannelNotFound for a
    channel never declared). It takes no idempotency key: every call is a new password."""

    channel: str
    password_hash: str


@decide.register
def _rotate(command: RotateAdapterCredential, seen: Aggregates) -> Decision:
    seen.channel(command.channel)
    AdapterCredential.check(command.password_hash)
    found = seen.find(AdapterCredential.create_id(command.channel))
    if found is None:
        credential = AdapterCredential.issue(command.channel, command.password_hash)
    else:
        credential = cast(AdapterCredential, found)
        credential.rotate(command.password_hash)
    return Decision([credential], {"channel": command.channel})


class CredentialQueries(LedgerCore):
    """Each channel's adapter has one credential; every change to it is an event."""

    def adapter_credentials(self) -> dict[str, str]:
        """Every declared channel's adapter password hash, by channel (those issued)."""
        ids = {AdapterCredential.create_id(name): name for name in self.channel_index().names}
        found = self.load_many(list(ids))
        return {ids[key]: cast(AdapterCredential, found[key]).password_hash for key in found}

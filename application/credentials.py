"""Adapter credentials: issue or rotate a channel adapter's password hash, and read them all."""

from __future__ import annotations

from typing import cast

from application.channels import ChannelCommands
from application.command import Decision, Outcome
from domain.adapter_credential import AdapterCredential


class CredentialCommands(ChannelCommands):
    """Each channel's adapter has one credential; every change to it is an event."""

    def rotate_adapter_credential(self, channel: str, password_hash: str) -> Outcome:
        """Issue the channel adapter's credential, or replace its hash (ChannelNotFound for a
        channel never declared). There is no idempotency key: every call is a new password."""
        self.channel(channel)
        AdapterCredential.check(password_hash)

        def decide() -> Decision:
            found = self.find(AdapterCredential.create_id(channel))
            if found is None:
                credential = AdapterCredential.issue(channel, password_hash)
            else:
                credential = cast(AdapterCredential, found)
                credential.rotate(password_hash)
            return Decision([credential], {"channel": channel})

        lock = [f"adapter-credential:{channel}"]
        return self.run("rotate_adapter_credential", {"channel": channel}, None, lock, decide)

    def adapter_credentials(self) -> dict[str, str]:
        """Every declared channel's adapter password hash, by channel (those issued)."""
        ids = {AdapterCredential.create_id(name): name for name in self.channel_index().names}
        found = self.load_many(list(ids))
        return {ids[key]: cast(AdapterCredential, found[key]).password_hash for key in found}

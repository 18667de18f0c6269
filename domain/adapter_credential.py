"""AdapterCredential: the password of one channel's adapter, of which only a hash is kept.

Issuing and each rotation are events, so the audit trail says when an adapter's access changed,
and the messaging users are rebuilt from the log on every start. The hash is computed before the
command (salted and slow, from a fresh random password), so replaying needs only the events.
"""

from __future__ import annotations

from typing import Any

from eventsourcing.domain import Aggregate, event

from domain.errors import InvalidCommand
from domain.ids import adapter_credential_id


class AdapterCredential(Aggregate):
    """One channel's adapter credential; rotating it replaces the hash the adapter must match."""

    @staticmethod
    def create_id(channel: str) -> Any:
        """Deterministic from the channel's name: one credential per channel."""
        return adapter_credential_id(channel)

    @staticmethod
    def check(password_hash: str) -> None:
        """Only a hash is ever kept: a modular-crypt string ("$2b$10$..."), never a password."""
        parts = password_hash.split("$")
        if len(parts) < 4 or parts[0] or not all(parts[1:]):
            raise InvalidCommand("an adapter credential keeps a password hash, not a password")

    @classmethod
    def issue(cls, channel: str, password_hash: str) -> AdapterCredential:
        """The channel's first credential."""
        cls.check(password_hash)
        return cls(channel, password_hash)

    @event("Issued")
    def __init__(self, channel: str, password_hash: str) -> None:
        self.channel = channel
        self.password_hash = password_hash

    def rotate(self, password_hash: str) -> None:
        """Replace the hash: from now on only the new password is accepted."""
        self.check(password_hash)
        self._rotated(password_hash)

    @event("Rotated")
    def _rotated(self, password_hash: str) -> None:
        self.password_hash = password_hash

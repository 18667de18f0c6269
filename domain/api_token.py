"""ApiToken: a bearer token's grant and the hash of its secret (never the secret itself).

A token reads ``sst_<id>_<secret>``: the id is public (it names the token in lists, the audit
trail and revocation), and the whole string is the secret whose SHA-256 is stored.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime
from functools import cached_property
from typing import Any

from eventsourcing.domain import Aggregate, event

from domain.errors import InvalidCommand
from domain.grant import Grant, check_grant
from domain.ids import api_token_id_of

PREFIX = "sst_"
MAX_NAME = 200


def secret_hash(token: str) -> str:
    """The SHA-256 of a presented token, as stored."""
    return hashlib.sha256(token.encode()).hexdigest()


def compose(token_id: str, secret: str) -> str:
    """The token string a client sends, from its id and its random secret."""
    return f"{PREFIX}{token_id}_{secret}"


def token_id_in(token: str) -> str | None:
    """The id a presented token names, or None when it is not shaped like one of ours."""
    if not token.startswith(PREFIX):
        return None
    token_id, separator, secret = token[len(PREFIX) :].partition("_")
    return token_id if separator and token_id and secret else None


class ApiToken(Aggregate):
    """An API token. Created and revoked are events, so both show in the audit trail."""

    @staticmethod
    def create_id(token_id: str) -> Any:
        """Deterministic from the token's public id."""
        return api_token_id_of(token_id)

    @staticmethod
    def check(
        name: str,
        scopes: list[str],
        channels: list[str],
        expires_at: datetime | None,
        now: datetime,
    ) -> None:
        """A name, known scopes, valid channel ids, and an expiry still to come."""
        if not name.strip() or len(name) > MAX_NAME or not name.isprintable():
            raise InvalidCommand(f"a token's name is 1 to {MAX_NAME} printable characters")
        check_grant(scopes, channels)
        if expires_at is not None and expires_at <= now:
            raise InvalidCommand(f"expires_at {expires_at.isoformat()} has already passed")

    class Created(Aggregate.Created):
        """A token was issued: its grant, its expiry and the hash of its secret."""

        token_id: str
        name: str
        scopes: list[str]
        channels: list[str]
        expires_at: datetime | None
        secret_hash: str

    class Revoked(Aggregate.Event):
        """The token was revoked; it names the token, so the audit trail reads on its own."""

        token_id: str
        name: str
        scopes: list[str]

    @event(Created)
    def __init__(
        self,
        token_id: str,
        name: str,
        scopes: list[str],
        channels: list[str],
        expires_at: datetime | None,
        secret_hash: str,
    ) -> None:
        self.token_id = token_id
        self.name = name
        self.scopes = scopes
        self.channels = channels
        self.expires_at = expires_at
        self.secret_hash = secret_hash
        self.revoked = False

    def revoke(self) -> None:
        """Stop the token working; revoking it again records nothing."""
        if not self.revoked:
            self._revoked(self.token_id, self.name, self.scopes)

    @event(Revoked)
    def _revoked(self, token_id: str, name: str, scopes: list[str]) -> None:
        self.revoked = True

    @cached_property
    def grant(self) -> Grant:
        """What the token may do (its scopes and channels never change)."""
        return Grant(frozenset(self.scopes), frozenset(self.channels))

    def active(self, now: datetime) -> bool:
        """Neither revoked nor expired at ``now``."""
        return not self.revoked and (self.expires_at is None or now < self.expires_at)

    def authenticates(self, token: str, now: datetime) -> bool:
        """True when ``token`` is this token's secret and the token is active (constant time)."""
        return hmac.compare_digest(self.secret_hash, secret_hash(token)) and self.active(now)

"""Token commands: issue and revoke API tokens. They are rare and off the hot path, so they are
saved with the application's plain save, not through the group-commit writer."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import RecordConflictError

from domain.api_token import ApiToken, compose, secret_hash
from domain.errors import ConcurrencyConflict, TokenNotFound

ATTEMPTS = 3


def token_view(token: ApiToken) -> dict[str, Any]:
    """A token as clients see it: never its secret, nor the secret's hash."""
    return {
        "id": token.token_id,
        "name": token.name,
        "scopes": list(token.scopes),
        "channels": list(token.channels),
        "expires_at": token.expires_at,
        "created_at": token.created_on,
        # Revoked is a token's last event, so its time is the token's last change.
        "revoked_at": token.modified_on if token.revoked else None,
    }


class TokenCommands(Application[UUID]):
    """The application generates each token's id and secret; the events keep only the hash."""

    def create_token(
        self,
        name: str,
        scopes: list[str],
        channels: list[str],
        expires_at: datetime | None,
        now: datetime,
    ) -> tuple[ApiToken, str]:
        """Issue a token; returns it with its secret, which is shown this once only."""
        ApiToken.check(name, scopes, channels, expires_at, now)
        token_id = secrets.token_hex(8)
        secret = compose(token_id, secrets.token_urlsafe(32))
        grant = sorted(set(scopes)), sorted(set(channels))
        token = ApiToken(token_id, name, *grant, expires_at, secret_hash(secret))
        self.save(token)
        return token, secret

    def revoke_token(self, token_id: str) -> ApiToken:
        """Revoke a token; revoking a revoked one records nothing."""
        for _ in range(ATTEMPTS):
            token = self.api_token(token_id)
            token.revoke()
            try:
                self.save(token)
            except RecordConflictError:
                continue  # another process revoked it meanwhile: load it again
            return token
        raise ConcurrencyConflict(f"token {token_id} kept changing; try again")

    def api_token(self, token_id: str) -> ApiToken:
        """The token, or TokenNotFound."""
        try:
            token: ApiToken = self.repository.get(ApiToken.create_id(token_id))
        except AggregateNotFoundError:
            raise TokenNotFound(f"no API token {token_id!r}") from None
        return token

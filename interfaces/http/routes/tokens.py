"""API tokens: issue, list and revoke them (admin only)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response

from application.keyring import Keyring
from application.tokens import token_view
from domain.grant import ADMIN
from interfaces.http.auth import scope
from interfaces.http.deps import TokenId
from interfaces.http.token_schemas import TokenCreate, TokenCreated, TokensOut

router = APIRouter(prefix="/v1/tokens", tags=["tokens"], dependencies=[scope(ADMIN)])


async def _keyring(request: Request) -> Keyring:
    keyring: Keyring = request.app.state.container.keyring
    return keyring


Keys = Annotated[Keyring, Depends(_keyring)]


@router.post("", response_model=TokenCreated, status_code=201)
def create_token(body: TokenCreate, keyring: Keys) -> dict[str, Any]:
    """Issue a token with these scopes, limited to these channels (none: all), until
    `expires_at` (none: until revoked). The answer's `token` is the secret: it is shown this
    once, and only its hash is stored."""
    token, secret = keyring.issue(body.name, list(body.scopes), body.channels, body.expires_at)
    return {**token_view(token), "token": secret}


@router.get("", response_model=TokensOut)
def list_tokens(keyring: Keys) -> dict[str, Any]:
    """Every token issued, oldest first, revoked ones included; never their secrets."""
    return {"tokens": [token_view(token) for token in keyring.tokens()]}


@router.delete("/{token_id}", status_code=204, response_class=Response)
def revoke_token(token_id: TokenId, keyring: Keys) -> None:
    """Revoke a token: it stops working in this process at once, and in every other service
    process on the same database within TOKEN_REFRESH_INTERVAL (1 s by default). Revoking a
    revoked token changes nothing; an unknown id is a 404."""
    keyring.revoke(token_id)

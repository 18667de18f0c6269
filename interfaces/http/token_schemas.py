"""Request and response models of the API tokens (TokenCreate, TokenPublic, TokenCreated)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue

from interfaces.http.fields import Id, Text
from interfaces.http.schemas import Moment

# The domain's scopes (domain.grant.SCOPES), spelt out so that OpenAPI lists them.
Scope = Literal[
    "read", "stock:write", "reservations:write", "channels:write", "audit:read", "admin"
]
# Printable text (interfaces/http/fields.py): a name is shown in lists, logs and the audit trail.
Name = Text

CREATED_EXAMPLE: dict[str, JsonValue] = {
    "id": "3f9c2a61b07d4e85",
    "name": "shop-integration",
    "scopes": ["read", "reservations:write"],
    "channels": ["shop"],
    "expires_at": "2027-01-01T00:00:00Z",
    "created_at": "2026-11-28T09:00:00Z",
    "revoked_at": None,
}


class TokenCreate(BaseModel):
    """A token to issue: what it may do, where, and until when (none: until revoked)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "name": "shop-integration",
                    "scopes": ["read", "reservations:write"],
                    "channels": ["shop"],
                    "expires_at": "2027-01-01T00:00:00Z",
                }
            ]
        },
    )
    name: Name
    scopes: Annotated[list[Scope], Field(min_length=1, max_length=6)]
    channels: Annotated[list[Id], Field(max_length=1000)] = []
    expires_at: Moment | None = None


class TokenPublic(BaseModel):
    """A token as listed: never its secret."""

    model_config = ConfigDict(json_schema_extra={"examples": [CREATED_EXAMPLE]})
    id: str
    name: str
    scopes: list[str]
    channels: list[str]
    expires_at: datetime | None
    created_at: datetime
    revoked_at: datetime | None


class TokenCreated(TokenPublic):
    """A token just issued, with its secret: the only time the secret is shown."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{**CREATED_EXAMPLE, "token": "sst_3f9c2a61b07d4e85_…"}]}
    )
    token: str


class TokensOut(BaseModel):
    """Every token issued, oldest first, revoked ones included."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"tokens": [CREATED_EXAMPLE]}]})

    tokens: list[TokenPublic]

"""The tests' API tokens: the admin token every test service accepts, and bearer headers."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

# Accepted as an admin token by every test service (STOCKSYNC_ADMIN_TOKEN).
ADMIN_TOKEN = "test-admin-token-not-a-secret"


def bearer(token: str) -> dict[str, str]:
    """The Authorization header that presents ``token``."""
    return {"Authorization": f"Bearer {token}"}


ADMIN = bearer(ADMIN_TOKEN)


def issue(client: TestClient, *scopes: str, channels: tuple[str, ...] = (), **extra: Any) -> str:
    """A new token with these scopes (and channels), issued with the admin token; its secret."""
    body = {"name": "test", "scopes": list(scopes), "channels": list(channels), **extra}
    response = client.post("/v1/tokens", json=body, headers=ADMIN)
    assert response.status_code == 201, response.text
    secret: str = response.json()["token"]
    return secret

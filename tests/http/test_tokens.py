"""Token management: POST, GET and DELETE /v1/tokens; the secret shown once, stored only as a
hash, and each creation and revocation in the audit trail by name, id and scopes."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest
from fastapi.testclient import TestClient

from domain.grant import READ, RESERVATIONS_WRITE
from interfaces.runtime.settings import Settings
from tests.http.api import assert_problem
from tests.stored import stored_text
from tests.tokens import bearer

PUBLIC = {"id", "name", "scopes", "channels", "expires_at", "created_at", "revoked_at"}


def create(client: TestClient, **body: Any) -> dict[str, Any]:
    response = client.post("/v1/tokens", json={"name": "shop", "scopes": [READ], **body})
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def position(client: TestClient) -> int:
    value: int = client.get("/healthz").json()["log_position"]
    return value


def test_a_token_is_shown_once_and_works_at_once(client: TestClient) -> None:
    created = create(
        client, scopes=[RESERVATIONS_WRITE, READ], channels=["shop"], expires_at="2099-01-01T00:00Z"
    )
    assert set(created) == PUBLIC | {"token"}
    assert created["token"].startswith(f"sst_{created['id']}_")
    assert (created["scopes"], created["channels"]) == ([READ, RESERVATIONS_WRITE], ["shop"])
    assert created["expires_at"].startswith("2099-01-01T00:00:00")
    assert created["revoked_at"] is None
    assert client.get("/v1/channels", headers=bearer(created["token"])).status_code == 200
    (listed,) = [t for t in client.get("/v1/tokens").json()["tokens"] if t["id"] == created["id"]]
    assert listed == {key: created[key] for key in PUBLIC}


@pytest.mark.parametrize(
    "body",
    [
        {"name": "x", "scopes": ["write"]},
        {"name": "x", "scopes": []},
        {"name": "x"},
        {"name": "", "scopes": [READ]},
        {"name": "line\nbreak", "scopes": [READ]},
        {"name": "x", "scopes": [READ], "channels": ["not an id"]},
        {"name": "x", "scopes": [READ], "expires_at": "2000-01-01T00:00:00Z"},
        {"name": "x", "scopes": [READ], "expires_at": "2099-01-01T00:00:00"},  # no offset
        {"name": "x", "scopes": [READ], "token": "sst_chosen_by_me"},
    ],
)
def test_a_malformed_token_request_is_refused_and_writes_nothing(
    client: TestClient, body: dict[str, Any]
) -> None:
    before = position(client)
    assert_problem(client.post("/v1/tokens", json=body), 422)
    assert position(client) == before


def test_a_revoked_token_stops_at_once_and_revoking_again_changes_nothing(
    client: TestClient,
) -> None:
    created = create(client)
    assert client.delete(f"/v1/tokens/{created['id']}").status_code == 204
    refused = client.get("/v1/channels", headers=bearer(created["token"]))
    assert_problem(refused, 401, "unauthenticated")
    assert refused.headers["WWW-Authenticate"] == 'Bearer error="invalid_token"'
    before = position(client)
    assert client.delete(f"/v1/tokens/{created['id']}").status_code == 204
    assert position(client) == before
    listed = {t["id"]: t for t in client.get("/v1/tokens").json()["tokens"]}
    assert listed[created["id"]]["revoked_at"] is not None
    assert_problem(client.delete("/v1/tokens/0000000000000000"), 404, "token_not_found")


def test_the_audit_trail_names_each_token_never_its_secret(client: TestClient) -> None:
    created = create(client, name="b2b-portal", scopes=[READ])
    assert client.delete(f"/v1/tokens/{created['id']}").status_code == 204
    last = position(client)
    answer = client.get("/v1/events", params={"min_position": last, "limit": 1000})
    logged = [e for e in answer.json()["events"] if e["originator"]["type"] == "ApiToken"]
    assert [(e["originator"]["type"], e["type"]) for e in logged] == [
        ("ApiToken", "Created"),
        ("ApiToken", "Revoked"),
    ]
    for entry in logged:
        assert {"token_id": created["id"], "name": "b2b-portal", "scopes": [READ]}.items() <= (
            entry["data"].items()
        )
    text = json.dumps(logged)
    assert created["token"] not in text and "secret_hash" not in text


def test_only_a_hash_of_the_secret_is_stored(client: TestClient, settings: Settings) -> None:
    created = create(client)
    secret = created["token"]
    stored = stored_text(settings.database_url)
    assert hashlib.sha256(secret.encode()).hexdigest() in stored
    assert secret not in stored
    assert secret.rsplit("_", 1)[1] not in stored  # not even its random part

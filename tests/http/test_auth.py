"""Bearer tokens on every /v1 route, the route list read from the app itself: each declares one
scope, refuses a missing, unknown, revoked or expired token (401), refuses a token without its
scope (403), and serves a token that holds just that scope."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from domain.grant import ADMIN, SCOPES
from interfaces.http.app import create_app
from interfaces.runtime.bootstrap import build
from interfaces.runtime.settings import Settings
from tests.clock import ManualClock
from tests.http.api import assert_problem
from tests.http.route_cases import Route, World, cases, send, v1_routes
from tests.tokens import ADMIN as ADMIN_HEADERS
from tests.tokens import bearer, issue

OPEN = ("/healthz", "/docs", "/openapi.json")


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def clocked(settings: Settings, clock: ManualClock) -> Iterator[TestClient]:
    """The app on a clock the test moves (token expiry)."""
    with TestClient(create_app(build(settings, clock)), headers=ADMIN_HEADERS) as client:
        yield client


def scopes_of(client: TestClient) -> dict[Route, str]:
    """Each /v1 route's scope, as its OpenAPI security requirement declares it."""
    paths = client.get("/openapi.json").json()["paths"]
    found = {}
    for method, path in v1_routes(client):
        security = paths.get(path, {}).get(method.lower(), {}).get("security")
        assert security is not None and len(security) == 1, (method, path, security)
        ((scheme, scopes),) = security[0].items()
        assert scheme == "bearer" and len(scopes) == 1, (method, path, security)
        found[method, path] = scopes[0]
    return found


def log_position(client: TestClient) -> int:
    position: int = client.get("/healthz").json()["log_position"]
    return position


def test_every_v1_route_declares_one_known_scope_and_has_a_case(client: TestClient) -> None:
    scopes = scopes_of(client)
    assert set(scopes.values()) <= set(SCOPES), scopes
    assert set(cases(World())) == set(scopes), set(cases(World())) ^ set(scopes)
    assert scopes["DELETE", "/v1/tokens/{token_id}"] == ADMIN


def test_docs_openapi_and_health_stay_open(client: TestClient) -> None:
    bare = TestClient(client.app)
    for path in OPEN:
        assert bare.get(path).status_code == 200, path
    schemes = bare.get("/openapi.json").json()["components"]["securitySchemes"]
    assert schemes["bearer"]["scheme"] == "bearer"


def test_every_v1_route_refuses_a_missing_unknown_revoked_or_expired_token(
    clocked: TestClient, clock: ManualClock
) -> None:
    world = World().make(clocked)
    expiring = issue(clocked, ADMIN, expires_at=(clock.now() + timedelta(minutes=1)).isoformat())
    revoked = issue(clocked, ADMIN)
    assert clocked.delete(f"/v1/tokens/{revoked.split('_')[1]}").status_code == 204
    assert clocked.get("/v1/channels", headers=bearer(expiring)).status_code == 200
    clock.advance(60)  # the expiry is exclusive: at expires_at the token no longer works
    refused: list[dict[str, str]] = [
        {},
        {"Authorization": "Basic YWRtaW46YWRtaW4="},
        bearer("sst_0123456789abcdef_not-a-secret"),
        bearer(revoked),
        bearer(expiring),
    ]
    bare, before = TestClient(clocked.app), log_position(clocked)
    for (method, _), call in cases(world).items():
        for headers in refused:
            response = send(bare, method, call, headers)
            assert_problem(response, 401, "unauthenticated")
            assert response.headers["WWW-Authenticate"].startswith("Bearer"), call
    assert log_position(clocked) == before


def test_every_v1_route_refuses_a_token_without_its_scope(client: TestClient) -> None:
    world, scopes = World().make(client), scopes_of(client)
    before = log_position(client)
    for (method, path), call in cases(world).items():
        others = [s for s in SCOPES if s not in (scopes[method, path], ADMIN)]
        response = send(client, method, call, bearer(issue(client, *others)))
        body = assert_problem(response, 403, "forbidden")
        assert body["missing_scope"] == scopes[method, path], (method, path)
        assert "insufficient_scope" in response.headers["WWW-Authenticate"]
    assert log_position(client) == before + len(cases(world))  # only the tokens' creations


def test_every_v1_route_serves_a_token_with_just_its_scope(client: TestClient) -> None:
    world, scopes = World().make(client), scopes_of(client)
    tokens = {scope: bearer(issue(client, scope)) for scope in SCOPES}
    failed: list[Any] = []
    for (method, path), call in cases(world).items():
        response = send(client, method, call, tokens[scopes[method, path]])
        if not (response.is_success or response.status_code == call.passed):
            failed.append((method, path, response.status_code, response.text))
    assert failed == []

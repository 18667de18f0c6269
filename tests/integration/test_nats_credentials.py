"""POST /v1/channels/{channel}/nats-credentials against the service's embedded nats-server: a
user per channel adapter, a rotation that refuses the old password at once, users rebuilt
from the log on every start, and anonymous clients refused."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from interfaces.http.app import create_app
from interfaces.messaging.errors import LoginRefused
from interfaces.messaging.streams import adapter_consumer
from interfaces.messaging.users import Login
from interfaces.runtime.bootstrap import build
from interfaces.runtime.settings import Settings
from tests.e2e.processes import eventually
from tests.http.api import assert_problem
from tests.messaging.secured import adapter, connected
from tests.tokens import ADMIN


@pytest.fixture
def secured(settings: Settings, tmp_path: Path) -> Settings:
    """The test service's settings, with the embedded nats-server."""
    return settings.model_copy(update={"embedded_nats": True, "nats_store": tmp_path / "nats"})


@pytest.fixture
def service(secured: Settings) -> Iterator[TestClient]:
    """The service, with a channel "shop" declared."""
    with TestClient(create_app(build(secured)), headers=ADMIN) as client:
        declare = client.put("/v1/channels/shop", json={"kind": "webhook", "locations": []})
        assert declare.status_code == 200, declare.text
        yield client


def issue(client: TestClient, channel: str = "shop") -> dict[str, Any]:
    response = client.post(f"/v1/channels/{channel}/nats-credentials")
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def binds(credentials: dict[str, Any], channel: str = "shop") -> None:
    """The adapter logs in with these credentials and binds to its channel's consumer."""

    async def bind() -> None:
        login = adapter(channel, credentials["password"])
        broker = await connected(credentials["nats_url"], login)
        try:
            await broker.consumer(adapter_consumer(channel), create=False)
        finally:
            await broker.close()

    asyncio.run(bind())


def nats_connected(client: TestClient) -> None:
    """The service is logged in to its nats-server."""
    assert client.get("/healthz").json()["nats_connected"] is True


def refused(url: str, login: Login | None) -> None:
    """The server refuses this login."""
    with pytest.raises(LoginRefused):
        asyncio.run(connected(url, login, timeout=5.0))


def test_an_adapters_user_binds_to_its_channels_consumer(service: TestClient) -> None:
    credentials = issue(service)
    assert credentials["user"] == "adapter-shop"
    assert credentials["nats_url"] == service.get("/healthz").json()["nats_url"]
    assert len(credentials["password"]) >= 40
    binds(credentials)


def test_an_anonymous_client_is_refused(service: TestClient) -> None:
    refused(service.get("/healthz").json()["nats_url"], None)


def test_a_rotation_refuses_the_old_password_at_once(service: TestClient) -> None:
    first = issue(service)
    second = issue(service)
    assert second["password"] != first["password"]
    refused(first["nats_url"], adapter("shop", first["password"]))
    binds(second)


def test_an_unknown_channel_gets_404(service: TestClient) -> None:
    assert_problem(service.post("/v1/channels/nope/nats-credentials"), 404, "channel_not_found")


def test_each_rotation_is_in_the_audit_trail_without_the_password(service: TestClient) -> None:
    passwords = [issue(service)["password"], issue(service)["password"]]
    position = service.get("/healthz").json()["log_position"]
    params: dict[str, Any] = {"channel": "shop", "min_position": position}
    events = service.get("/v1/events", params=params).json()["events"]
    kinds = [e["type"] for e in events if e["type"] in ("Issued", "Rotated")]
    assert kinds == ["Issued", "Rotated"]
    assert not any(password in str(events) for password in passwords)


def test_the_users_are_rebuilt_from_the_log_on_a_restart(
    service: TestClient, secured: Settings
) -> None:
    credentials = issue(service)
    service.__exit__(None, None, None)  # the service stops, its nats-server with it
    with TestClient(create_app(build(secured)), headers=ADMIN) as restarted:
        # 4222 is taken on test machines: the restarted server may listen on another port.
        url = restarted.get("/healthz").json()["nats_url"]
        binds({**credentials, "nats_url": url})
        eventually(lambda: nats_connected(restarted), 10.0, what="the service's login")


def test_without_nats_the_route_answers_503(settings: Settings) -> None:
    with TestClient(create_app(build(settings)), headers=ADMIN) as client:
        client.put("/v1/channels/shop", json={"kind": "webhook", "locations": []})
        response = client.post("/v1/channels/shop/nats-credentials")
        assert_problem(response, 503, "nats_unavailable")
        assert response.headers["Retry-After"] == "1"

"""The service's own nats-server admits an adapter only with its channel's credentials: issued
over HTTP, given to `stocksync adapter run` in NATS_USER and NATS_PASSWORD or in the URL, and
enough for the whole path (pull, ack, confirm)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from interfaces.messaging.embedded import EmbeddedNats
from tests import refs
from tests.e2e.marketplaces import env_values
from tests.e2e.processes import Processes, Service, eventually, stocksync_command
from tests.e2e.scenario import Channel, in_sync, marketplace_agrees
from tests.e2e.stack import Api, Stack, base_env, ready


@pytest.fixture
def own_nats(tmp_path: Path, database_url: str, nats: EmbeddedNats) -> Iterator[Stack]:
    """A stack whose service runs its embedded nats-server (NATS_URL unset); the test's own
    server stays idle."""
    env = base_env(os.environ, database_url, nats.url)
    del env["NATS_URL"]
    env["NATS_STORE"] = str(tmp_path / "service-nats")
    stack = Stack(Processes(tmp_path / "logs", env), nats)
    try:
        yield stack
    finally:
        stack.close()


def adapter(stack: Stack, channel: Channel, nats: dict[str, str]) -> Service:
    """`stocksync adapter run` with the channel's secrets and these NATS variables."""
    args = [stocksync_command(), "adapter", "run", "--channel", channel.name]
    env = {**env_values(channel.name, channel.kind), **nats}
    return stack.processes.spawn(
        f"adapter-{channel.name}", args, env, ready_text=f"adapter {channel.name} ("
    )


def credentials(api: Api, channel: str) -> dict[str, str]:
    """POST the channel's nats-credentials."""
    answer = api.http.post(f"/v1/channels/{channel}/nats-credentials")
    assert answer.status_code == 201, answer.text
    body: dict[str, str] = answer.json()
    return body


def test_adapters_with_their_channels_credentials_push_to_the_marketplace(
    own_nats: Stack,
) -> None:
    location, skus = refs.location(), [refs.sku(), refs.sku()]
    service, api = own_nats.serve()
    simulator = own_nats.simulator("webhook")
    ready([service, simulator.service])
    by_env, by_url = (
        Channel(f"hook-{n}", "webhook", [], {}, [sku], simulator) for n, sku in enumerate(skus)
    )
    for channel in (by_env, by_url):
        channel.declare(api)
    first, second = credentials(api, by_env.name), credentials(api, by_url.name)
    url = urlsplit(second["nats_url"])
    in_url = url._replace(netloc=f"{second['user']}:{second['password']}@{url.netloc}")
    adapters = [
        adapter(
            own_nats,
            by_env,
            {
                "NATS_URL": first["nats_url"],
                "NATS_USER": first["user"],
                "NATS_PASSWORD": first["password"],
            },
        ),
        adapter(own_nats, by_url, {"NATS_URL": in_url.geturl()}),
    ]
    ready(adapters)
    for sku in skus:
        api.receive(location, sku, 7)
    for channel in (by_env, by_url):
        want = {channel.skus[0]: 7}
        eventually(partial(marketplace_agrees, channel, want), 30.0, what=channel.name)
        eventually(partial(in_sync, api, channel, want), 30.0, what=channel.name)
    # A rotation drops the old password's connection, and that adapter stops, saying why.
    credentials(api, by_env.name)
    eventually(partial(stopped, adapters[0]), 30.0, what="the adapter with the old password")
    assert "refused" in adapters[0].log_text()


def stopped(service: Service) -> None:
    """The process has exited."""
    assert not service.running, f"{service.name} still runs"

"""The system under test as real processes: the service, the reactor, marketplace simulators
and channel adapters, all pointed at one database and one test-owned nats-server."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping
from typing import Any

import httpx

from interfaces.messaging.broker import Broker, Message
from interfaces.messaging.embedded import EmbeddedNats
from tests.e2e.marketplaces import SECRETS, WEBHOOK_PATH, env_names, env_values
from tests.e2e.processes import Processes, Service, free_port, stocksync_command
from tests.tokens import ADMIN, ADMIN_TOKEN


def base_env(environ: Mapping[str, str], database_url: str, nats_url: str) -> dict[str, str]:
    """The environment every child gets: the test's database and nats-server, quick polls, and
    the tests' admin token."""
    return {
        **environ,
        "STOCKSYNC_ADMIN_TOKEN": ADMIN_TOKEN,
        "DATABASE_URL": database_url,
        "NATS_URL": nats_url,
        "FOLLOWER_POLL_INTERVAL": "0.02",
        "SWEEP_INTERVAL": "0.5",
        "PYTHONUNBUFFERED": "1",
    }


class Api:
    """The service's HTTP API, as the tests call it."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.http = httpx.Client(base_url=url, timeout=30.0, headers=ADMIN)

    def close(self) -> None:
        """Close the connection pool."""
        self.http.close()

    def _ok(self, response: httpx.Response) -> dict[str, Any]:
        assert response.is_success, f"{response.request.method} {response.url}: {response.text}"
        body: dict[str, Any] = response.json()
        return body

    def health(self) -> dict[str, Any]:
        """GET /healthz."""
        return self._ok(self.http.get("/healthz"))

    def declare_channel(
        self,
        channel: str,
        kind: str,
        locations: list[str],
        rules: dict[str, int],
        connection: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """PUT /v1/channels/{channel}."""
        body: dict[str, Any] = {"kind": kind, "locations": locations, "rules": rules}
        if connection is not None:
            body["connection"] = connection
        return self._ok(self.http.put(f"/v1/channels/{channel}", json=body))

    def identify(self, channel: str, sku: str, ids: dict[str, str]) -> dict[str, Any]:
        """PUT /v1/channels/{channel}/listings/{sku}: the marketplace's ids."""
        return self._ok(self.http.put(f"/v1/channels/{channel}/listings/{sku}", json=ids))

    def receive(self, location: str, sku: str, quantity: int) -> dict[str, Any]:
        """POST a receipt; the stock level with the command's position."""
        body = {"quantity": quantity, "reference": "PO-E2E"}
        return self._ok(self.http.post(f"/v1/stock/{location}/{sku}/receipts", json=body))

    def count(self, location: str, sku: str, quantity: int) -> dict[str, Any]:
        """POST a count (on hand becomes `quantity`)."""
        body = {"quantity": quantity, "reference": "COUNT-E2E"}
        return self._ok(self.http.post(f"/v1/stock/{location}/{sku}/counts", json=body))

    def reserve(
        self, reservation_id: str, channel: str, lines: list[dict[str, Any]]
    ) -> dict[str, Any]:
        """POST /v1/reservations."""
        body = {
            "reservation_id": reservation_id,
            "order_id": f"O-{reservation_id}",
            "channel": channel,
            "lines": lines,
        }
        return self._ok(self.http.post("/v1/reservations", json=body))

    def availability(
        self, channel: str, sku: str, min_position: int | None = None
    ) -> dict[str, Any]:
        """GET a channel's figure for a SKU (after `min_position` when given)."""
        params: dict[str, int] = {"min_position": min_position, "wait": 10} if min_position else {}
        return self._ok(self.http.get(f"/v1/channels/{channel}/availability/{sku}", params=params))

    def sync(self, channel: str) -> dict[str, dict[str, Any]]:
        """GET /v1/channels/{channel}/sync, every page: {sku: row}."""
        rows: dict[str, dict[str, Any]] = {}
        after: str | None = None
        while True:
            params: dict[str, str | int] = {"limit": 1000, **({"after": after} if after else {})}
            page = self._ok(self.http.get(f"/v1/channels/{channel}/sync", params=params))
            rows.update((row["sku"], row) for row in page["items"])
            after = page["next_after"]
            if after is None:
                return rows


class Simulator:
    """A `stocksync marketplace simulate` process."""

    def __init__(self, kind: str, service: Service, url: str) -> None:
        self.kind = kind
        self.service = service
        self.url = url

    @property
    def base_url(self) -> str:
        """What a channel's connection points at (a webhook posts to a path)."""
        return self.url + WEBHOOK_PATH if self.kind == "webhook" else self.url

    def listings(self) -> dict[str, int]:
        """The quantity the marketplace holds per listing key."""
        answer: dict[str, int] = httpx.get(f"{self.url}/_sim/listings", timeout=5.0).json()
        return answer

    def stats(self) -> dict[str, int]:
        """Requests, accepted, applied, and counts per status code."""
        answer: dict[str, int] = httpx.get(f"{self.url}/_sim/stats", timeout=5.0).json()
        return answer


class Stack:
    """Starts the processes of one test; `processes.stop_all()` ends them."""

    def __init__(self, processes: Processes, nats: EmbeddedNats) -> None:
        self.processes = processes
        self.nats = nats
        self.command = stocksync_command()
        self.apis: list[Api] = []

    def serve(self, reactor: bool = True, name: str = "service") -> tuple[Service, Api]:
        """`stocksync serve` on a free port (started, not yet ready)."""
        port = free_port()
        args = [self.command, "serve", "--port", str(port)]
        if not reactor:
            args.append("--no-reactor")
        url = f"http://127.0.0.1:{port}"
        service = self.processes.spawn(name, args, health_url=f"{url}/healthz")
        api = Api(url)
        self.apis.append(api)
        return service, api

    def reactor(self, name: str = "reactor") -> Service:
        """`stocksync reactor run` (started, not yet ready)."""
        ready = "streams ready"
        return self.processes.spawn(name, [self.command, "reactor", "run"], ready_text=ready)

    def simulator(
        self, kind: str, rate_limit: float = 1000.0, secrets: dict[str, str] | None = None
    ) -> Simulator:
        """`stocksync marketplace simulate` of `kind` on a free port (started, not yet ready)."""
        port = free_port()
        values = secrets or SECRETS[kind]
        env = {f"SIM_{name.upper()}": value for name, value in values.items()}
        args = [self.command, "marketplace", "simulate", "--kind", kind, "--port", str(port)]
        args += ["--rate-limit", str(rate_limit)]
        for name in values:
            args += ["--secret", f"{name}=SIM_{name.upper()}"]
        url = f"http://127.0.0.1:{port}"
        service = self.processes.spawn(
            f"simulator-{kind}-{port}", args, env, health_url=f"{url}/_sim/stats"
        )
        return Simulator(kind, service, url)

    def adapter(self, channel: str, kind: str, secrets: dict[str, str] | None = None) -> Service:
        """`stocksync adapter run --channel C` with the channel's secrets in its environment."""
        args = [self.command, "adapter", "run", "--channel", channel]
        env = env_values(channel, kind, secrets)
        return self.processes.spawn(
            f"adapter-{channel}", args, env, ready_text=f"adapter {channel} ("
        )

    def close(self) -> None:
        """Close the API clients and stop every process."""
        for api in self.apis:
            api.close()
        self.processes.stop_all()


def connection(
    simulator: Simulator, channel: str, rate_limit: float = 1000.0, burst: int = 100
) -> dict[str, Any]:
    """A channel connection to a simulator, naming the environment variables of its secrets."""
    return {
        "base_url": simulator.base_url,
        "rate_limit": rate_limit,
        "burst": burst,
        "secrets": env_names(channel, simulator.kind),
    }


def ready(services: Iterable[Service], timeout: float = 60.0) -> None:
    """Wait for each of the services to be ready (they start in parallel)."""
    for service in services:
        service.wait_ready(timeout)


def stream(url: str, name: str, subject_filter: str = ">") -> list[Message]:
    """Every message a JetStream stream holds (a fresh connection, closed afterwards)."""

    async def read() -> list[Message]:
        broker = Broker(request_timeout=10.0)
        await broker.connect(url, "stocksync-e2e-check", timeout=10.0)
        try:
            return await broker.stream_messages(name, subject_filter)
        finally:
            await broker.close()

    return asyncio.run(read())

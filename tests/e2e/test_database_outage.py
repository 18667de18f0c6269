"""PostgreSQL unreachable for 10 s, through a proxy that is cut: commands get 503 with
Retry-After within 5 s (never a 500, never a hang) and write nothing, /healthz says the
database is down; within 5 s of the proxy coming back, commands succeed again in the same
process, the views catch up, and the commands resent with their keys are written once each."""

from __future__ import annotations

import os
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from interfaces.messaging.embedded import EmbeddedNats
from tests import refs
from tests.e2e.processes import Processes, eventually
from tests.e2e.proxy import TcpProxy
from tests.e2e.stack import Stack, base_env

CUT = 10.0  # seconds without a database
ANSWER_WITHIN = 5.0  # seconds: a command's or a health check's answer while it is cut


def timed(http: httpx.Client, path: str, key: str | None) -> tuple[float, int, dict[str, str]]:
    """A receipt (GET /healthz without a key): how long it took, its status and headers."""
    started = time.monotonic()
    if key is None:
        response = http.get(path)
    else:
        response = http.post(path, json={"quantity": 1}, headers={"Idempotency-Key": key})
    return time.monotonic() - started, response.status_code, dict(response.headers)


def succeeds(http: httpx.Client, path: str, key: str) -> None:
    """A receipt is accepted (sent with its key: a 503's outcome is unknown)."""
    response = http.post(path, json={"quantity": 1}, headers={"Idempotency-Key": key})
    assert response.status_code == 200


def test_a_database_outage_answers_503_quickly_and_recovers_without_a_restart(
    postgres_url: str, nats: EmbeddedNats, tmp_path: Path
) -> None:
    parts = urlsplit(postgres_url)
    proxy = TcpProxy((parts.hostname or "127.0.0.1", parts.port or 5432)).start()
    proxied = postgres_url.replace(parts.netloc, f"{parts.username}@127.0.0.1:{proxy.port}")
    stack = Stack(Processes(tmp_path / "logs", base_env(os.environ, proxied, nats.url)), nats)
    try:
        service, api = stack.serve()
        service.wait_ready(60)
        sku, location = refs.sku(), refs.location()
        receipts = f"/v1/stock/{location}/{sku}/receipts"
        assert api.http.post(receipts, json={"quantity": 1}).status_code == 200
        keys = [refs.key() for _ in range(20)]

        proxy.cut()
        cut_at = time.monotonic()
        with ThreadPoolExecutor(30) as pool:
            commands = [pool.submit(timed, api.http, receipts, key) for key in keys]
            health = [pool.submit(timed, api.http, "/healthz", None) for _ in range(10)]
            answers = [c.result() for c in commands]
            checks = [h.result() for h in health]
        for elapsed, status, headers in answers:
            assert (status, "retry-after" in headers) == (503, True), (status, headers)
            assert elapsed < ANSWER_WITHIN, f"a command waited {elapsed:.1f}s"
        for elapsed, status, _ in checks:
            assert status == 503 and elapsed < ANSWER_WITHIN, (status, elapsed)
        assert api.http.get("/healthz").json()["database_up"] is False

        time.sleep(max(0.0, CUT - (time.monotonic() - cut_at)))
        proxy.restore()
        back_at, first_key = time.monotonic(), refs.key()
        eventually(
            lambda: succeeds(api.http, receipts, first_key),
            timeout=ANSWER_WITHIN,
            interval=0.1,
            what="a command succeeds after the database came back",
        )
        print(f"\nfirst command after the cut: {time.monotonic() - back_at:.2f}s")
        for key in keys:  # their outcome was unknown to the client: resent with their keys
            resent = api.http.post(receipts, json={"quantity": 1}, headers={"Idempotency-Key": key})
            assert resent.status_code == 200
        level = api.http.get(f"/v1/stock/{location}/{sku}").json()
        assert level["on_hand"] == 1 + 1 + len(keys)  # nothing of the 503s was written

        def caught_up() -> None:
            assert api.health()["views"]["inventory"] >= level["position"]

        eventually(
            caught_up,
            timeout=ANSWER_WITHIN,
            what="the views catch up",
        )
    finally:
        stack.close()
        proxy.cut()

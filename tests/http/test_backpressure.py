"""A bounded command queue: a command that finds it full is answered 503 with Retry-After at
once, and nothing of it is written."""

from __future__ import annotations

from fastapi.testclient import TestClient

from application.movements import Receive
from interfaces.http.app import create_app
from interfaces.runtime.bootstrap import build
from interfaces.runtime.settings import Settings
from tests import refs
from tests.gate import held
from tests.tokens import ADMIN


def test_a_command_beyond_the_queue_bound_gets_503_and_writes_nothing(settings: Settings) -> None:
    settings.max_pending_commands = 1
    container = build(settings)
    sku, location = refs.sku(), refs.location()
    with TestClient(create_app(container), headers=ADMIN) as client:
        hold = held(container.executor)
        queued = container.executor.submit(Receive(sku, location, 1))  # the queue is full now
        response = client.post(f"/v1/stock/{location}/{sku}/receipts", json={"quantity": 5})
        hold.gate.set()
        assert queued.result(10).body["on_hand"] == 1

        assert response.status_code == 503
        assert response.headers["content-type"] == "application/problem+json"
        assert response.headers["retry-after"] == "1"
        assert response.json()["code"] == "command_queue_full"
        assert client.get(f"/v1/stock/{location}/{sku}").json()["on_hand"] == 1

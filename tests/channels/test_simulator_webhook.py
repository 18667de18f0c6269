"""The simulated webhook receiver: the signature covers the raw body and a recent timestamp."""

from __future__ import annotations

import time

import httpx

from interfaces.channels.webhook import HEADER, payload, signature
from tests.channels.conftest import Start, listings
from tests.channels.kinds import update


def test_only_a_fresh_signature_over_the_exact_body_is_accepted(simulator: Start) -> None:
    sim = simulator("webhook")
    change = update("webhook", 9)
    raw, now = payload([change]), int(time.time())

    def post(content: bytes, header: str) -> int:
        return httpx.post(f"{sim.url}/stock", content=content, headers={HEADER: header}).status_code

    assert post(raw, signature("whsec_test", now, raw)) == 200
    assert post(raw.replace(b":9", b":99"), signature("whsec_test", now, raw)) == 401
    assert post(raw, signature("whsec_test", now - 3600, raw)) == 401
    assert post(raw, "") == 401
    assert post(b"[]", signature("whsec_test", now, b"[]")) == 400
    assert listings(sim) == {change.sku: 9}
